/// What the trainer reports while it runs, and how the caller stops it. Callbacks run
/// on the training thread, between batches.
public struct TrainingCallbacks {
    /// After every batch.
    public var onBatch: ((BatchProgress) -> Void)?
    /// After every epoch (after validation).
    public var onEpoch: ((EpochRecord) -> Void)?
    /// Asked before every batch; returning true stops training there, keeping the
    /// weights learned so far (the history's outcome is `.interrupted`).
    public var shouldStop: (() -> Bool)?

    public init(
        onBatch: ((BatchProgress) -> Void)? = nil, onEpoch: ((EpochRecord) -> Void)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) {
        self.onBatch = onBatch
        self.onEpoch = onEpoch
        self.shouldStop = shouldStop
    }
}

/// Progress within an epoch.
public struct BatchProgress: Sendable, Equatable {
    /// 1-based epoch and its total.
    public let epoch: Int, epochs: Int
    /// 1-based batch within the epoch and the epoch's batch count.
    public let batch: Int, batches: Int
    /// Samples seen so far in this epoch.
    public let samples: Int
    /// The mean training loss so far in this epoch.
    public let loss: Double
    /// Throughput from the start of training to this batch.
    public let throughput: Throughput
}
