import Experiments

/// Reading objectives from arguments, and saying which argument an `ObjectiveError` is about.
extension BuiltinCall {
    /// The objective the argument `name` gives: an `objective(...)` value, or a metric
    /// name (`"val_auc"`, an objective on that metric alone); nil when absent.
    func objective(_ name: String) throws(RuntimeError) -> Objective? {
        switch argument(name) {
        case .nil:
            return nil
        case .native(let native as ObjectiveValue):
            return native.objective
        case .string(let text):
            do throws(ObjectiveError) {
                return try Objective(metric: text)
            } catch {
                throw objectiveProblem(name, error)
            }
        default:
            throw mismatch(name, expected: "an objective (objective(\"val_accuracy\")) or a metric name")
        }
    }

    /// `fit: 'early_stop_on': "auc" measures class predictions, ...`: the problem at the argument.
    func objectiveProblem(_ name: String, _ error: ObjectiveError) -> RuntimeError {
        let text = error.description
        return invalid(name, text.hasPrefix("'\(name)'") ? text : "'\(name)': " + text)
    }

    /// A record of metric names to numbers (`[precision: 0.9]`), in order.
    func metricNumbers(_ name: String) throws(RuntimeError) -> [(String, Double)] {
        guard case .record(let record) = argument(name) else {
            throw mismatch(name, expected: "a record of metric names to numbers, such as [precision: 0.9]")
        }
        var pairs: [(String, Double)] = []
        for (field, value) in record.fields {
            guard case .number(let number) = value else {
                throw invalid(name, "'\(name)' must map metric names to numbers, got a \(value.typeName) for \(field)")
            }
            pairs.append((field, number))
        }
        return pairs
    }
}
