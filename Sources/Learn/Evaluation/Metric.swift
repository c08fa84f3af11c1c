/// A quality measure, by the names the language uses. Precision, recall and F1 are
/// macro averages over the classes present in the targets or the predictions (as
/// scikit-learn's `average="macro"`, a class never predicted counting precision 0).
/// `auc` and `top_k` read the model's class probabilities, `r2` its numeric outputs;
/// each agrees with scikit-learn (`ClassScores`, `RegressionValues`).
public enum Metric: String, Sendable, CaseIterable, Hashable {
    case accuracy, precision, recall, f1, rmse, mae
    /// ROC AUC: binary, or one-vs-rest macro-averaged for more than two classes.
    case auc
    /// Whether the true class is among the k most probable (k: `topK` where computed).
    case topK = "top_k"
    /// The coefficient of determination, averaged uniformly over outputs.
    case r2
    /// Matthews correlation coefficient (multiclass as scikit-learn's `matthews_corrcoef`):
    /// 1 perfect, 0 no better than chance, -1 always wrong; fair on imbalanced classes.
    case mcc

    /// `top_k`'s k when none is given (the language's `k: 5`).
    public static let defaultTopK = 5

    /// Whether the metric compares predicted classes (else numbers).
    public var isClassification: Bool {
        switch self {
        case .accuracy, .precision, .recall, .f1, .auc, .topK, .mcc: true
        case .rmse, .mae, .r2: false
        }
    }

    /// Whether larger values are better (accuracy, r2) or smaller (rmse, mae).
    public var higherIsBetter: Bool {
        switch self {
        case .accuracy, .precision, .recall, .f1, .auc, .topK, .r2, .mcc: true
        case .rmse, .mae: false
        }
    }

    /// The values the metric can take: fractions in 0...1, errors from 0 up, r2 up to 1
    /// (unbounded below: a model worse than the mean has a negative r2).
    public var range: ClosedRange<Double> {
        switch self {
        case .accuracy, .precision, .recall, .f1, .auc, .topK: 0...1
        case .rmse, .mae: 0...Double.infinity
        case .r2: -Double.infinity...1
        case .mcc: -1...1
        }
    }

    /// Whether the metric needs the model's class scores rather than its predicted classes.
    var needsScores: Bool { self == .auc || self == .topK }

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
