import Learn

extension EpochRecord {
    /// The epoch's loss and metrics by name, training first, then validation: `loss`,
    /// `accuracy`, ..., `val_loss`, `val_accuracy`, ... (the names a run's history,
    /// final metrics and the store use).
    public func namedValues(metrics: [Metric]) -> [(name: String, value: Double)] {
        var values: [(String, Double)] = [("loss", loss)]
        for metric in metrics { values.append((metric.rawValue, self.metrics[metric] ?? .nan)) }
        if let validationLoss {
            values.append(("val_loss", validationLoss))
            for metric in metrics { values.append(("val_" + metric.rawValue, validationMetrics[metric] ?? .nan)) }
        }
        return values
    }
}

extension EpochRecord {
    /// What a run's history records for the epoch (or step): `namedValues`, then the
    /// step's learning rate as `lr` when a schedule set it.
    public func historyValues(metrics: [Metric]) -> [(name: String, value: Double)] {
        namedValues(metrics: metrics) + (learningRate.map { [("lr", $0)] } ?? [])
    }
}

extension Array where Element == EpochRecord {
    /// The epoch whose weights a run ended with: `kept` under early stopping (the
    /// outcome's `keptEpoch`), else the last one finished; nil before any ends. The
    /// final metrics, the final progress line and a run's display all show this one.
    public func finalEpoch(kept: Int?) -> EpochRecord? {
        kept.flatMap { kept in first { $0.epoch == kept } } ?? last
    }
}

extension History {
    /// The metrics of the epoch whose weights the model ended with (the kept epoch under
    /// early stopping, else the last), named as `namedValues` names them; empty before
    /// the first epoch ends.
    public var finalMetrics: [(name: String, value: Double)] {
        epochs.finalEpoch(kept: bestEpoch)?.namedValues(metrics: metrics) ?? []
    }
}
