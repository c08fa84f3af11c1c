import Experiments
import Learn
import TextFormat

/// The "Planning: metrics, objectives, baselines" section of LANGUAGE.md: `objective`
/// and `score` (`runs(sort: obj)` and `fit(early_stop_on: obj)` take the objective too).
enum PlanningBuiltins {
    static var all: [Builtin] { [objective, score] }

    static var objective: Builtin {
        Builtin(
            "objective",
            parameters: [
                .positional("metric"), .labelled("goal", shown: "auto"),
                .labelled("require", default: .record(Record()), shown: "[:]"),
            ],
            summary:
                "The single number that ranks runs: a metric, or a weighted average of metrics, with thresholds on others.",
            details: """
                metric: a name ("val_accuracy", "recall", "loss", "auc"...), or weights such as [precision: 0.5, recall: 0.5] \
                (their weighted average). A name without val_ reads the validation value when a run has validation data, \
                else the training value.
                goal: "max" or "min"; auto is min for losses and errors (loss, rmse, mae), max otherwise.
                require: thresholds on other metrics, [precision: 0.9]: a minimum where higher is better, a maximum for \
                losses and errors. A run that misses one ranks below every run that meets all.
                score(obj, run) gives a run's number; runs(sort: obj) ranks the store's runs by it; \
                fit(early_stop_on: obj, early_stop: k) stops on it and records it in the run's params.
                Fields: .metric, .weights, .goal, .require.
                """
        ) { call throws(RuntimeError) in
            let goalText: String?
            switch call.argument("goal") {
            case .nil: goalText = nil
            case .string(let text): goalText = text
            default: throw call.mismatch("goal", expected: "\"max\" or \"min\"")
            }
            let requirements = try call.metricNumbers("require")
            let weights: [(String, Double)]
            switch call.argument("metric") {
            case .string(let name): weights = [(name, 1)]
            case .record: weights = try call.metricNumbers("metric")
            default:
                throw call.mismatch(
                    "metric",
                    expected: "a metric name such as \"val_accuracy\", or weights such as [precision: 0.5, recall: 0.5]"
                )
            }
            do throws(ObjectiveError) {
                let goal = try Objective.goal(goalText)
                return .native(ObjectiveValue(try Objective(weights: weights, goal: goal, requirements: requirements)))
            } catch {
                throw call.objectiveProblem(PlanningBuiltins.argument(of: error, requirements: requirements), error)
            }
        }
    }

    /// The argument an objective's problem is about: the goal, a threshold or unknown
    /// name in `require`, else the metric.
    private static func argument(of error: ObjectiveError, requirements: [(String, Double)]) -> String {
        switch error {
        case .unknownGoal: "goal"
        case .thresholdOutOfRange: "require"
        case .unknownMetric(let name, _) where requirements.contains(where: { $0.0 == name }): "require"
        default: "metric"
        }
    }

    static var score: Builtin {
        Builtin(
            "score", parameters: [.positional("objective"), .positional("run")],
            summary: "A run's number by an objective (or a metric name), from its final metrics.",
            details: """
                score(objective("val_accuracy"), r) is r.metrics.val_accuracy; for weights, their weighted average. \
                A run that misses a requirement still has its score, with a warning naming what it misses; a run that \
                lacks a metric the objective reads is an error (fit with metrics: [...] records it).
                """
        ) { call throws(RuntimeError) in
            guard let objective = try call.objective("objective") else {
                throw call.mismatch(
                    "objective", expected: "an objective (objective(\"val_accuracy\")) or a metric name")
            }
            let run = try call.runArgument("run")
            let metrics = Dictionary(run.finalMetrics.map { ($0.name, $0.value) }) { first, _ in first }
            do throws(ObjectiveError) {
                try objective.check(classification: run.schema.task.isClassification)
            } catch {
                throw call.objectiveProblem("objective", error)
            }
            let standing = objective.standing(metrics)
            guard let value = standing.score else {
                let missing = objective.terms.map(\.metric).first { $0.value(in: metrics) == nil }!
                throw call.invalid(
                    "run",
                    "run \(run.id) has no \(Value.quote(missing.key(in: metrics))); it records "
                        + metrics.keys.sorted().joined(separator: ", ")
                        + " (fit with metrics: [\(Value.quote(missing.bareName))] records it)")
            }
            for requirement in standing.missed {
                let has =
                    requirement.metric.value(in: metrics).map { "it has " + NumberText.metric($0) }
                    ?? "it does not record it"
                call.host.write("score: run \(run.id) misses the requirement \(requirement) (\(has))\n", to: .stderr)
            }
            return .number(value)
        }
    }
}
