import Experiments
import Foundation
import Learn
import Render
import Store
import TextFormat

/// The live view of `overfit` and `lr_find`: one line, shown when training starts and
/// updated in place at most four times a second (`overfit: step 12/300  loss 0.4321`),
/// and the run value, added to the session's runs as `fit`'s observer adds its own.
final class DebugStepObserver: TrainingObserver {
    private let host: Host
    private let runs: TrainingRuns
    private let plan: TrainingPlan
    private let title: String
    private let placeholder: Sequential
    private let schema: TrainingSchema
    private let store: (any SessionStore)?
    private let id: String
    private let created = Date()
    private let clock = ContinuousClock()
    private var lastUpdate: ContinuousClock.Instant?
    private var latest: EpochRecord?
    private(set) var run: RunValue?
    private(set) var result: TrainingResult?

    init(
        call: BuiltinCall, plan: TrainingPlan, title: String, placeholder: Sequential, schema: TrainingSchema,
        store: (any SessionStore)?
    ) {
        host = call.host
        runs = call.trainingRuns
        self.plan = plan
        self.title = title
        self.placeholder = placeholder
        self.schema = schema
        self.store = store
        id = runs.nextDisplayID()
    }

    var shouldStop: Bool { host.isInterrupted }

    private var steps: Int { plan.options.schedule?.steps ?? plan.options.epochs }

    func started(run id: RunID) {
        let made = RunValue(
            id: id.rawValue, name: plan.name, params: RunValue.record(of: plan.recordedParams),
            metrics: plan.params.metrics, loss: plan.params.loss,
            data: plan.data.map { ($0.role, $0.contentID) }, tags: plan.tags, created: created,
            model: placeholder, schema: schema)
        made.sources = RunSource.sources(in: plan.data.map(\.lineage), store: store)
        runs.add(made)
        run = made
        host.display(MimeBundle(plain: "\(title): step 0/\(steps)  starting"), id: self.id)
        lastUpdate = clock.now
    }

    func batchFinished(_ progress: BatchProgress) {}

    func epochFinished(_ record: EpochRecord) {
        run?.epochs.append(record)
        latest = record
        if let lastUpdate, clock.now - lastUpdate < .milliseconds(250) { return }
        lastUpdate = clock.now
        host.update(MimeBundle(plain: line(record)), id: id)
    }

    func finished(_ result: TrainingResult, curves: MimeBundle?) {
        self.result = result
        let done = latest.map(line) ?? "\(title): no step taken"
        let ending = if case .interrupted = result.outcome { "  interrupted" } else { "  done" }
        host.update(MimeBundle(plain: done + ending), id: id)
    }

    private func line(_ record: EpochRecord) -> String {
        var text = "\(title): step \(record.epoch)/\(steps)  loss \(NumberText.metric(record.loss))"
        if let rate = record.learningRate { text += "  lr \(NumberText.significant(rate, digits: 3))" }
        return text
    }
}
