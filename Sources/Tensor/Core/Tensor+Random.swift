extension Tensor {
    /// A tensor of independent uniform samples in [low, high).
    public init(uniformShape shape: [Int], low: Float, high: Float, random: inout SeededRandom) {
        self.init(uninitializedShape: shape)
        let p = storage.base
        for i in 0..<count { p[i] = random.uniform(low, high) }
    }

    /// A tensor of independent uniform samples in [low, high) from a generator seeded
    /// with `seed`: the same seed gives the same tensor on any machine.
    public init(uniformShape shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) {
        var random = SeededRandom(seed: seed)
        self.init(uniformShape: shape, low: low, high: high, random: &random)
    }

    /// A tensor of independent normal samples.
    public init(normalShape shape: [Int], mean: Float = 0, standardDeviation: Float = 1, random: inout SeededRandom) {
        self.init(uninitializedShape: shape)
        let p = storage.base
        for i in 0..<count { p[i] = mean + standardDeviation * Float(random.normal()) }
    }
}
