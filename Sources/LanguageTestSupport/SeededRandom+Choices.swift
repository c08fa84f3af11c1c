import Tensor

/// The fuzzer's choices, drawn from the project's one seeded generator.
extension SeededRandom {
    /// True with probability `numerator / denominator`.
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        int(below: denominator) < numerator
    }

    /// A random element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T {
        items[int(below: items.count)]
    }
}
