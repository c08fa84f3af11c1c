/// One parameter's axis in a parallel-coordinates chart: a number per line (a learning
/// rate, a layer width), or a category per line (an optimizer's name).
public struct ParallelAxis: Sendable, Equatable {
    /// Drawn under the axis.
    public var name: String
    public var values: Values

    public enum Values: Sendable, Equatable {
        /// One number per line; NaN (or, on a log scale, a value that is not positive)
        /// is missing, and the line breaks at this axis.
        case numbers([Double], scale: AxisScale)
        /// One code per line into `names`, which are spread evenly up the axis in order;
        /// a code outside `names` (e.g. -1) is missing.
        case categories(codes: [Int], names: [String])
    }

    /// A numeric axis; `scale: .log` for parameters searched on a log scale (learning rates).
    public init(name: String, numbers: [Double], scale: AxisScale = .linear) {
        self.name = name
        self.values = .numbers(numbers, scale: scale)
    }

    /// A categorical axis: `codes` index into `categories`.
    public init(name: String, codes: [Int], categories: [String]) {
        self.name = name
        self.values = .categories(codes: codes, names: categories)
    }
}
