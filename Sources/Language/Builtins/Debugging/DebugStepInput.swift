import Data
import Experiments
import Learn
import Store

/// What `overfit` and `lr_find` read the way `fit` does: the model, the training data
/// (checked against what the model was trained on before), the settings a run records,
/// and the orchestrator over the session's store (a memory store, with the reason, when
/// the store cannot be opened).
struct DebugStepInput {
    let call: BuiltinCall
    let modelValue: ModelValue
    let train: DatasetValue
    let trainData: TrainingData

    /// Reads the model from `model` and the data from `dataLabel`.
    init(_ call: BuiltinCall, dataLabel: String) throws(RuntimeError) {
        self.call = call
        modelValue = try call.model("model")
        train = try call.dataset(dataLabel)
        do throws(TrainingData.Problem) {
            trainData = try TrainingData(train.dataset)
        } catch {
            throw call.invalid(dataLabel, error.message)
        }
        if let earlier = modelValue.schema,
            let reason = earlier.featureMismatch(
                trainData.schema.featureNames, sampleShape: trainData.schema.sampleShape)
                ?? earlier.taskMismatch(trainData.schema.task)
        {
            throw call.invalid(dataLabel, reason)
        }
    }

    /// The settings as the run records them, in `fit`'s form: `epochs` holds the steps
    /// (each step is one entry of the run's history).
    func params(optimizer: OptimizerSpec, batch: Int, loss: Loss?, seed: UInt64, steps: Int) -> FitParams {
        let targets = trainData.samples.targets
        return FitParams(
            layers: modelValue.model.specs.map(\.description), optimizer: optimizer,
            train: train.dataset.name, validation: nil, epochs: steps, batch: batch,
            loss: loss ?? Loss.automatic(for: targets), metrics: Metric.automatic(for: targets), seed: seed,
            shuffle: false, earlyStop: nil, name: nil, tags: [])
    }

    var uses: [DataUse] { [DataUse(train.dataset, contentID: train.contentID, role: "train")] }

    /// Trains `plan` through the orchestrator with a live display, keeps the run in the
    /// session, warns when the store could not be written, and rethrows an interrupt
    /// (the run is kept, marked interrupted). `train` runs the debugging step's own
    /// bracket (`OverfitCheck.run`, `LRFinder.run`) with the orchestrator and observer.
    func train<Report>(
        _ plan: TrainingPlan, title: String,
        _ body: (TrainingOrchestrator, TrainingObserver) throws(TrainingError) -> Report
    )
        throws(RuntimeError) -> (report: Report, run: RunValue)
    {
        let (orchestrator, store) = call.trainingOrchestrator()
        let observer = DebugStepObserver(
            call: call, plan: plan, title: title, placeholder: modelValue.model,
            schema: trainData.schema, store: store?.store)
        let report: Report
        do throws(TrainingError) {
            report = try body(orchestrator, observer)
        } catch {
            throw TrainFit.runtimeError(error, call)
        }
        let run = observer.run!
        if let result = observer.result {
            run.finish(with: result)
            if let problem = result.storeProblem {
                call.host.write("\(call.builtin.name): the run was not saved to the store: \(problem)\n", to: .stderr)
            }
        }
        if run.status == .interrupted { throw .interrupted(span: call.span) }
        return (report, run)
    }
}

extension BuiltinCall {
    /// The orchestrator every training builtin uses: over the session's store, or over
    /// a memory store (the run kept for this session only, the reason passed on) when
    /// the store cannot be opened.
    func trainingOrchestrator() -> (TrainingOrchestrator, ExperimentStore?) {
        do throws(RuntimeError) {
            let store = try experimentStore()
            return (TrainingOrchestrator(writer: store.store), store)
        } catch {
            return (TrainingOrchestrator(writer: MemoryStore(), unavailable: error.message), nil)
        }
    }
}
