import Data
import Learn
import Tensor

/// The "Training and evaluation" section of LANGUAGE.md: `fit`, `evaluate`, `predict`.
enum TrainBuiltins {
    static var all: [Builtin] { [fit, evaluate, predict] }

    static var fit: Builtin {
        Builtin(
            "fit",
            parameters: [
                .positional("model"), .positional("train"), .labelled("val", default: .nil),
                .labelled("epochs", default: .number(10)), .labelled("batch", default: .number(32)),
                .labelled("optimizer", shown: "adam()"), .labelled("loss", shown: "auto"),
                .labelled("metrics", shown: "auto"), .labelled("seed", default: .number(0)),
                .labelled("shuffle", default: .bool(true)), .labelled("early_stop", default: .nil),
                .labelled("early_stop_on", shown: "\"val_loss\""),
                .labelled("name", default: .nil), .labelled("tags", default: .list([])),
            ],
            summary: "Trains the model in place on a dataset and returns the run.",
            details: """
                loss: "cross_entropy" for classification and "mse" for regression by default; also "bce", "mae".
                metrics: ["accuracy"] / ["rmse"] by default; also "f1", "precision", "recall", "mae", "auc", "top_k" (k 5),
                "r2". Each is computed over the whole split, for the training and the validation data, every epoch.
                early_stop: k stops after k epochs without improvement of the validation loss and keeps the best weights.
                early_stop_on: the metric ("val_auc") or objective (objective(...)) that early_stop watches instead; a name
                without val_ reads the validation value. Its metrics are added to metrics, and the run's params record it.
                The cell shows a progress line and learning curves while it trains; interrupting stops at the next
                batch and keeps the run, marked interrupted. The same seed and data give bit-identical results.
                The run records params, data versions, per-epoch history, final metrics and weights in the store.
                """
        ) { call throws(RuntimeError) in
            .native(try TrainFit(call).run())
        }
    }

    static var evaluate: Builtin {
        Builtin(
            "evaluate", parameters: [.positional("model_or_run"), .positional("ds"), .labelled("k", shown: "5")],
            summary: "The loss and metrics of a trained model (or a run's weights) on a dataset.",
            details: """
                Classification: loss, accuracy, precision, recall, f1 (macro averages), auc (ROC AUC from the class
                probabilities; one-vs-rest, macro-averaged, for more than two classes), top_k (the true class among the
                k most probable; shown when there are more than k classes, or k is given) and the confusion matrix
                (m.confusion, rows actual, columns predicted). Regression: loss, rmse, mae, r2. Each is computed over the
                whole dataset and agrees with scikit-learn.
                Data as loaded goes through the fills and scaling the training data went through; columns, categories
                and classes match by name (a holdout with only some classes works). Data prepared otherwise, or
                sharing rows with the training data, gets a warning.
                """
        ) { call throws(RuntimeError) in
            let trained = try call.trainedModel("model_or_run")
            let data = try call.evaluationData("ds", for: trained)
            let k = call.argument("k").isNil ? Metric.defaultTopK : try call.positiveInteger("k")
            let metrics = try TrainBuiltins.evaluationMetrics(call, task: trained.schema.task, k: k)
            do throws(TrainingError) {
                let result = try Evaluation.evaluate(
                    trained.model, on: data.samples, loss: trained.loss, metrics: metrics,
                    topK: k)
                let values = [("loss", result.loss)] + result.metrics.map { ($0.metric.rawValue, $0.value) }
                let classes: [String]
                if case .classification(_, let names) = data.schema.task { classes = names } else { classes = [] }
                return .native(
                    MetricsValue(values: values, confusion: result.confusion, classes: classes, count: result.count))
            } catch {
                throw call.invalid("ds", error.description)
            }
        }
    }

