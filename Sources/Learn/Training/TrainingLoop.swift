import Tensor

/// The state of one `fit` while it runs.
struct TrainingLoop {
    let options: FitOptions
    let loss: Loss
    let metrics: [Metric]
    /// Output values per sample.
    let width: Int
    var random: SeededRandom
    var optimizer: Optimizer

    init(options: FitOptions, loss: Loss, metrics: [Metric], width: Int, random: SeededRandom) {
        self.options = options
        self.loss = loss
        self.metrics = metrics
        self.width = width
        self.random = random
        optimizer = Optimizer(options.optimizer)
    }

    mutating func run(_ model: inout Sequential, data: Samples, callbacks: TrainingCallbacks) -> History {
        var history = History(loss: loss, metrics: metrics)
        let n = data.count
        let batchSize = Swift.min(options.batchSize, n)
        let batches = (n + batchSize - 1) / batchSize
        let sampleSize = Tensor.elementCount(of: data.sampleShape)
        var shuffler = random.split()
        var dropout = random.split()
        var order = Array(0..<n)
        // Reused every step: once the step's tape is gone, nothing else references it.
        var buffer = Tensor(zeros: [batchSize] + data.sampleShape)
        var best: (record: EpochRecord, parameters: [Tensor], state: [Tensor])?
        var sinceBest = 0
        let clock = ContinuousClock()
        let trainingStart = clock.now
        var samplesTrained = 0
        func throughput(epochsFinished: Int) -> Throughput {
            Throughput(samples: samplesTrained, seconds: seconds(clock.now - trainingStart), epochs: epochsFinished)
        }

        epochs: for epoch in 1...options.epochs {
            if options.shuffle { order = shuffler.permutation(n) }
            var accumulator = MetricAccumulator(targets: data.targets, metrics: metrics, loss: loss)
            let epochStart = clock.now
            for b in 0..<batches {
                if callbacks.shouldStop?() == true {
                    history.outcome = .interrupted(epoch: epoch, batch: b + 1)
                    break epochs
                }
                let indices = order[(b * batchSize)..<Swift.min((b + 1) * batchSize, n)]
                var batch = indices.count == batchSize ? buffer : Tensor(zeros: [indices.count] + data.sampleShape)
                if indices.count == batchSize { buffer = Tensor(zeros: [0]) }  // hand the storage over uniquely
                Batching.gather(data.features, indices: indices, sampleSize: sampleSize, into: &batch)
                let targets = Trainer.batchTargets(data.targets, indices)
                // The running statistics move out of the model so the step owns them uniquely.
                var state = model.state
                model.state = []
                let (value, outputs, gradients) = step(
                    model, state: &state, batch: batch,
                    targets: targets, dropout: &dropout)
                model.state = state
                optimizer.update(&model.parameters, gradients: gradients)
                if indices.count == batchSize { buffer = batch }
                accumulator.add(loss: value, outputs: outputs, targets: targets)
                samplesTrained += indices.count
                callbacks.onBatch?(
                    BatchProgress(
                        epoch: epoch, epochs: options.epochs, batch: b + 1, batches: batches,
                        samples: accumulator.count, loss: accumulator.meanLoss,
                        throughput: throughput(epochsFinished: epoch - 1)))
            }
            var validationLoss: Double?
            var validationMetrics: [MetricValue] = []
            if let validation = options.validation,
                let result = try? Evaluation.evaluate(
                    model, on: validation, loss: loss, metrics: metrics,
                    batchSize: options.validationBatchSize)
            {
                validationLoss = result.loss
                validationMetrics = result.metrics
            }
            let record = EpochRecord(
                epoch: epoch, loss: accumulator.meanLoss, metrics: accumulator.values(metrics),
                validationLoss: validationLoss, validationMetrics: validationMetrics,
                seconds: seconds(clock.now - epochStart),
                throughput: throughput(epochsFinished: epoch))
            history.epochs.append(record)
            callbacks.onEpoch?(record)

            if let patience = options.earlyStopPatience {
                if best == nil || options.earlyStopMonitor.isImprovement(record, over: best!.record) {
                    best = (record, model.parameters, model.state)
                    sinceBest = 0
                } else {
                    sinceBest += 1
                    if sinceBest >= patience {
                        history.outcome = .earlyStopped(epoch: epoch)
                        break epochs
                    }
                }
            }
        }
        // An interrupted run keeps the weights it reached; otherwise early stopping
        // hands back the best epoch's weights.
        let interrupted: Bool
        if case .interrupted = history.outcome { interrupted = true } else { interrupted = false }
        if let best, !interrupted {
            model.parameters = best.parameters
            model.state = best.state
            history.bestEpoch = best.record.epoch
        }
        return history
    }

    /// One forward and backward pass; the tape lives only inside, so afterwards the
    /// model's parameters are again uniquely referenced and update in place.
    func step(
        _ model: Sequential, state: inout [Tensor], batch: Tensor, targets: BatchTargets,
        dropout: inout SeededRandom
    ) -> (Float, Tensor, [Tensor?]) {
        let tape = Tape()
        let parameters = model.parameters.map { tape.parameter($0) }
        let out = model.forward(
            tape, input: tape.constant(batch), parameters: parameters, state: &state,
            training: true, random: &dropout, omitting: loss.fusedActivation)
        let flat = tape.reshape(out, to: [batch.shape[0], width])
        let value = loss.node(tape, outputs: flat, targets: targets)
        tape.backward(from: value)
        return (tape[value].scalar, tape[flat], parameters.map { tape.gradient(of: $0) })
    }

    func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Swift.max(Double(c.seconds) + Double(c.attoseconds) * 1e-18, 1e-9)
    }
}
