import Data
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
            do throws(TrainingData.Problem) {
                validationData = try TrainingData(validation.dataset)
            } catch {
                throw call.invalid("val", error.message)
            }
        } else {
            validationData = nil
        }
        // New data must read like the data the model was trained on before, and
        // validation data like the training data.
        if let earlier = modelValue.schema {
            if let reason = earlier.featureMismatch(trainData.schema.featureNames, sampleShape: trainData.schema.sampleShape)
                ?? earlier.taskMismatch(trainData.schema.task) {
                throw call.invalid("train", reason)
            }
        }
        if let validationData {
            let schema = trainData.schema
            if let reason = schema.featureMismatch(validationData.schema.featureNames,
                                                   sampleShape: validationData.schema.sampleShape)
                ?? schema.taskMismatch(validationData.schema.task) {
                throw call.invalid("val", reason.replacingOccurrences(of: "the model was trained on", with: "'train' has"))
            }
            options.validation = validationData.samples
        }
        if let loss = options.loss, trainData.schema.task.isClassification, loss == .mse || loss == .mae {
            throw call.invalid("loss", "loss \"\(loss.rawValue)\" needs numeric targets, and '\(trainData.schema.task.targetName)' "
                + "holds classes; use \"cross_entropy\" (or \"bce\" for two classes)")
        }
        if let loss = options.loss, !trainData.schema.task.isClassification, loss == .crossEntropy {
            throw call.invalid("loss", "loss \"cross_entropy\" needs class targets, and '\(trainData.schema.task.targetName)' "
                + "is numeric (regression); use \"mse\" or \"mae\"")
        }
        self.options = options
    }

    /// The fit's settings as `.params` records them: the layers, the optimizer, every
    /// fit label (datasets by name; their content ids are in `.data`) and the seed.
    var params: Record {
        let loss = options.loss ?? Loss.automatic(for: trainData.samples.targets)
        let metrics = options.metrics ?? Metric.automatic(for: trainData.samples.targets)
        return Record([
            ("layers", .list(modelValue.model.specs.map { .string($0.description) })),
            ("optimizer", .record(OptimizerValue(options.optimizer).record)),
            ("train", .string(train.dataset.name)),
            ("val", validation.map { .string($0.dataset.name) } ?? .nil),
            ("epochs", .number(Double(options.epochs))),
            ("batch", .number(Double(options.batchSize))),
            ("loss", .string(loss.rawValue)),
            ("metrics", .list(metrics.map { .string($0.rawValue) })),
            ("seed", .number(Double(options.seed))),
            ("shuffle", .bool(options.shuffle)),
            ("early_stop", options.earlyStopPatience.map { .number(Double($0)) } ?? .nil),
            ("name", name.map(Value.string) ?? .nil),
            ("tags", .list(tags.map(Value.string))),
        ])
    }

    /// Trains, recording the run; returns it, or throws `interrupted` (the run is kept,
    /// marked interrupted, and the model keeps what it learned).
    func run() throws(RuntimeError) -> RunValue {
        let host = call.host
        let runs = call.trainingRuns
        let loss = options.loss ?? Loss.automatic(for: trainData.samples.targets)
        let metrics = options.metrics ?? Metric.automatic(for: trainData.samples.targets)
        let data = [("train", train)] + (validation.map { [("val", $0)] } ?? [])
        let recorder: TrainRunRecorder
        do throws(RuntimeError) {
            recorder = TrainRunRecorder(store: try call.store(), problem: nil)
        } catch {
            recorder = TrainRunRecorder(store: nil, problem: error.message)
        }
        let batches = (trainData.samples.count + min(options.batchSize, trainData.samples.count) - 1)
            / min(options.batchSize, trainData.samples.count)
        let progress = TrainProgress(host: host, id: runs.nextDisplayID(), epochs: options.epochs, batches: batches,
                                     metrics: metrics)
        let params = self.params
        let source = call.cellSource
        let created = Date()
        let schema = trainData.schema
        let name = self.name, tags = self.tags
        // Trained as a local value, so the tensors are uniquely referenced and update in
        // place; the model value holds an unbuilt copy meanwhile and gets it back after.
        var model = modelValue.model
        modelValue.model = (try? Sequential(model.specs)) ?? model
        let placeholder = modelValue.model
        var run: RunValue?

        // Called once training has started (validation passed) or, when interrupted
        // before the first batch, once it has stopped.
        func begin() -> RunValue {
            if let run { return run }
            let uses = data.map { TrainRunRecorder.use($0.1, role: $0.0) }
            let spec = ModelSpec(layers: placeholder.specs, sampleShape: schema.sampleShape)
            let id = recorder.begin(name: name, params: params, modelSpec: spec, data: uses, source: source, tags: tags)
                ?? TrainFit.localID()
            let made = RunValue(id: id, name: name, params: params, metrics: metrics, loss: loss,
                                data: data.map { ($0.0, $0.1.contentID) }, tags: tags, created: created,
                                model: placeholder, schema: schema)
            made.sources = recorder.sources(of: uses)
            runs.add(made)
            run = made
            return made
        }

        var callbacks = TrainingCallbacks()
        var started = false
        callbacks.onBatch = { batch in
            if !started {
                started = true
                _ = begin()
                progress.begin()
            }
            progress.batch(batch)
        }
        callbacks.onEpoch = { record in
            let current = begin()
            current.epochs.append(record)
            recorder.epoch(record.epoch, metrics: RunValue.named(record, metrics: metrics))
            progress.epoch(record)
        }
        callbacks.shouldStop = { host.isInterrupted }

        let history: History
        do throws(TrainingError) {
            history = try Trainer.fit(&model, on: trainData.samples, options: options, callbacks: callbacks)
            modelValue.model = model
        } catch {
            modelValue.model = model
            throw TrainFit.runtimeError(error, call)
        }
        modelValue.schema = schema
        modelValue.loss = history.loss

        let finished = begin()
        finished.model = modelValue.model
        finished.ended = Date()
        let outcome: RunOutcome = switch history.outcome {
        case .completed: .completed
        case .earlyStopped(let epoch): .stoppedEarly(stoppedEpoch: epoch, keptEpoch: history.bestEpoch ?? epoch)
        case .interrupted(let epoch, let batch): .interrupted(epoch: epoch, batch: batch, batches: batches)
        }
        finished.outcome = outcome
        finished.status = RunValue.Status(rawValue: outcome.status.rawValue) ?? .failed
        progress.finish(history.outcome, bestEpoch: history.bestEpoch)
        if let svg = progress.curves?.data["image/svg+xml"] {
            recorder.artifact(name: "learning_curves.svg", bytes: Array(svg.utf8), mediaType: "image/svg+xml")
        }
        recorder.finish(outcome: outcome, metrics: finished.finalMetrics, weights: modelValue.model.encodedWeights())
        if let problem = recorder.problem {
            host.write("fit: the run was not saved to the store: \(problem)\n", to: .stderr)
        }
        if finished.status == .interrupted { throw .interrupted(span: call.span) }
        return finished
    }

    /// A run id when there is no store: the store's format (16 lowercase base-32
    /// characters) from the time and randomness, so ids look alike either way.
    static func localID() -> String {
        let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
        var time = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        var characters = [Character](repeating: "0", count: 16)
        for index in stride(from: 9, through: 0, by: -1) {
            characters[index] = alphabet[Int(time & 31)]
            time >>= 5
        }
        var random = UInt64.random(in: 0...UInt64.max)
        for index in 10..<16 {
            characters[index] = alphabet[Int(random & 31)]
            random >>= 5
        }
        return String(characters)
    }

    /// A refusal from the engine, at the argument it is about.
    static func runtimeError(_ error: TrainingError, _ call: BuiltinCall) -> RuntimeError {
        switch error {
        case .invalidOption(let name, _):
            return call.invalid(call.builtin.labels.contains(name) ? name : "model", error.description)
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
