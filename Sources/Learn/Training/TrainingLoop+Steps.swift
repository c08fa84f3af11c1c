import Tensor

extension TrainingLoop {
    /// Trains for `schedule.steps` gradient steps, cycling over the data's batches in
    /// order (reshuffled at each pass only with `options.shuffle`), one record per step;
    /// stops early when the schedule's divergence or target says so (outcome
    /// `.completed`: the schedule ended it) or when `shouldStop` does (`.interrupted`
    /// at that step).
    mutating func runSteps(
        _ model: inout Sequential, data: Samples, schedule: StepSchedule,
        callbacks: TrainingCallbacks
    ) -> History {
        var history = History(loss: loss, metrics: metrics)
        let n = data.count
        let batchSize = Swift.min(options.batchSize, n)
        let batches = (n + batchSize - 1) / batchSize
        let sampleSize = Tensor.elementCount(of: data.sampleShape)
        var shuffler = random.split()
        var dropout = random.split()
        var order = Array(0..<n)
        var smoothed = SmoothedLoss()
        // The losses of the last pass through the batches, for the target.
        var lastPass: [Double] = []
        let clock = ContinuousClock()
        let trainingStart = clock.now
        var samplesTrained = 0

        for number in 1...schedule.steps {
            if callbacks.shouldStop?() == true {
                history.outcome = .interrupted(epoch: number, batch: 1)
                break
            }
            let stepStart = clock.now
            let b = (number - 1) % batches
            if b == 0 && options.shuffle { order = shuffler.permutation(n) }
            let indices = order[(b * batchSize)..<Swift.min((b + 1) * batchSize, n)]
            var batch = Tensor(zeros: [indices.count] + data.sampleShape)
            Batching.gather(data.features, indices: indices, sampleSize: sampleSize, into: &batch)
            let targets = Trainer.batchTargets(data.targets, indices)
            let rate = schedule.rates?.rate(at: number - 1)
            if let rate { optimizer.spec.learningRate = rate }
            var state = model.state
            model.state = []
            let (value, outputs, gradients) = step(
                model, state: &state, batch: batch, targets: targets, dropout: &dropout)
            model.state = state
            optimizer.update(&model.parameters, gradients: gradients)
            var accumulator = MetricAccumulator(targets: data.targets)
            accumulator.add(loss: value, outputs: outputs, targets: targets)
            samplesTrained += indices.count
            let throughput = Throughput(
                samples: samplesTrained, seconds: seconds(clock.now - trainingStart),
                epochs: number)
            callbacks.onBatch?(
                BatchProgress(
                    epoch: number, epochs: schedule.steps, batch: 1, batches: 1,
                    samples: indices.count, loss: accumulator.meanLoss, throughput: throughput))
            var record = EpochRecord(
                epoch: number, loss: accumulator.meanLoss, metrics: accumulator.values(metrics),
                validationLoss: nil, validationMetrics: [], seconds: seconds(clock.now - stepStart),
                throughput: throughput)
            record.learningRate = rate
            history.epochs.append(record)
            callbacks.onEpoch?(record)

            smoothed.add(record.loss)
            if let factor = schedule.divergence, smoothed.hasDiverged(factor: factor) { break }
            lastPass.append(record.loss)
            if lastPass.count > batches { lastPass.removeFirst() }
            if let target = schedule.target, lastPass.count == batches,
                lastPass.reduce(0, +) / Double(batches) < target
            {
                break
            }
        }
        return history
    }
}
