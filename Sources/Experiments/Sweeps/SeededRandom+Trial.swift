import Tensor

extension SeededRandom {
    /// The generator for one trial of a sweep seeded `seed`: its stream depends on both,
    /// so trial 7 samples the same whether it runs first, last or in another process.
    /// The sweep's seed is mixed through the generator before the trial number goes in,
    /// so (seed, number) pairs do not collide the way seed + number would.
    init(seed: UInt64, trial number: Int) {
        var root = SeededRandom(seed: seed)
        self.init(seed: root.next() ^ UInt64(bitPattern: Int64(number)))
    }
}
