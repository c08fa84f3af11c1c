/// A quality measure, by the names the language uses. Precision, recall and F1 are
/// macro averages over the classes present in the targets or the predictions (as
/// scikit-learn's `average="macro"`, a class never predicted counting precision 0).
public enum Metric: String, Sendable, CaseIterable, Hashable {
    case accuracy, precision, recall, f1, rmse, mae

    /// Whether the metric compares predicted classes (else numbers).
    public var isClassification: Bool {
        switch self {
        case .accuracy, .precision, .recall, .f1: true
        case .rmse, .mae: false
        }
    }

    /// Whether larger values are better (accuracy) or smaller (rmse).
    public var higherIsBetter: Bool { isClassification }

    /// `["accuracy"]` for class targets, `["rmse"]` otherwise (the language's `metrics: auto`).
    public static func automatic(for targets: Targets) -> [Metric] {
        targets.isClassification ? [.accuracy] : [.rmse]
    }
}

/// A metric and its value.
public struct MetricValue: Sendable, Equatable {
    public let metric: Metric
    public let value: Double

    public init(metric: Metric, value: Double) {
        self.metric = metric
        self.value = value
    }
}

extension Array where Element == MetricValue {
    /// The value of `metric`, if present.
    public subscript(metric: Metric) -> Double? {
        first { $0.metric == metric }?.value
    }
}
