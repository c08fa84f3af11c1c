import Experiments
import Foundation
import Learn
import Render
import Store

/// A `fit`'s view of its training run: the live display (`TrainProgress`) and the run
/// value, created when training starts and added to the session's runs so `runs()`
/// lists it while it trains.
final class FitObserver: TrainingObserver {
    private let progress: TrainProgress
    private let host: Host
    private let runs: TrainingRuns
    private let plan: TrainingPlan
    private let placeholder: Sequential
    private let schema: TrainingSchema
    private let store: (any SessionStore)?
    private let created = Date()
    /// The run value, from `started` on.
    private(set) var run: RunValue?
    /// The sweep trial this fit runs in, if any: it gets each epoch, may prune, and
    /// shows the sweep's table instead of this fit's progress.
    private let trial: ActiveTrial?

    init(fit: TrainFit, plan: TrainingPlan, placeholder: Sequential, store: (any SessionStore)?) {
        host = fit.call.host
        runs = fit.call.trainingRuns
        self.plan = plan
        self.placeholder = placeholder
        schema = fit.trainData.schema
        self.store = store
        progress = TrainProgress(
            host: host, id: runs.nextDisplayID(), epochs: plan.options.epochs,
            batches: plan.batches, metrics: plan.params.metrics)
        trial = fit.call.activeTrials.current
    }

    var shouldStop: Bool { host.isInterrupted || pruned }

    var pruned: Bool { trial?.pruned ?? false }

    func started(run id: RunID) {
        let made = RunValue(
            id: id.rawValue, name: plan.name,
            params: RunValue.record(of: plan.params.record), metrics: plan.params.metrics,
            loss: plan.params.loss, data: plan.data.map { ($0.role, $0.contentID) }, tags: plan.tags,
            created: created, model: placeholder, schema: schema)
        made.sources = RunSource.sources(in: plan.data.map(\.lineage), store: store)
        runs.add(made)
        run = made
        trial?.started(run: id)
        if trial == nil { progress.begin() }
    }

    func batchFinished(_ progress: BatchProgress) {
        if trial == nil { self.progress.batch(progress) }
    }

    func epochFinished(_ record: EpochRecord) {
        run?.epochs.append(record)
        if let trial {
            let values = Dictionary(
                record.namedValues(metrics: plan.params.metrics).map { ($0.name, $0.value) },
                uniquingKeysWith: { first, _ in first })
            trial.epochEnded(record.epoch, values: values)
        } else {
            progress.epoch(record)
        }
    }

    func finished(_ result: TrainingResult, curves: MimeBundle?) {
        if trial == nil { progress.finish(result.outcome, curves: curves) }
    }
}
