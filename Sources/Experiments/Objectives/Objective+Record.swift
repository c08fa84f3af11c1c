import Store

/// How a run records the objective it was ranked or stopped by, in its params
/// (`early_stop_on`): `[metric: "val_auc", goal: "max", require: [:]]`, or `weights:`
/// in place of `metric:` for an average. Read back by `init?(record:)`.
extension Objective {
    public var record: ParamValue {
        let score: (String, ParamValue) =
            terms.count == 1 && terms[0].weight == 1
            ? ("metric", .string(terms[0].metric.description))
            : ("weights", .record(terms.map { ($0.metric.description, .number($0.weight)) }))
        return .record([
            score,
            ("goal", .string(goal.rawValue)),
            ("require", .record(requirements.map { ($0.metric.description, .number($0.threshold)) })),
        ])
    }

    /// The objective a params record holds; nil when it is not one.
    public init?(record: ParamValue) {
        func numbers(_ value: ParamValue?) -> [(String, Double)]? {
            guard case .record(let fields)? = value else { return nil }
            let pairs = fields.compactMap { name, value in if case .number(let n) = value { (name, n) } else { nil } }
            return pairs.count == fields.count ? pairs : nil
        }
        guard case .string(let goalText)? = record["goal"], let goal = Goal(rawValue: goalText),
            let requirements = numbers(record["require"] ?? .record([]))
        else { return nil }
        let weights: [(String, Double)]
        if case .string(let metric)? = record["metric"] {
            weights = [(metric, 1)]
        } else if let given = numbers(record["weights"]) {
            weights = given
        } else {
            return nil
        }
        guard let objective = try? Objective(weights: weights, goal: goal, requirements: requirements) else {
            return nil
        }
        self = objective
    }
}
