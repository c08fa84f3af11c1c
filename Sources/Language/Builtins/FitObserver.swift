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
    private let store: Store?
    private let created = Date()
    /// The run value, from `started` on.
    private(set) var run: RunValue?

    init(fit: TrainFit, plan: TrainingPlan, placeholder: Sequential, store: Store?) {
        host = fit.call.host
        runs = fit.call.trainingRuns
        self.plan = plan
        self.placeholder = placeholder
        schema = fit.trainData.schema
        self.store = store
        progress = TrainProgress(host: host, id: runs.nextDisplayID(), epochs: plan.options.epochs,
                                 batches: plan.batches, metrics: plan.params.metrics)
    }

    var shouldStop: Bool { host.isInterrupted }

    func started(run id: RunID) {
        let made = RunValue(id: id.rawValue, name: plan.name,
                            params: RunValue.record(of: plan.params.record), metrics: plan.params.metrics,
                            loss: plan.params.loss, data: plan.data.map { ($0.role, $0.contentID) }, tags: plan.tags,
                            created: created, model: placeholder, schema: schema)
        made.sources = RunSource.sources(in: plan.data.map(\.lineage), store: store)
        runs.add(made)
        run = made
        progress.begin()
    }

    func batchFinished(_ progress: BatchProgress) {
        self.progress.batch(progress)
    }

    func epochFinished(_ record: EpochRecord) {
        run?.epochs.append(record)
        progress.epoch(record)
    }

    func finished(_ result: TrainingResult, curves: MimeBundle?) {
        progress.finish(result.outcome, curves: curves)
    }
}
