import Tensor

/// A model's loss and metrics on a dataset.
public struct Evaluation: Sendable, Equatable {
    /// The mean loss per sample.
    public let loss: Double
    /// The metrics asked for, in that order.
    public let metrics: [MetricValue]
    /// For classification, actual against predicted classes.
    public let confusion: ConfusionMatrix?
    /// The number of samples evaluated.
    public let count: Int

    /// Evaluates `model` (built) on `samples` in inference mode, in chunks of `batchSize`;
    /// `top_k` counts the `topK` most probable classes.
    public static func evaluate(
        _ model: Sequential, on samples: Samples, loss: Loss, metrics: [Metric],
        batchSize: Int = 256, topK: Int = Metric.defaultTopK
    ) throws(TrainingError) -> Evaluation {
        guard let sampleShape = model.sampleShape, let outputShape = model.outputShape else {
            throw .model(.sampleShapeMismatch(expected: [], got: samples.sampleShape))
        }
        guard sampleShape == samples.sampleShape else {
            throw .model(.sampleShapeMismatch(expected: sampleShape, got: samples.sampleShape))
        }
        let width = Tensor.elementCount(of: outputShape)
        try loss.validate(targets: samples.targets, outputWidth: width)
        try Trainer.validate(metrics: metrics, targets: samples.targets)
        var accumulator = MetricAccumulator(targets: samples.targets, metrics: metrics, loss: loss)
        let sampleSize = Tensor.elementCount(of: sampleShape)
        var state = model.state
        var random = SeededRandom(seed: 0)
        var start = 0
        // In the mode training computes in (Trainer.fit), so a validation pass inside
        // fit and an evaluate after it agree to the bit.
        FloatingPointMode.flushingSubnormals {
            while start < samples.count {
                let rows = Swift.min(Swift.max(batchSize, 1), samples.count - start)
                let batch = Batching.rows(of: samples.features, from: start, count: rows, sampleSize: sampleSize)
                let targets = Trainer.batchTargets(samples.targets, Array(start..<(start + rows)))
                let tape = Tape(recording: false)
                let out = model.forward(
                    tape, input: tape.constant(batch),
                    parameters: model.parameters.map { tape.constant($0) },
                    state: &state, training: false, random: &random, omitting: loss.fusedActivation)
                let flat = tape[out].reshaped([rows, width])
                let value = tape[loss.node(tape, outputs: tape.constant(flat), targets: targets)].scalar
                accumulator.add(loss: value, outputs: flat, targets: targets)
                start += rows
            }
        }
        return Evaluation(
            loss: accumulator.meanLoss, metrics: accumulator.values(metrics, topK: topK),
            confusion: accumulator.confusion, count: samples.count)
    }
}

extension Sequential {
    /// Predictions for `features` ([N] + sample shape): for `cross_entropy`, class
    /// probabilities (softmax); for `bce`, sigmoid probabilities; otherwise the outputs.
    public func predict(_ features: Tensor, loss: Loss, batchSize: Int = 256) throws(ModelError) -> Tensor {
        let fused = loss.fusedActivation
        let raw = try outputs(for: features, batchSize: batchSize, omitting: fused)
        switch fused {
        case .softmax?:
            return raw.reshaped([raw.shape.first ?? 0, raw.count / Swift.max(raw.shape.first ?? 1, 1)]).softmaxRows()
        case .sigmoid?: return raw.sigmoid()
        default: return raw
        }
    }

    /// Predicted class indices: the most probable class, or for a single BCE output,
    /// class 1 when its probability exceeds 0.5.
    public func predictClasses(_ features: Tensor, loss: Loss, batchSize: Int = 256) throws(ModelError) -> [Int] {
        let p = try predict(features, loss: loss, batchSize: batchSize)
        let rows = p.shape.first ?? 0
        return MetricAccumulator.predictedClasses(
            p.reshaped([rows, p.count / Swift.max(rows, 1)]),
            threshold: loss == .bce ? 0.5 : 0)
    }
}
