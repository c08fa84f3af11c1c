import Experiments
import Learn

/// The errors `diagnose` analyses, read from its arguments: from a run (its recorded
/// train and val metrics, `test:` and `train_val:` as datasets evaluated with the run's
/// model or as numbers) or from `errors:` given directly. An error is 1 - accuracy for
/// classification and the loss otherwise.
struct DiagnosisErrors {
    let errors: BiasVarianceDiagnosis.Errors
    /// Whether the errors are rates (classification, or `errors:`), which lie in [0, 1].
    let rates: Bool
    /// The argument each error came from, for pointing at a bad one.
    let argument: [BiasVarianceDiagnosis.Problem.Name: String]

    init(_ call: BuiltinCall) throws(RuntimeError) {
        if call.has("errors"), !call.argument("errors").isNil {
            guard !call.has("run") else {
                throw call.invalid("errors", "give a run or errors:, not both")
            }
            for label in ["test", "train_val"] where !call.argument(label).isNil {
                throw call.invalid(
                    label,
                    "with errors:, give the \(label) error inside it: errors: [train: ..., val: ..., \(label): ...]")
            }
            let given = try DiagnosisErrors.given(call)
            errors = BiasVarianceDiagnosis.Errors(
                goal: try DiagnosisErrors.goal(call, classification: nil),
                train: given.train, trainVal: given.trainVal, val: given.val,
                test: given.test)
            rates = true
            argument = [.goal: "goal", .train: "errors", .val: "errors", .test: "errors", .trainVal: "errors"]
            return
        }
        guard call.has("run") else {
            throw call.failure(
                "give a run, e.g. diagnose(run, test: test), or the errors measured elsewhere: "
                    + "diagnose(errors: [train: 0.2, val: 0.27], goal: 0.01)")
        }
        guard case .native(let native) = call.argument("run"), let run = native as? RunValue else {
            throw call.mismatch("run", expected: "a run (from fit)")
        }
        let classification = run.schema.task.isClassification
        let metrics = Dictionary(run.finalMetrics.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let what = classification ? "accuracy" : "loss"
        guard let train = DiagnosisErrors.error(metrics, prefix: "", classification: classification) else {
            throw call.invalid(
                "run",
                "run \(run.id) has no recorded \(what) to take the training error from; "
                    + "fit it with metrics: [\"accuracy\"]")
        }
        guard let val = DiagnosisErrors.error(metrics, prefix: "val_", classification: classification) else {
            let reason = metrics["val_loss"] == nil ? "has no validation history" : "recorded no val_accuracy"
            throw call.invalid(
                "run",
                "run \(run.id) \(reason); fit it with val: (and the default metrics) "
                    + "to diagnose it, or give the errors: diagnose(errors: [train: ..., val: ...])")
        }
        errors = BiasVarianceDiagnosis.Errors(
            goal: try DiagnosisErrors.goal(call, classification: classification), train: train,
            trainVal: try DiagnosisErrors.measured(call, "train_val", classification: classification), val: val,
            test: try DiagnosisErrors.measured(call, "test", classification: classification))
        rates = classification
        argument = [.goal: "goal", .train: "run", .val: "run", .test: "test", .trainVal: "train_val"]
    }

    /// 1 - accuracy for classification, the loss otherwise, from metrics named with
    /// `prefix` (`val_` for the validation split); nil when the run did not record it.
    static func error(_ metrics: [String: Double], prefix: String, classification: Bool) -> Double? {
        if classification { return metrics[prefix + "accuracy"].map { 1 - $0 } }
        return metrics[prefix + "loss"]
    }

    /// `errors: [train: 0.2, val: 0.27, test: 0.28, train_val: 0.21]`.
    private static func given(_ call: BuiltinCall) throws(RuntimeError)
        -> (train: Double, val: Double, test: Double?, trainVal: Double?)
    {
        guard case .record(let record) = call.argument("errors") else {
            throw call.mismatch("errors", expected: "a record such as [train: 0.2, val: 0.27, test: 0.28]")
        }
        let known = ["train", "val", "test", "train_val"]
        var values: [String: Double] = [:]
        for (name, field) in record.fields {
            guard known.contains(name) else {
                throw call.invalid("errors", BuiltinCall.unknown("error", name, among: known))
            }
            guard case .number(let number) = field else {
                throw call.invalid("errors", "errors: '\(name)' must be a number, got \(field.typePhrase)")
            }
            values[name] = number
        }
        for required in ["train", "val"] where values[required] == nil {
            throw call.invalid(
                "errors",
                "errors: needs '\(required)' (the \(required == "val" ? "validation" : "training") "
                    + "error rate), e.g. errors: [train: 0.2, val: 0.27]")
        }
        return (values["train"]!, values["val"]!, values["test"], values["train_val"])
    }

    /// `goal:` as a number, or a run whose metrics give its error (a baseline such as the
    /// human level): its validation metric when it has one, else its training one.
    private static func goal(_ call: BuiltinCall, classification: Bool?) throws(RuntimeError) -> Double {
        switch call.argument("goal") {
        case .number(let number):
            return number
        case .native(let native):
            guard let run = native as? RunValue else { break }
            let metrics = Dictionary(
                run.finalMetrics.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            // Without a diagnosed run to say the task (errors:), a goal with an accuracy
            // is a classifier's.
            let rates = classification ?? (metrics["val_accuracy"] ?? metrics["accuracy"] != nil)
            if let error = error(metrics, prefix: "val_", classification: rates)
                ?? error(metrics, prefix: "", classification: rates)
            {
                return error
            }
            throw call.invalid(
                "goal", "run \(run.id) has no \(rates ? "accuracy" : "loss") to take the goal error from")
        default:
            break
        }
        throw call.mismatch("goal", expected: "a number (the best achievable error, e.g. the human level) or a run")
    }

    /// `test:` or `train_val:`: nil, a number, or a dataset evaluated with the run's model.
    private static func measured(_ call: BuiltinCall, _ name: String, classification: Bool)
        throws(RuntimeError) -> Double?
    {
        switch call.argument(name) {
        case .nil:
            return nil
        case .number(let number):
            return number
        case .native(let native) where native is DatasetValue:
            let trained = try call.trainedModel("run")
            let data = try call.evaluationData(name, for: trained)
            do throws(TrainingError) {
                let result = try Evaluation.evaluate(
                    trained.model, on: data.samples, loss: trained.loss,
                    metrics: classification ? [.accuracy] : [])
                return classification ? 1 - (result.metrics.first?.value ?? .nan) : result.loss
            } catch {
                throw call.invalid(name, error.description)
            }
        default:
            throw call.mismatch(name, expected: "a dataset (evaluated with the run's model) or an error rate")
        }
    }
}
