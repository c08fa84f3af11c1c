import Foundation

/// What a named sweep searches and how, as the store records it (`sweeps` table,
/// Docs/StoreFormat.md). The store keeps the space, objective and method as the
/// experiments layer gives them and compares them when a sweep is opened again; it
/// does not interpret them, apart from `goal`, which says which trial value is best.
public struct SweepDefinition: Sendable, Hashable {
    /// Unique in the store; `sweep(name:)` finds the sweep by it.
    public var name: String
    /// The search space, as a JSON record (distributions and fixed values).
    public var space: ParamValue
    /// How trials are sampled (`tpe`, `random`, `grid`).
    public var method: String
    public var seed: Int
    /// The objective trials are scored by, as a JSON record; nil when the closure's
    /// number or the run's validation loss is the value.
    public var objective: ParamValue?
    /// Whether lower or higher trial values are better.
    public var goal: SweepGoal
    /// The pruner (`median`, `hyperband`), nil for none.
    public var pruner: String?
    /// How many trials the sweep runs in all (the target; failed trials whose code
    /// failed count, trials whose process vanished do not).
    public var trials: Int
    /// When the sweep was first opened; set by the store.
    public var created: Date

    public init(
        name: String, space: ParamValue, method: String, seed: Int, objective: ParamValue?,
        goal: SweepGoal, pruner: String?, trials: Int, created: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.name = name
        self.space = space
        self.method = method
        self.seed = seed
        self.objective = objective
        self.goal = goal
        self.pruner = pruner
        self.trials = trials
        self.created = created
    }

    /// The first field in which `other` describes a different search than this one
    /// (the trial target and creation time aside), for `.sweepMismatch`; nil when it
    /// describes the same.
    package func difference(from other: SweepDefinition) -> (field: String, stored: String, given: String)? {
        func text(_ value: ParamValue?) -> String { value?.json ?? "null" }
        if space != other.space { return ("space", space.json, other.space.json) }
        if method != other.method { return ("method", method, other.method) }
        if objective != other.objective { return ("objective", text(objective), text(other.objective)) }
        if goal != other.goal { return ("goal", goal.rawValue, other.goal.rawValue) }
        if pruner != other.pruner { return ("pruner", pruner ?? "null", other.pruner ?? "null") }
        if seed != other.seed { return ("seed", String(seed), String(other.seed)) }
        return nil
    }
}

/// Which trial values a sweep prefers: `min` (losses, the default) or `max`; spelled
/// as `Objective.Goal` spells it.
public enum SweepGoal: String, Sendable, Hashable, CaseIterable {
    case min, max

    /// Whether `value` is better than `other`.
    public func prefers(_ value: Double, over other: Double) -> Bool {
        self == .min ? value < other : value > other
    }
}
