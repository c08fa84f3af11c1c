import Experiments
import Render
import TextFormat

/// What `objective(...)` returns (`type(o)` is `"objective"`): the number that ranks
/// runs, for `score`, `runs(sort:)` and `fit(early_stop_on:)`. Fields `.metric` (the
/// metric's name, nil for an average), `.weights`, `.goal`, `.require`.
public final class ObjectiveValue: NativeValue {
    let objective: Objective

    init(_ objective: Objective) {
        self.objective = objective
    }

    public var typeName: String { "objective" }

    public var memberNames: [String] { ["metric", "weights", "goal", "require"] }

    public func member(named name: String) -> Value? {
        switch name {
        case "metric":
            return objective.terms.count == 1 ? .string(objective.terms[0].metric.description) : .nil
        case "weights":
            return .record(Record(objective.terms.map { ($0.metric.description, .number($0.weight)) }))
        case "goal":
            return .string(objective.goal.rawValue)
        case "require":
            return .record(Record(objective.requirements.map { ($0.metric.description, .number($0.threshold)) }))
        default:
            return nil
        }
    }

    /// `objective: max val_recall, require val_precision ≥ 0.9`.
    public var summary: String { "objective: \(objective)" }

    public func display() -> MimeBundle {
        MimeBundle(plain: summary, extra: ["text/html": "<p>" + Table.escapeHTML(summary) + "</p>"])
    }
}
