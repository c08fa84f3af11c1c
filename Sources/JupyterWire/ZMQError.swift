import CZeroMQ

/// A failed ZeroMQ call, with the errno it reported.
public enum ZMQError: Error, Sendable, Equatable {
    /// The context was shut down while the call was blocked (ETERM).
    case terminated
    /// `operation` failed with `code` (an errno value, described by `zmq_strerror`).
    case failed(operation: String, code: Int32)

    /// Builds the error for the current `zmq_errno()`.
    static func last(_ operation: String) -> ZMQError {
        let code = zmq_errno()
        return code == ETERM ? .terminated : .failed(operation: operation, code: code)
    }
}

extension ZMQError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .terminated: "the ZeroMQ context was terminated"
        case .failed(let operation, let code): "\(operation) failed: \(String(cString: zmq_strerror(code)))"
        }
    }
}
