import Tensor

/// Takes the grid's points one by one, in an order shuffled by the seed, skipping every
/// point some trial already has (running and failed trials included, so processes
/// sharing a sweep do not run a point twice); nil once every point is taken.
public struct GridSampler: SweepSampler {
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    public func sample(
        space: SearchSpace, trials: [SweepTrial], direction: SweepDirection,
        number: Int
    ) throws(SweepSpaceError) -> [String: SweepValue]? {
        let shape = try space.gridShape()
        let taken = Set(
            trials.lazy.filter { $0.number != number }.compactMap { space.gridIndex(of: $0.params, shape: shape) })
        // The same shuffled order for every trial: what differs is only which points are taken.
        var random = SeededRandom(seed: seed)
        let order = random.permutation(shape.reduce(1, *))
        guard let next = order.first(where: { !taken.contains($0) }) else { return nil }
        return space.gridPoint(at: next, shape: shape)
    }

    /// How many points the grid of `space` has; throws as `sample` does.
    public static func pointCount(of space: SearchSpace) throws(SweepSpaceError) -> Int {
        try space.gridShape().reduce(1, *)
    }
}