    static var predict: Builtin {
        Builtin(
            "predict",
            parameters: [
                .positional("model_or_run"), .positional("ds"),
                .labelled("probabilities", default: .bool(false)),
            ],
            summary: "The model's predictions for each row: class names for classification, numbers for regression.",
            details: """
                probabilities: true gives, for classification, each row's class probabilities (a list per row, in the
                order of the model's classes): the scores auc and top_k rank, e.g. to check them elsewhere.
                The dataset needs the columns the model was trained on (by name, in any order; others are ignored); its
                target, if any, is not used. Data as loaded goes through the training data's fills and scaling; a
                category never seen in training encodes as none of the known ones, with a warning.
                """
        ) { call throws(RuntimeError) in
            let trained = try call.trainedModel("model_or_run")
            let dataset = try call.prepared(
                try call.dataset("ds").dataset, argument: "ds", for: trained.schema.preprocessing)
            let features: (tensor: Tensor, names: [String], sampleShape: [Int])
            do throws(TrainingData.Problem) {
                features = try TrainingData.features(of: dataset)
            } catch {
                throw call.invalid("ds", error.message)
            }
            call.warnSharedRows(features.tensor, argument: "ds", dataset: dataset, rows: trained.schema.rows)
            if let reason = trained.schema.featureMismatch(features.names, sampleShape: features.sampleShape) {
                throw call.invalid("ds", reason)
            }
            let probabilities = try call.bool("probabilities")
            if probabilities, !trained.schema.task.isClassification {
                throw call.invalid(
                    "probabilities",
                    "'probabilities' is for classification, and the model predicts numbers "
                        + "(regression)")
            }
            do throws(ModelError) {
                switch trained.schema.task {
                case .classification(_, let classes) where probabilities:
                    return .list(
                        TrainBuiltins.probabilityRows(
                            try trained.model.predict(features.tensor, loss: trained.loss),
                            classes: classes.count))
                case .classification(_, let classes):
                    let predicted = try trained.model.predictClasses(features.tensor, loss: trained.loss)
                    return .list(predicted.map { .string(classes.indices.contains($0) ? classes[$0] : String($0)) })
                case .regression:
                    let outputs = try trained.model.predict(features.tensor, loss: trained.loss)
                    let rows = outputs.shape.first ?? 0
                    let width = rows == 0 ? 1 : outputs.count / rows
                    let values = outputs.scalars.map { Value.number(Double($0)) }
                    if width == 1 { return .list(values) }
                    return .list((0..<rows).map { .list(Array(values[($0 * width)..<(($0 + 1) * width)])) })
                }
            } catch {
                throw call.invalid("ds", error.description)
            }
        }
    }

    /// The metrics `evaluate` reports for a task. top_k only where it means something:
    /// with more classes than k, or k given (then, as scikit-learn, k at or above the
    /// number of classes scores 1, with a warning).
    static func evaluationMetrics(_ call: BuiltinCall, task: TrainingSchema.Task, k: Int) throws(RuntimeError)
        -> [Metric]
    {
        guard case .classification(_, let classes) = task else { return [.rmse, .mae, .r2] }
        let given = !call.argument("k").isNil
        if given, k >= classes.count {
            call.host.write(
                "evaluate: k: \(k) is at least the number of classes (\(classes.count)), so top_k is 1 "
                    + "whatever the model predicts\n", to: .stderr)
        }
        return [.accuracy, .precision, .recall, .f1, .mcc, .auc] + (given || classes.count > k ? [.topK] : [])
    }

    /// One list of class probabilities per row; a single output (bce's probability of
    /// class 1) reads as [1 - p, p].
    static func probabilityRows(_ outputs: Tensor, classes: Int) -> [Value] {
        let rows = outputs.shape.first ?? 0
        let width = rows == 0 ? 1 : outputs.count / rows
        let values = outputs.scalars.map(Double.init)
        return (0..<rows).map { row in
            let scores = Array(values[(row * width)..<((row + 1) * width)])
            return .list((width == 1 && classes == 2 ? [1 - scores[0], scores[0]] : scores).map(Value.number))
        }
    }
}
