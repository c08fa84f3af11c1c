import Learn
import TextFormat

/// The single number that ranks runs (LANGUAGE.md, "Planning"): one metric, or a
/// weighted average of several, maximised or minimised, with thresholds on other
/// metrics that a run must meet to rank above the runs that miss one. Checked whole
/// when made; `Objective+Ranking` scores runs and epochs by it.
public struct Objective: Sendable, Hashable, CustomStringConvertible {
    public enum Goal: String, Sendable, Hashable {
        case max, min
    }

    /// One metric and its weight in the average (1 for a single metric).
    public struct Term: Sendable, Hashable {
        public let metric: MetricName
        public let weight: Double
    }

    /// A threshold on a metric: a minimum where higher is better, a maximum for losses
    /// and errors.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        public let metric: MetricName
        public let threshold: Double

        /// Whether `value` meets it.
        public func isMet(by value: Double) -> Bool {
            metric.higherIsBetter ? value >= threshold : value <= threshold
        }

        /// `val_precision ≥ 0.9`.
        public var description: String {
            "\(metric) \(metric.higherIsBetter ? "≥" : "≤") \(NumberText.shortest(threshold))"
        }
    }

    public let terms: [Term]
    public let goal: Goal
    public let requirements: [Requirement]

    /// `goal` as the language spells it: "max", "min", or "auto" / nil for the metrics' own direction.
    public static func goal(_ text: String?) throws(ObjectiveError) -> Goal? {
        guard let text, text != "auto" else { return nil }
        guard let goal = Goal(rawValue: text) else { throw .unknownGoal(text) }
        return goal
    }

    /// An objective on one metric (`objective("val_accuracy")`).
    public init(metric: String, goal: Goal? = nil, requirements: [(String, Double)] = []) throws(ObjectiveError) {
        try self.init(weights: [(metric, 1)], goal: goal, requirements: requirements)
    }

    /// A weighted average of metrics (`objective([precision: 0.5, recall: 0.5])`); the
    /// goal, when not given, is the metrics' common direction.
    /// - Throws: an unknown metric name, a weight that is not positive, a threshold the
    ///   metric cannot reach, metrics that disagree on direction with no goal.
    public init(
        weights: [(String, Double)], goal: Goal? = nil,
        requirements: [(String, Double)] = []
    ) throws(ObjectiveError) {
        guard !weights.isEmpty else { throw .noMetrics }
        var terms: [Term] = []
        for (name, weight) in weights {
            let metric = try MetricName(name)
            guard weight.isFinite, weight > 0 else { throw .invalidWeight(metric: name, weight: weight) }
            terms.append(Term(metric: metric, weight: weight))
        }
        var checked: [Requirement] = []
        for (name, threshold) in requirements {
            let metric = try MetricName(name)
            guard !threshold.isNaN, metric.range.contains(threshold) else {
                throw .thresholdOutOfRange(metric: name, threshold: threshold, range: metric.range)
            }
            checked.append(Requirement(metric: metric, threshold: threshold))
        }
        if let goal {
            self.goal = goal
        } else {
            let higher = terms.filter(\.metric.higherIsBetter).map(\.metric.description)
            let lower = terms.filter { !$0.metric.higherIsBetter }.map(\.metric.description)
            guard higher.isEmpty || lower.isEmpty else { throw .mixedDirections(higher: higher, lower: lower) }
            self.goal = higher.isEmpty ? .min : .max
        }
        self.terms = terms
        self.requirements = checked
    }

    /// Every metric it reads (the loss is not one), terms first.
    public var metrics: [Metric] {
        var seen: [Metric] = []
        for name in terms.map(\.metric) + requirements.map(\.metric) {
            if let metric = name.metric, !seen.contains(metric) { seen.append(metric) }
        }
        return seen
    }

    /// Every name it reads, terms first.
    public var names: [MetricName] { terms.map(\.metric) + requirements.map(\.metric) }

    /// Checks that a task can have every metric it reads: no `auc` on regression.
    public func check(classification: Bool) throws(ObjectiveError) {
        for name in names {
            if let metric = name.metric, metric.isClassification != classification {
                throw .notForTask(metric: name.description, classification: classification)
            }
        }
    }

    /// `max val_accuracy`, `max 0.5 precision + 0.5 recall, require val_precision ≥ 0.9`.
    public var description: String {
        let score =
            terms.count == 1
            ? terms[0].metric.description
            : terms.map { "\(NumberText.shortest($0.weight)) \($0.metric)" }.joined(separator: " + ")
        let required =
            requirements.isEmpty ? "" : ", require " + requirements.map(\.description).joined(separator: ", ")
        return "\(goal.rawValue) \(score)\(required)"
    }
}
