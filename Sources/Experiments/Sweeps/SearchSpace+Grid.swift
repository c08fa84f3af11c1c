/// The space as a grid: every combination of the distributions' values, numbered in
/// odometer order (the first parameter changes slowest, as `itertools.product`).
extension SearchSpace {
    /// Each distribution's number of values, in the space's order; throws for a
    /// continuous distribution or a grid larger than `maximumGridPoints`.
    public func gridShape() throws(SweepSpaceError) -> [Int] {
        var shape: [Int] = []
        var points = 1.0  // in Double, so a huge product reports itself instead of overflowing
        for (name, distribution) in distributions {
            guard let count = distribution.valueCount else { throw .notGriddable(parameter: name) }
            shape.append(count)
            points *= Double(count)
        }
        if points > Double(Self.maximumGridPoints) {
            throw .gridTooLarge(points: points, maximum: Self.maximumGridPoints)
        }
        return shape
    }

    /// Every point of the grid exactly once, fixed values included, in odometer order.
    public func gridPoints() throws(SweepSpaceError) -> [[String: SweepValue]] {
        let shape = try gridShape()
        return (0..<shape.reduce(1, *)).map { gridPoint(at: $0, shape: shape) }
    }

    /// The point numbered `index` (0 <= index < the product of `shape`).
    func gridPoint(at index: Int, shape: [Int]) -> [String: SweepValue] {
        var rest = index
        var params: [String: SweepValue] = [:]
        for (position, (name, distribution)) in distributions.enumerated().reversed() {
            params[name] = distribution.value(at: rest % shape[position])
            rest /= shape[position]
        }
        return completed(params)
    }

    /// The grid number of `params`, nil when a value is missing or off the grid.
    func gridIndex(of params: [String: SweepValue], shape: [Int]) -> Int? {
        var index = 0
        for (position, (name, distribution)) in distributions.enumerated() {
            guard let value = params[name], let k = distribution.index(of: value) else { return nil }
            index = index * shape[position] + k
        }
        return index
    }
}
