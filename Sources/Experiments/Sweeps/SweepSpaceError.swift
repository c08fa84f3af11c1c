/// Why a search space cannot be made or swept, naming the parameter.
public enum SweepSpaceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A distribution that cannot be sampled, and why.
    case invalid(parameter: String, SweepDistribution.Problem)
    /// A name given twice (among the distributions and the fixed values together).
    case duplicateParameter(String)
    /// A grid over a continuous distribution (uniform without a step, loguniform).
    case notGriddable(parameter: String)
    /// A grid with more points than `SearchSpace.maximumGridPoints`.
    case gridTooLarge(points: Double, maximum: Int)

    public var description: String {
        switch self {
        case .invalid(let parameter, let problem):
            "\(parameter): \(problem)"
        case .duplicateParameter(let name):
            "the parameter \(name) is given twice"
        case .notGriddable(let parameter):
            "\(parameter) is continuous, and a grid needs a finite set of values: give it a step, "
                + "or use integer or choice"
        case .gridTooLarge(let points, let maximum):
            "the grid has \(SweepValue.number(points.rounded())) points, more than the \(maximum) a grid sweep takes"
        }
    }
}
