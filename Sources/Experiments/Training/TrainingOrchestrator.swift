import Foundation
import Learn
import Render
import Store

/// The one bracket around every training run: register the run once training has
/// started, record each epoch as it ends, pass progress to an observer, stop on an
/// interrupt or on patience, then record the outcome, the final metrics, the weights
/// and the learning curves. `fit` and every later training path (baselines, overfit,
/// lr_find, learning curves, sweep trials) hand it a `TrainingPlan` and differ in
/// nothing else.
public struct TrainingOrchestrator: Sendable {
    /// Where runs are written: the session's store, or a `MemoryStore` when no store
    /// folder can be used (`unavailable` then says why; the result repeats it).
    let writer: any RunWriter
    let unavailable: String?

    public init(writer: any RunWriter, unavailable: String? = nil) {
        self.writer = writer
        self.unavailable = unavailable
    }

    /// Trains `plan.model` as the plan says and records the run.
    /// - Throws: `TrainingError` when training cannot start (bad options, data that
    ///   does not fit the model); nothing is recorded then. An interrupt is not an
    ///   error: the result's outcome is `.interrupted` and the run is kept.
    public func train(_ plan: TrainingPlan, observer: TrainingObserver) throws(TrainingError) -> TrainingResult {
        var plan = plan
        if plan.model.needsVocabulary { plan.model.settingVocabulary(plan.vocabularySize) }
        let recorder = RunRecorder(writer: writer)
        var runID: RunID?
        let metrics = plan.params.metrics
        func start() {
            guard runID == nil else { return }
            let modelSpec = ModelSpec(layers: plan.model.specs, sampleShape: plan.train.sampleShape)
            runID =
                recorder.begin(
                    name: plan.name, params: plan.recordedParams, modelSpec: modelSpec.json(),
                    preprocessing: plan.preprocessing?.json(),
                    data: plan.data, source: plan.source, tags: plan.tags) ?? RunID.generate()
            observer.started(run: runID!)
        }
        var options = plan.options
        options.loss = plan.params.loss
        options.metrics = metrics
        let callbacks = TrainingCallbacks(
            onBatch: { progress in
                start()
                observer.batchFinished(progress)
            },
            onEpoch: { record in
                start()
                recorder.epoch(record.epoch, metrics: record.historyValues(metrics: metrics))
                observer.epochFinished(record)
            },
            shouldStop: { observer.shouldStop })
        var model = plan.model
        let history = try Trainer.fit(&model, on: plan.train, options: options, callbacks: callbacks)
        start()
        let outcome = TrainingOrchestrator.outcome(of: history, batches: plan.batches, pruned: observer.pruned)
        let curves = LearningCurves.render(
            history.epochs, metrics: metrics,
            xLabel: plan.options.schedule == nil ? "epoch" : "step")
        if let svg = curves?.data["image/svg+xml"] {
            recorder.artifact(name: "learning_curves.svg", bytes: Array(svg.utf8), mediaType: "image/svg+xml")
        }
        if let profile = plan.profile {
            recorder.artifact(
                name: DriftCheck.profileArtifact, bytes: Array(profile.json().utf8),
                mediaType: "application/json")
        }
        recorder.finish(outcome: outcome, metrics: history.finalMetrics, weights: model.encodedWeights(), error: nil)
        let result = TrainingResult(
            runID: runID!, stored: unavailable == nil && recorder.problem == nil,
            storeProblem: unavailable ?? recorder.problem, model: model, history: history,
            outcome: outcome)
        observer.finished(result, curves: curves)
        return result
    }

    /// The run's outcome from the trainer's.
    static func outcome(of history: History, batches: Int, pruned: Bool = false) -> RunOutcome {
        if pruned, case .interrupted = history.outcome { return .pruned(epoch: history.epochs.count) }
        switch history.outcome {
        case .completed: return .completed
        case .earlyStopped(let epoch): return .stoppedEarly(stoppedEpoch: epoch, keptEpoch: history.bestEpoch ?? epoch)
        case .interrupted(let epoch, let batch): return .interrupted(epoch: epoch, batch: batch, batches: batches)
        }
    }
}
