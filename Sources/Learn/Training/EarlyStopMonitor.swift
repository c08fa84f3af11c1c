/// What early stopping watches: which of two epochs is the better one. By default
/// the validation loss (the training loss without validation data), lower being
/// better; `fit(early_stop_on:)` gives a metric or an objective instead.
public struct EarlyStopMonitor: Sendable {
    /// The watched quantity as a run records it: `val_loss`, `val_auc`.
    public let name: String
    private let better: @Sendable (_ candidate: EpochRecord, _ best: EpochRecord) -> Bool

    /// A monitor named `name` for which `isBetter(candidate, best)` says whether an epoch
    /// improves on the best so far. An epoch that is not comparable (a NaN) must not be better.
    public init(name: String, isBetter: @escaping @Sendable (_ candidate: EpochRecord, _ best: EpochRecord) -> Bool) {
        self.name = name
        better = isBetter
    }

    /// Whether `candidate` improves on `best`.
    public func isImprovement(_ candidate: EpochRecord, over best: EpochRecord) -> Bool {
        better(candidate, best)
    }

    /// The default: the validation loss when there is one, else the training loss, lower
    /// being better (a NaN loss never improves).
    public static let loss = EarlyStopMonitor(name: "val_loss") { candidate, best in
        (candidate.validationLoss ?? candidate.loss) < (best.validationLoss ?? best.loss)
    }
}
