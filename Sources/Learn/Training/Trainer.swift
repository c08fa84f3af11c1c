import Tensor

/// The training loop: mini-batch gradient descent with per-epoch shuffling, validation,
/// early stopping, progress callbacks and cancellation.
///
/// Every random choice derives from `FitOptions.seed` (weight initialisation of an
/// unbuilt model, the epoch permutations, dropout masks), and all arithmetic is done in
/// a fixed order, so the same seed, data and BLAS thread count give bit-identical weights.
public enum Trainer {
    /// Trains `model` in place on `data` and returns the history.
    ///
    /// The model is built for the data's sample shape if it has not been yet. If
    /// `callbacks.shouldStop` returns true, training stops before the next batch; the
    /// model keeps what it learned and the outcome is `.interrupted`. With early
    /// stopping, the model ends with the weights of its best epoch.
    /// - Throws: `TrainingError` when an option, the data, the model, the loss or a
    ///   metric does not fit; nothing has been changed then.
    public static func fit(
        _ model: inout Sequential, on data: Samples, options: FitOptions,
        callbacks: TrainingCallbacks = TrainingCallbacks()
    ) throws(TrainingError) -> History {
        do throws(SettingError) {
            try options.validate()
        } catch {
            throw .invalidOption(error)
        }
        guard data.count > 0 else { throw .emptyData }
        let loss = options.loss ?? Loss.automatic(for: data.targets)
        let metrics = options.metrics ?? Metric.automatic(for: data.targets)

        var random = SeededRandom(seed: options.seed)
        let initSeed = random.next()
        var candidate = model
        do { try candidate.build(sampleShape: data.sampleShape, seed: initSeed) } catch { throw .model(error) }
        let width = Tensor.elementCount(of: candidate.outputShape ?? [])
        try loss.validate(targets: data.targets, outputWidth: width)
        try validate(metrics: metrics, targets: data.targets)
        if let validation = options.validation {
            guard validation.sampleShape == data.sampleShape else {
                throw .invalidData(
                    "validation samples have shape \(validation.sampleShape), training samples \(data.sampleShape)")
            }
            try loss.validate(targets: validation.targets, outputWidth: width)
            try validate(metrics: metrics, targets: validation.targets)
        }
        model = candidate

        var loop = TrainingLoop(options: options, loss: loss, metrics: metrics, width: width, random: random)
        // Subnormals flushed to zero on the training thread (and the chunk workers it
        // hands work to): see FloatingPointMode for why.
        return FloatingPointMode.flushingSubnormals {
            if let schedule = options.schedule {
                return loop.runSteps(&model, data: data, schedule: schedule, callbacks: callbacks)
            }
            return loop.run(&model, data: data, callbacks: callbacks)
        }
    }

    /// Checks that each metric suits the targets.
    static func validate(metrics: [Metric], targets: Targets) throws(TrainingError) {
        for metric in metrics where metric.isClassification != targets.isClassification {
            throw .metricMismatch(
                metric: metric.rawValue,
                reason: metric.isClassification
                    ? "it compares classes, and the data has numeric targets"
                    : "it compares numbers, and the data has classes")
        }
    }

    /// The targets of the samples at `indices`.
    static func batchTargets(_ targets: Targets, _ indices: some Collection<Int>) -> BatchTargets {
        switch targets {
        case .classes(let labels, let count):
            return .classes(indices.map { labels[$0] }, count: count)
        case .values(let t):
            let rows = t.shape.first ?? 0
            let width = rows == 0 ? 0 : t.count / rows
            var batch = Tensor(zeros: [indices.count, width])
            Batching.gather(t, indices: ArraySlice(indices), sampleSize: width, into: &batch)
            return .values(batch)
        }
    }
}
