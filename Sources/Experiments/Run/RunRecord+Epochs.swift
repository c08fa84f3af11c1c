import Foundation
import Learn
import Store

/// A stored run's history as training produced it: the epochs with their metrics, so a
/// run read back draws the same learning curves as the fit that made it, in a notebook
/// (`run(id)`, `compare`) and on the dashboard alike.
extension RunRecord {
    /// The metrics the fit computed: its `metrics` param, else those in its history.
    public var trainingMetrics: [Metric] {
        if case .list(let names) = params["metrics"] ?? .null {
            let parsed = names.compactMap { if case .string(let name) = $0 { Metric(rawValue: name) } else { nil } }
            if !parsed.isEmpty { return parsed }
        }
        let recorded = Set(history.flatMap { $0.metrics.keys })
        return Metric.allCases.filter { recorded.contains($0.rawValue) }
    }

    /// The epochs from the per-epoch history. Each epoch's time is the wall time since
    /// the previous one was recorded (validation included, as in training); the
    /// throughput was not recorded, so it reads as nil.
    public func epochRecords(metrics: [Metric]) -> [EpochRecord] {
        var previous = summary.created
        return history.map { epoch in
            let values = epoch.metrics
            let seconds = max(0, epoch.time.timeIntervalSince(previous))
            previous = epoch.time
            let hasValidation = values["val_loss"] != nil
            return EpochRecord.stored(
                epoch: epoch.epoch, loss: values["loss"] ?? .nan,
                metrics: metrics.map { MetricValue(metric: $0, value: values[$0.rawValue] ?? .nan) },
                validationLoss: values["val_loss"],
                validationMetrics: hasValidation
                    ? metrics.map { MetricValue(metric: $0, value: values["val_" + $0.rawValue] ?? .nan) } : [],
                seconds: seconds)
        }
    }

    /// `epochRecords` with the metrics the fit computed.
    public var epochRecords: [EpochRecord] { epochRecords(metrics: trainingMetrics) }
}
