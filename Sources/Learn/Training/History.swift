/// One epoch's results.
public struct EpochRecord: Sendable, Equatable {
    /// 1-based.
    public let epoch: Int
    /// Mean training loss over the epoch's batches (weighted by batch size).
    public let loss: Double
    /// Training metrics over the epoch (from the outputs seen while training).
    public let metrics: [MetricValue]
    public let validationLoss: Double?
    public let validationMetrics: [MetricValue]
    /// Wall time of the epoch, validation included.
    public let seconds: Double
    /// Throughput from the start of training to the end of this epoch; nil for an
    /// epoch read back from a store (which does not record it).
    public let throughput: Throughput?
    /// The learning rate of a step under a schedule with rates (`lr_find`); else nil.
    public var learningRate: Double? = nil
}

/// The record of a `fit`.
public struct History: Sendable, Equatable {
    /// How training ended.
    public enum Outcome: Sendable, Equatable {
        /// Ran every epoch.
        case completed
        /// Stopped by early stopping after `epoch`.
        case earlyStopped(epoch: Int)
        /// Stopped by `shouldStop` before batch `batch` of `epoch` (1-based).
        case interrupted(epoch: Int, batch: Int)
    }

    /// Every finished epoch, in order.
    public var epochs: [EpochRecord] = []
    public var outcome: Outcome = .completed
    /// With early stopping: the 1-based epoch whose weights the model holds at the end.
    public var bestEpoch: Int?
    /// The loss and metrics used.
    public var loss: Loss
    public var metrics: [Metric]

    /// A history of `epochs`, completed (a model fitted outside the training loop, such
    /// as a baseline, has one).
    public init(loss: Loss, metrics: [Metric], epochs: [EpochRecord] = []) {
        self.loss = loss
        self.metrics = metrics
        self.epochs = epochs
    }
}
