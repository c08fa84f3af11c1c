import Foundation
import Learn
import Store

extension TrainingOrchestrator {
    /// Records a model fitted outside the training loop (a baseline) as a finished run,
    /// through the same recorder as a trained one: its loss and metrics on the training
    /// data (and the validation data) as its one epoch, its spec, preprocessing,
    /// weights and tags. Nothing is recorded when the model cannot be evaluated.
    public func record(_ plan: FittedPlan) throws(TrainingError) -> TrainingResult {
        let started = Date()
        let train = try Evaluation.evaluate(plan.model, on: plan.train, loss: plan.loss, metrics: plan.metrics)
        let validation = try plan.validation.map { samples throws(TrainingError) in
            try Evaluation.evaluate(plan.model, on: samples, loss: plan.loss, metrics: plan.metrics)
        }
        let epoch = EpochRecord.stored(
            epoch: 1, loss: train.loss, metrics: train.metrics,
            validationLoss: validation?.loss, validationMetrics: validation?.metrics ?? [],
            seconds: Date().timeIntervalSince(started))
        let history = History(loss: plan.loss, metrics: plan.metrics, epochs: [epoch])
        let recorder = RunRecorder(writer: writer)
        let spec = ModelSpec(layers: plan.model.specs, sampleShape: plan.model.sampleShape)
        let runID =
            recorder.begin(
                name: plan.name, params: plan.params, modelSpec: spec.json(),
                preprocessing: plan.preprocessing?.json(), data: plan.data, source: plan.source,
                tags: plan.tags) ?? RunID.generate()
        recorder.epoch(1, metrics: epoch.namedValues(metrics: plan.metrics))
        recorder.finish(
            outcome: .completed, metrics: history.finalMetrics, weights: plan.model.encodedWeights(), error: nil)
        return TrainingResult(
            runID: runID, stored: unavailable == nil && recorder.problem == nil,
            storeProblem: unavailable ?? recorder.problem, model: plan.model, history: history,
            outcome: .completed)
    }

    /// Records a baseline known from elsewhere (a published result, a human level): a
    /// finished run with the given metrics, no model and no data.
    public func recordExternal(
        name: String, params: ParamValue, metrics: [(name: String, value: Double)],
        tags: [String], source: String
    ) -> (runID: RunID, storeProblem: String?) {
        let recorder = RunRecorder(writer: writer)
        let runID =
            recorder.begin(
                name: name, params: params, modelSpec: nil, preprocessing: nil, data: [],
                source: source, tags: tags) ?? RunID.generate()
        recorder.finish(outcome: .completed, metrics: metrics, weights: nil, error: nil)
        return (runID, unavailable ?? recorder.problem)
    }
}
