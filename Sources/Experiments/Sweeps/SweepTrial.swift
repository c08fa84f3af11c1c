/// One trial of a sweep as the samplers and pruners see it: its number, the values it
/// was given, its state, its final value and the values it reported along the way.
public struct SweepTrial: Sendable, Equatable, Codable {
    /// Numbered from 0 in the order trials were started.
    public var number: Int
    /// Every parameter's value, fixed values included (`SearchSpace.ordered` puts them
    /// in the space's order).
    public var params: [String: SweepValue]
    /// The objective's value; set when finished (and for a pruned trial, its last reported value).
    public var value: Double?
    public var state: TrialState
    /// Values reported while it ran (the objective after each epoch), by step.
    public var intermediate: [Int: Double]

    public init(
        number: Int, params: [String: SweepValue], value: Double? = nil, state: TrialState = .running,
        intermediate: [Int: Double] = [:]
    ) {
        self.number = number
        self.params = params
        self.value = value
        self.state = state
        self.intermediate = intermediate
    }

    /// The last step it reported a value at; nil before its first report.
    public var lastStep: Int? { intermediate.keys.max() }
}
