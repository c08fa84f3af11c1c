import Data
import Experiments
import Foundation
import Learn
import Store

/// One call of `fit`: its arguments checked (every problem reported before training
/// starts, at the argument that caused it), then the training with live progress,
/// the run recorded in the session and the store, and the interrupt handled.
struct TrainFit {
    let call: BuiltinCall
    let modelValue: ModelValue
    let train: DatasetValue
    let validation: DatasetValue?
    let trainData: TrainingData
    let validationData: TrainingData?
    let options: FitOptions
    /// What early stopping watches, when not the validation loss.
    let earlyStopOn: Objective?
    let name: String?
    let tags: [String]

    /// Reads and checks the arguments.
    init(_ call: BuiltinCall) throws(RuntimeError) {
        self.call = call
        modelValue = try call.model("model")
        train = try call.dataset("train")
        validation = call.argument("val").isNil ? nil : try call.dataset("val")
        var options = FitOptions()
        options.epochs = try call.positiveInteger("epochs")
        options.batchSize = try call.positiveInteger("batch")
        options.optimizer = try call.optimizer("optimizer")
        options.loss = try call.loss("loss")
        options.metrics = try call.metrics("metrics")
        options.seed = try call.seed("seed")
        options.shuffle = try call.bool("shuffle")
        options.earlyStopPatience = call.argument("early_stop").isNil ? nil : try call.positiveInteger("early_stop")
        name = try call.optionalString("name")
        tags = try call.strings("tags")

        do throws(TrainingData.Problem) {
            trainData = try TrainingData(train.dataset)
        } catch {
            throw call.invalid("train", error.message)
        }
        if let validation {
            // Validation data is read as the model will read new data: through the
            // training data's preprocessing, with a warning where it was prepared otherwise.
            let trainText = call.argumentText("train") ?? "'\(train.dataset.name)'"
            let prepared = try call.prepared(
                validation.dataset, argument: "val", for: trainData.schema.preprocessing,
                trained: trainText)
            do throws(TrainingData.Problem) {
                validationData = try TrainingData(prepared)
            } catch {
                throw call.invalid("val", error.message)
            }
            call.warnSharedRows(
                validationData!.samples.features, argument: "val", dataset: prepared,
                rows: trainData.schema.rows, trained: trainText)
        } else {
            validationData = nil
        }
        // New data must read like the data the model was trained on before, and
        // validation data like the training data.
        if let earlier = modelValue.schema {
            if let reason = earlier.featureMismatch(
                trainData.schema.featureNames, sampleShape: trainData.schema.sampleShape)
                ?? earlier.taskMismatch(trainData.schema.task)
            {
                throw call.invalid("train", reason)
            }
        }
        if let validationData {
            let schema = trainData.schema
            if let reason = schema.featureMismatch(
                validationData.schema.featureNames,
                sampleShape: validationData.schema.sampleShape)
                ?? schema.taskMismatch(validationData.schema.task)
            {
                throw call.invalid(
                    "val", reason.replacingOccurrences(of: "the model was trained on", with: "'train' has"))
            }
            options.validation = validationData.samples
        }
        if let loss = options.loss, trainData.schema.task.isClassification, loss == .mse || loss == .mae {
            throw call.invalid(
                "loss",
                "loss \"\(loss.rawValue)\" needs numeric targets, and '\(trainData.schema.task.targetName)' "
                    + "holds classes; use \"cross_entropy\" (or \"bce\" for two classes)")
        }
        if let loss = options.loss, !trainData.schema.task.isClassification, loss == .crossEntropy {
            throw call.invalid(
                "loss",
                "loss \"cross_entropy\" needs class targets, and '\(trainData.schema.task.targetName)' "
                    + "is numeric (regression); use \"mse\" or \"mae\"")
        }
        earlyStopOn = try TrainFit.earlyStopObjective(
            call, task: trainData.schema.task,
            hasValidation: validationData != nil,
            patience: options.earlyStopPatience)
        if let earlyStopOn {
            // The objective's metrics are computed every epoch, so early stopping can read them.
            let chosen = options.metrics ?? Metric.automatic(for: trainData.samples.targets)
            options.metrics = chosen + earlyStopOn.metrics.filter { !chosen.contains($0) }
            options.earlyStopMonitor = earlyStopOn.earlyStopMonitor(metrics: options.metrics!)
        }
        self.options = options
    }

