import Learn
import TextFormat

/// Why an objective cannot be made or used, naming the metric, the constraint and the
/// value; the language says which argument each is about.
public enum ObjectiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A name that is neither the loss nor a metric (with the closest one, if any).
    case unknownMetric(String, suggestion: String?)
    /// A goal other than "max", "min" or "auto".
    case unknownGoal(String)
    /// No metric to optimise (an empty record of weights).
    case noMetrics
    /// A weight that is not a positive finite number.
    case invalidWeight(metric: String, weight: Double)
    /// A threshold outside the values the metric can take.
    case thresholdOutOfRange(metric: String, threshold: Double, range: ClosedRange<Double>)
    /// Weighted metrics that disagree on direction, with no goal to settle it.
    case mixedDirections(higher: [String], lower: [String])
    /// A metric the task cannot have: `auc` on regression, `r2` on classes.
    case notForTask(metric: String, classification: Bool)
    /// A `val_` metric where there is no validation data.
    case needsValidation(metric: String)
    /// Nothing to rank by: no run records the objective's metric.
    case notRecorded(metric: String)

    public var description: String {
        switch self {
        case .unknownMetric(let name, let suggestion):
            if let suggestion { return "unknown metric \"\(name)\" (did you mean \"\(suggestion)\"?)" }
            return "unknown metric \"\(name)\"; expected one of "
                + (["loss"] + Metric.allCases.map(\.rawValue)).map { "\"\($0)\"" }.joined(separator: ", ")
                + ", each also with val_"
        case .unknownGoal(let text):
            return "'goal' must be \"max\" or \"min\" (or \"auto\"), got \"\(text)\""
        case .noMetrics:
            return
                "an objective needs a metric: a name such as \"val_accuracy\", or weights such as [precision: 0.5, recall: 0.5]"
        case .invalidWeight(let metric, let weight):
            return "the weight of \(metric) must be a positive number, got \(NumberText.shortest(weight))"
        case .thresholdOutOfRange(let metric, let threshold, let range):
            return
                "the threshold on \(metric) must be \(ObjectiveError.text(range)), got \(NumberText.shortest(threshold))"
        case .mixedDirections(let higher, let lower):
            return "the metrics disagree on direction (\(higher.joined(separator: ", ")) higher is better, "
                + "\(lower.joined(separator: ", ")) lower is better); give goal: \"max\" or \"min\""
        case .notForTask(let metric, let classification):
            return classification
                ? "\"\(metric)\" measures numeric predictions (regression), and the data has classes"
                : "\"\(metric)\" measures class predictions, and the data has numeric targets (regression)"
        case .needsValidation(let metric):
            return "\"\(metric)\" is measured on validation data; give val: a dataset"
        case .notRecorded(let metric):
            return
                "no run records \"\(metric)\"; fit with metrics: [\"\(metric.hasPrefix("val_") ? String(metric.dropFirst(4)) : metric)\"] records it"
        }
    }

    /// `between 0 and 1`, `at least 0`, `at most 1`.
    static func text(_ range: ClosedRange<Double>) -> String {
        switch (range.lowerBound.isFinite, range.upperBound.isFinite) {
        case (true, true):
            "between \(NumberText.shortest(range.lowerBound)) and \(NumberText.shortest(range.upperBound))"
        case (true, false): "at least \(NumberText.shortest(range.lowerBound))"
        case (false, true): "at most \(NumberText.shortest(range.upperBound))"
        case (false, false): "a number"
        }
    }
}
