import Tensor

extension Evaluation {
    /// The loss of each sample on its own, in order (for `mistakes`: the worst examples
    /// are those with the highest loss). The model runs in batches as `evaluate` runs
    /// it; each row's loss then goes through the same loss node training uses, on that
    /// row alone, so it is the loss `evaluate` averages (cross-entropy on the true
    /// class, squared error...).
    /// - Throws: `TrainingError` when the samples do not fit the model or the loss.
    public static func sampleLosses(
        _ model: Sequential, on samples: Samples, loss: Loss,
        batchSize: Int = 256
    ) throws(TrainingError) -> [Double] {
        guard let sampleShape = model.sampleShape, let outputShape = model.outputShape else {
            throw .model(.sampleShapeMismatch(expected: [], got: samples.sampleShape))
        }
        guard sampleShape == samples.sampleShape else {
            throw .model(.sampleShapeMismatch(expected: sampleShape, got: samples.sampleShape))
        }
        let width = Tensor.elementCount(of: outputShape)
        try loss.validate(targets: samples.targets, outputWidth: width)
        let sampleSize = Tensor.elementCount(of: sampleShape)
        var state = model.state
        var random = SeededRandom(seed: 0)
        var losses: [Double] = []
        losses.reserveCapacity(samples.count)
        var start = 0
        FloatingPointMode.flushingSubnormals {
            while start < samples.count {
                let rows = Swift.min(Swift.max(batchSize, 1), samples.count - start)
                let batch = Batching.rows(of: samples.features, from: start, count: rows, sampleSize: sampleSize)
                let tape = Tape(recording: false)
                let out = model.forward(
                    tape, input: tape.constant(batch),
                    parameters: model.parameters.map { tape.constant($0) },
                    state: &state, training: false, random: &random, omitting: loss.fusedActivation)
                let flat = tape[out].reshaped([rows, width])
                for row in 0..<rows {
                    let outputs = Batching.rows(of: flat, from: row, count: 1, sampleSize: width)
                    let targets = Trainer.batchTargets(samples.targets, [start + row])
                    losses.append(
                        Double(tape[loss.node(tape, outputs: tape.constant(outputs), targets: targets)].scalar))
                }
                start += rows
            }
        }
        return losses
    }
}
