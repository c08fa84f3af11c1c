import Glibc

/// Why the kernel's sockets could not be set up.
public enum WireError: Error, Sendable, Equatable {
    case connection(ConnectionFileError)
    /// Creating, configuring or binding the socket of `channel` failed.
    case socket(Channel, ZMQError)
    case context(ZMQError)
    /// A system call failed with `code` (an errno value).
    case system(operation: String, code: Int32)
}

extension WireError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .connection(let error): error.description
        case .socket(let channel, let error): "\(channel.rawValue) socket: \(error)"
        case .context(let error): "ZeroMQ context: \(error)"
        case .system(let operation, let code): "\(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}
