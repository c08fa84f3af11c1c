import Experiments
import Store

/// Why a server cannot start: a run that cannot be served, a name given twice, an
/// address that cannot be bound.
public enum ServeError: Error, Sendable, Equatable, CustomStringConvertible {
    case store(StoreError)
    case restore(run: String, RestoreError)
    /// The run kept no preprocessing (recorded before Strata kept it): the server would
    /// not know the columns a request carries.
    case noPreprocessing(run: String, reason: String)
    case duplicateName(String)
    case invalidOption(String, reason: String)
    case bind(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .store(let error): return error.description
        case .restore(let run, let error): return "run \(run) cannot be served: \(error)"
        case .noPreprocessing(let run, let reason): return "run \(run) cannot be served: \(reason)"
        case .duplicateName(let name):
            return "two runs would be served as '\(name)'; name them apart with RUN=NAME"
        case .invalidOption(let option, let reason): return "--\(option): \(reason)"
        case .bind(let host, let port, let reason): return "cannot listen on \(host):\(port): \(reason)"
        }
    }
}
