/// How `Trainer.fit` trains, with the language's defaults.
public struct FitOptions: Sendable {
    /// Passes over the training data.
    public var epochs = 10
    /// Samples per gradient step (the last batch of an epoch may be smaller).
    public var batchSize = 32
    public var optimizer: OptimizerSpec = .adam()
    /// nil: `Loss.automatic(for:)` of the targets.
    public var loss: Loss?
    /// nil: `Metric.automatic(for:)` of the targets.
    public var metrics: [Metric]?
    /// Seeds weight initialisation (for a model not yet built), shuffling and dropout.
    public var seed: UInt64 = 0
    /// Reshuffle the training samples every epoch.
    public var shuffle = true
    /// Stop after this many epochs without improvement of the validation loss (the
    /// training loss when there is no validation data) and restore the best weights.
    public var earlyStopPatience: Int?
    /// Which epoch early stopping keeps as the best.
    public var earlyStopMonitor: EarlyStopMonitor = .loss
    /// Evaluated after every epoch.
    public var validation: Samples?
    /// Batch size for validation passes (inference only, so it can be large).
    public var validationBatchSize = 256
    /// Train in gradient steps instead of `epochs` passes (`overfit`, `lr_find`); nil: epochs.
    public var schedule: StepSchedule?

    public init(
        epochs: Int = 10, batchSize: Int = 32, optimizer: OptimizerSpec = .adam(), loss: Loss? = nil,
        metrics: [Metric]? = nil, seed: UInt64 = 0, shuffle: Bool = true, earlyStopPatience: Int? = nil,
        validation: Samples? = nil
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.loss = loss
        self.metrics = metrics
        self.seed = seed
        self.shuffle = shuffle
        self.earlyStopPatience = earlyStopPatience
        self.validation = validation
    }
}

extension FitOptions {
    /// Checks every option and the optimizer's settings.
    /// - Throws: `SettingError` naming the first one out of range.
    public func validate() throws(SettingError) {
        try SettingError.check("epochs", epochs)
        try SettingError.check("batch", batchSize)
        if let earlyStopPatience { try SettingError.check("early_stop", earlyStopPatience) }
        try optimizer.validate()
        try schedule?.validate()
    }
}
