import Experiments
import Learn

/// Why a model cannot be exported, typed where it arises; `description` words it once
/// for the notebook, the command line and the tests alike.
public enum ExportError: Error, Sendable, Equatable {
    /// The model has no weights yet (it was never fitted).
    case untrained
    /// The run's model or weights cannot be read back from the store.
    case restore(RestoreError)
    /// The run recorded no fit settings, so its loss (and with it what the model's
    /// outputs mean) is unknown.
    case noLoss(run: String)
    /// A layer the format cannot express in this position, by its index and kind.
    case unsupportedLayer(index: Int, kind: String, reason: String)
    /// The preprocessing's feature columns do not fill the model's input.
    case schemaMismatch(features: Int, sampleShape: [Int])
    /// A format other than the ones this build writes.
    case unknownFormat(String)
    /// The file could not be written.
    case write(path: String, reason: String)
}

extension ExportError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .untrained:
            "the model has not been trained yet; call fit(model, data) first"
        case .restore(let error):
            error.description
        case .noLoss(let run):
            "run \(run) recorded no fit settings, so what its outputs mean (its loss) is unknown"
        case .unsupportedLayer(let index, let kind, let reason):
            "layer \(index) (\(kind)) cannot be exported: \(reason)"
        case .schemaMismatch(let features, let sampleShape):
            "the run's preprocessing describes \(features) features, the model reads samples of shape \(sampleShape)"
        case .unknownFormat(let name):
            "unknown export format \"\(name)\"; the format is \"onnx\""
        case .write(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
