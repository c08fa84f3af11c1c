import Learn
import Tensor
import TextFormat

/// Argument access and wording shared by the model and training builtins: each
/// throws the contract's error at the argument, e.g.
/// `fit: 'epochs' must be a positive integer, got -3`.
extension BuiltinCall {
    /// A whole number from 1 up.
    func positiveInteger(_ name: String) throws(RuntimeError) -> Int {
        let value = argument(name)
        guard case .number(let number) = value, number == number.rounded(), number >= 1, number < 1e12 else {
            let shown = if case .number(let number) = value { NumberText.shortest(number) } else { value.typeName }
            throw invalid(name, "'\(name)' must be a positive integer, got \(shown)")
        }
        return Int(number)
    }

    /// An activation by name, or nil: `dense: unknown activation "rleu" (did you mean "relu"?)`.
    func activation(_ name: String) throws(RuntimeError) -> Activation? {
        switch argument(name) {
        case .nil:
            return nil
        case .string(let text):
            if let activation = Activation(rawValue: text) { return activation }
            throw invalid(name, BuiltinCall.unknown("activation", text, among: Activation.allCases.map(\.rawValue)))
        default:
            throw mismatch(name, expected: "an activation name such as \"relu\", or nil")
        }
    }

    /// A convolution's padding: `"same"` or `"valid"`.
    func padding(_ name: String) throws(RuntimeError) -> Padding {
        let text = try string(name)
        guard let padding = Padding(rawValue: text) else {
            throw invalid(name, "'\(name)' must be \"same\" or \"valid\", got \(Value.quote(text))")
        }
        return padding
    }

    /// The model passed as `name`.
    func model(_ name: String) throws(RuntimeError) -> ModelValue {
        guard case .native(let native) = argument(name), let model = native as? ModelValue else {
            throw mismatch(name, expected: "a model (from sequential)")
        }
        return model
    }

    /// A model or a run (`evaluate(run, test)`): the weights to use, with what they
    /// were trained on, or the reason they cannot be used.
    func trainedModel(_ name: String) throws(RuntimeError) -> (model: Sequential, schema: TrainingSchema, loss: Loss) {
        guard case .native(let native) = argument(name) else {
            throw mismatch(name, expected: "a model or a run")
        }
        if let run = native as? RunValue {
            // A stored run whose weights could not be read (or that saved none) has none.
            guard run.model.isBuilt else {
                throw invalid(name, "run \(run.id) has no usable trained weights; restore(run) says why")
            }
            return (run.model, run.schema, run.loss)
        }
        guard let model = native as? ModelValue else { throw mismatch(name, expected: "a model or a run") }
        guard let schema = model.schema, let loss = model.loss, model.model.isBuilt else {
            throw invalid(name, "the model has not been trained yet; call fit(model, data) first")
        }
        return (model.model, schema, loss)
    }

    /// `optimizer: adam()` (the default when absent), an optimizer value, or a name.
    func optimizer(_ name: String) throws(RuntimeError) -> OptimizerSpec {
        switch argument(name) {
        case .nil:
            return .adam()
        case .native(let native):
            if let optimizer = native as? OptimizerValue { return optimizer.spec }
        case .string(let text):
            switch text {
            case "sgd": return .sgd()
            case "adam": return .adam()
            case "adamw": return .adamW()
            default: throw invalid(name, BuiltinCall.unknown("optimizer", text, among: ["sgd", "adam", "adamw"]))
            }
        default:
            break
        }
        throw mismatch(name, expected: "an optimizer such as adam(lr: 0.01)")
    }

    /// `loss: auto` (nil) or a loss by name.
    func loss(_ name: String) throws(RuntimeError) -> Loss? {
        switch argument(name) {
        case .nil:
            return nil
        case .string("auto"):
            return nil
        case .string(let text):
            if let loss = Loss(rawValue: text) { return loss }
            throw invalid(name, BuiltinCall.unknown("loss", text, among: Loss.allCases.map(\.rawValue)))
        default:
            throw mismatch(name, expected: "a loss name (\"cross_entropy\", \"bce\", \"mse\", \"mae\")")
        }
    }

    /// `metrics: auto` (nil), one metric name, or a list of names.
    func metrics(_ name: String) throws(RuntimeError) -> [Metric]? {
        let items: [Value]
        switch argument(name) {
        case .nil, .string("auto"): return nil
        case .string(let single): items = [.string(single)]
        case .list(let list): items = list
        default: throw mismatch(name, expected: "a list of metric names such as [\"accuracy\"]")
        }
        var metrics: [Metric] = []
        for item in items {
            guard case .string(let text) = item else {
                throw invalid(name, "'\(name)' must be a list of metric names (strings), got a \(item.typeName) in it")
            }
            guard let metric = Metric(rawValue: text) else {
                throw invalid(name, BuiltinCall.unknown("metric", text, among: Metric.allCases.map(\.rawValue)))
            }
            if !metrics.contains(metric) { metrics.append(metric) }
        }
        return metrics
    }

    /// A string or nil.
    func optionalString(_ name: String) throws(RuntimeError) -> String? {
        switch argument(name) {
        case .nil: return nil
        case .string(let text): return text
        default: throw mismatch(name, expected: "a string or nil")
        }
    }

    /// A list of strings (one string counts as a list of one).
    func strings(_ name: String) throws(RuntimeError) -> [String] {
        if case .string(let single) = argument(name) { return [single] }
        var result: [String] = []
        for item in try list(name) {
            guard case .string(let text) = item else {
                throw invalid(name, "'\(name)' must be a list of strings, got a \(item.typeName) in it")
            }
            result.append(text)
        }
        return result
    }

    /// `unknown loss "mce" (did you mean "mse"?); expected one of "cross_entropy", ...`.
    static func unknown(_ what: String, _ text: String, among names: [String]) -> String {
        var message = "unknown \(what) \(Value.quote(text))"
        if let suggestion = Suggestion.closest(to: text, among: names) {
            message += " (did you mean \(Value.quote(suggestion))?)"
        } else {
            message += "; expected one of " + names.map(Value.quote).joined(separator: ", ")
        }
        return message
    }
}
