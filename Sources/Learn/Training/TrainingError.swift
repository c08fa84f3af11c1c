/// Why training or evaluation cannot start.
public enum TrainingError: Error, Sendable, Equatable {
    /// A fit option (or the optimizer's setting) is out of range (e.g. epochs <= 0).
    case invalidOption(SettingError)
    /// The features or targets are malformed.
    case invalidData(String)
    /// There is nothing to train on.
    case emptyData
    /// The model cannot take the data.
    case model(ModelError)
    /// The model's output width does not match what the targets need.
    case outputMismatch(outputs: Int, expected: Int, what: String)
    /// The loss does not suit the targets.
    case lossMismatch(loss: String, reason: String)
    /// A metric does not suit the targets.
    case metricMismatch(metric: String, reason: String)
}

extension TrainingError: CustomStringConvertible {
    /// The message in user terms.
    public var description: String {
        switch self {
        case .invalidOption(let error): error.description
        case .invalidData(let message): message
        case .emptyData: "the dataset has no rows"
        case .model(let error): error.description
        case .outputMismatch(let outputs, let expected, let what):
            "the model outputs \(outputs) value\(outputs == 1 ? "" : "s") per sample, but the data has \(expected) \(what); make the last layer dense(\(expected))"
        case .lossMismatch(let loss, let reason): "loss \"\(loss)\" does not suit this data: \(reason)"
        case .metricMismatch(let metric, let reason): "metric \"\(metric)\" does not suit this data: \(reason)"
        }
    }
}