    /// The fit's settings as the run records them: the layers, the optimizer, every fit
    /// label (datasets by name; their content ids are in `.data`) and the seed.
    var params: FitParams {
        FitParams(
            layers: modelValue.model.specs.map(\.description), optimizer: options.optimizer,
            train: train.dataset.name, validation: validation?.dataset.name, epochs: options.epochs,
            batch: options.batchSize, loss: options.loss ?? Loss.automatic(for: trainData.samples.targets),
            metrics: options.metrics ?? Metric.automatic(for: trainData.samples.targets), seed: options.seed,
            shuffle: options.shuffle, earlyStop: options.earlyStopPatience, earlyStopOn: earlyStopOn, name: name,
            tags: tags)
    }

    /// Trains through the experiments layer's orchestrator, with the live display as its
    /// observer; returns the run, or throws `interrupted` (the run is kept, marked
    /// interrupted, and the model keeps what it learned).
    func run() throws(RuntimeError) -> RunValue {
        if modelValue.model.needsVocabulary {
            let sequences = trainData.schema.preprocessing.steps.contains {
                if case .vectorize(let vectorization) = $0 { vectorization.mode == .sequence } else { false }
            }
            guard sequences else {
                throw call.invalid(
                    "train",
                    "the model starts with an embedding, which reads token ids; this data holds no "
                        + "vectorize(ds) sequences (pass embedding(dim, vocab: n) for ids of your own)")
            }
        }
        let data = [("train", train)] + (validation.map { [("val", $0)] } ?? [])
        let uses = data.map { DataUse($0.1.dataset, contentID: $0.1.contentID, role: $0.0) }
        let (orchestrator, store) = call.trainingOrchestrator()
        var plan = TrainingPlan(
            model: modelValue.model, train: trainData.samples, options: options, params: params,
            data: uses, preprocessing: trainData.schema.preprocessing, name: name, tags: tags,
            source: call.cellSource)
        plan.profile = DataProfile(of: train.dataset)
        // Trained as the plan's copy, so the tensors are uniquely referenced and update
        // in place; the model value holds an unbuilt copy meanwhile and gets the trained
        // one back after.
        let trained = modelValue.model
        modelValue.model = (try? Sequential(trained.specs)) ?? trained
        let observer = FitObserver(fit: self, plan: plan, placeholder: modelValue.model, store: store?.store)
        let result: TrainingResult
        do throws(TrainingError) {
            result = try orchestrator.train(plan, observer: observer)
        } catch {
            modelValue.model = trained
            throw TrainFit.runtimeError(error, call)
        }
        modelValue.model = result.model
        modelValue.schema = trainData.schema
        modelValue.loss = result.history.loss
        // `finished` always follows `started`: the run value exists.
        let finished = observer.run!
        modelValue.runID = finished.id
        finished.finish(with: result)
        if let problem = result.storeProblem {
            call.host.write("fit: the run was not saved to the store: \(problem)\n", to: .stderr)
        }
        if finished.status == .interrupted { throw .interrupted(span: call.span) }
        return finished
    }

    /// A refusal from the engine, at the argument it is about.
    static func runtimeError(_ error: TrainingError, _ call: BuiltinCall) -> RuntimeError {
        switch error {
        case .invalidOption(let setting):
            // A fit label points at itself; an optimizer setting at the optimizer.
            return call.invalid(
                call.builtin.labels.contains(setting.parameter) ? setting.parameter : "optimizer",
                error.description)
        case .invalidData, .emptyData:
            return call.invalid("train", error.description)
        case .model, .outputMismatch:
            return call.invalid("model", error.description)
        case .lossMismatch:
            return call.invalid("loss", error.description)
        case .metricMismatch:
            return call.invalid("metrics", error.description)
        }
    }
}
