import Data
import Learn

/// A number a run records, named as the language names it: the loss or a metric, on
/// the validation data (`val_accuracy`), or written bare (`accuracy`), which reads the
/// validation value when the run has validation data and the training value otherwise
/// (what to rank models by is how they do on data they did not train on).
public struct MetricName: Sendable, Hashable, CustomStringConvertible {
    /// The loss or a metric.
    public enum Quantity: Sendable, Hashable {
        case loss
        case metric(Metric)
    }

    public let quantity: Quantity
    /// Written with `val_`: only the validation value will do.
    public let validationOnly: Bool

    /// Every name an objective accepts: `loss`, the metrics, and each with `val_`.
    public static var known: [String] {
        let bare = ["loss"] + Metric.allCases.map(\.rawValue)
        return bare + bare.map { "val_" + $0 }
    }

    /// Reads `text`; an unknown name is an error carrying the closest known one.
    public init(_ text: String) throws(ObjectiveError) {
        let validation = text.hasPrefix("val_")
        let bare = validation ? String(text.dropFirst(4)) : text
        if bare == "loss" {
            quantity = .loss
        } else if let metric = Metric(rawValue: bare) {
            quantity = .metric(metric)
        } else {
            throw .unknownMetric(text, suggestion: NearestName.closest(to: text, among: MetricName.known))
        }
        validationOnly = validation
    }

    /// As written: `val_auc`, `recall`.
    public var description: String { (validationOnly ? "val_" : "") + bareName }

    /// The name without `val_`: `loss`, `auc`.
    public var bareName: String {
        switch quantity {
        case .loss: "loss"
        case .metric(let metric): metric.rawValue
        }
    }

    /// The metric, nil for the loss.
    public var metric: Metric? {
        if case .metric(let metric) = quantity { return metric }
        return nil
    }

    /// Whether larger values are better: false for the loss and errors.
    public var higherIsBetter: Bool { metric?.higherIsBetter ?? false }

    /// The values it can take (every loss is from 0 up).
    public var range: ClosedRange<Double> { metric?.range ?? 0...Double.infinity }

    /// The key of a run's metrics (`accuracy`, `val_accuracy`...) this name reads there:
    /// the validation value when present, the training value for a bare name otherwise.
    public func key(in metrics: [String: Double]) -> String {
        let validation = "val_" + bareName
        return validationOnly || metrics[validation] != nil ? validation : bareName
    }

    /// Its value among a run's (or an epoch's) metrics; nil when missing or NaN.
    public func value(in metrics: [String: Double]) -> Double? {
        metrics[key(in: metrics)].flatMap { $0.isNaN ? nil : $0 }
    }
}
