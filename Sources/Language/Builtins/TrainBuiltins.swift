import Data
import Learn
import Tensor

/// The "Training and evaluation" section of LANGUAGE.md: `fit`, `evaluate`, `predict`.
enum TrainBuiltins {
    static var all: [Builtin] { [fit, evaluate, predict] }

    static var fit: Builtin { Builtin(
        "fit",
        parameters: [.positional("model"), .positional("train"), .labelled("val", default: .nil),
                     .labelled("epochs", default: .number(10)), .labelled("batch", default: .number(32)),
                     .labelled("optimizer", shown: "adam()"), .labelled("loss", shown: "auto"),
                     .labelled("metrics", shown: "auto"), .labelled("seed", default: .number(0)),
                     .labelled("shuffle", default: .bool(true)), .labelled("early_stop", default: .nil),
                     .labelled("name", default: .nil), .labelled("tags", default: .list([]))],
        summary: "Trains the model in place on a dataset and returns the run.",
        details: """
        loss: "cross_entropy" for classification and "mse" for regression by default; also "bce", "mae".
        metrics: ["accuracy"] / ["rmse"] by default; also "f1", "precision", "recall", "mae".
        early_stop: k stops after k epochs without improvement of the validation loss and keeps the best weights.
        The cell shows a progress line and learning curves while it trains; interrupting stops at the next
        batch and keeps the run, marked interrupted. The same seed and data give bit-identical results.
        The run records params, data versions, per-epoch history, final metrics and weights in the store.
        """
    ) { call throws(RuntimeError) in
        .native(try TrainFit(call).run())
    } }

    static var evaluate: Builtin { Builtin(
        "evaluate", parameters: [.positional("model_or_run"), .positional("ds")],
        summary: "The loss and metrics of a trained model (or a run's weights) on a dataset.",
        details: """
        Classification: loss, accuracy, precision, recall, f1 (macro averages) and the confusion matrix
        (m.confusion, rows actual, columns predicted). Regression: loss, rmse, mae.
        Data as loaded goes through the fills and scaling the training data went through; columns, categories
        and classes match by name (a holdout with only some classes works). Data prepared otherwise, or
        sharing rows with the training data, gets a warning.
        """
    ) { call throws(RuntimeError) in
        let trained = try call.trainedModel("model_or_run")
        let data = try call.evaluationData("ds", for: trained)
        let metrics: [Metric] = data.schema.task.isClassification ? [.accuracy, .precision, .recall, .f1] : [.rmse, .mae]
        do throws(TrainingError) {
            let result = try Evaluation.evaluate(trained.model, on: data.samples, loss: trained.loss, metrics: metrics)
            let values = [("loss", result.loss)] + result.metrics.map { ($0.metric.rawValue, $0.value) }
            let classes: [String]
            if case .classification(_, let names) = data.schema.task { classes = names } else { classes = [] }
            return .native(MetricsValue(values: values, confusion: result.confusion, classes: classes, count: result.count))
        } catch {
            throw call.invalid("ds", error.description)
        }
    } }

    static var predict: Builtin { Builtin(
        "predict", parameters: [.positional("model_or_run"), .positional("ds")],
        summary: "The model's predictions for each row: class names for classification, numbers for regression.",
        details: """
        The dataset needs the columns the model was trained on (by name, in any order; others are ignored); its
        target, if any, is not used. Data as loaded goes through the training data's fills and scaling; a
        category never seen in training encodes as none of the known ones, with a warning.
        """
    ) { call throws(RuntimeError) in
        let trained = try call.trainedModel("model_or_run")
        let dataset = try call.prepared(try call.dataset("ds").dataset, argument: "ds", for: trained.schema.preprocessing)
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
        do throws(ModelError) {
            switch trained.schema.task {
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
    } }
}
