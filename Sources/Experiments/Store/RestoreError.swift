import Learn
import Store

/// Why a run's trained model cannot be rebuilt from the store.
public enum RestoreError: Error, Sendable, Equatable {
    /// The run saved no weights (it failed, or is still running).
    case noWeights(run: RunID, status: RunStatus)
    /// The run has no model spec that reads (the text says why).
    case noModel(String)
    /// Reading the weights object failed: missing or damaged (the error names it).
    case store(StoreError)
    /// The object is intact but does not fit the model spec.
    case mismatch(object: ObjectID, reason: String)
}

extension RestoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noWeights(let run, let status): "run \(run) has no saved weights (it is \(status.rawValue))"
        case .noModel(let problem): problem
        case .store(let error): error.description
        case .mismatch(let object, let reason): "weights object \(object) does not fit the run's layers: \(reason)"
        }
    }
}
