import Glibc

/// A TCP socket bound to one of the kernel's ports and listening, as ZeroMQ's own tcp
/// listener would leave it (SO_REUSEADDR, backlog 100). The launcher opens these
/// without close-on-exec, so they survive its exec of `strata kernel`, which hands
/// them to ZeroMQ (`ZMQ_USE_FD`) instead of binding the ports again.
public struct ListeningSocket: Sendable, Equatable {
    /// The file descriptor; the socket is closed with `close()` or by ZeroMQ.
    public let descriptor: Int32
    /// The local TCP port.
    public let port: Int

    /// The backlog ZeroMQ uses for its listeners (`ZMQ_BACKLOG`'s default).
    public static let backlog: Int32 = 100

    /// Binds and listens on `ip` (an IPv4 or IPv6 literal, or `*` for every IPv4
    /// address) and `port` (1-65535). The descriptor stays open across exec.
    public static func open(ip: String, port: Int) throws(ListenerError) -> ListeningSocket {
        guard (1...65535).contains(port) else { throw .unassignedPort(port: port) }
        guard var address = SocketAddress(ip: ip, port: port) else { throw .notAnAddress(ip) }
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .system(operation: "socket", port: port, code: errno) }
        func fail(_ operation: String) -> ListenerError {
            let code = errno
            _ = Glibc.close(fd)
            return code == EADDRINUSE ? .portInUse(port: port) : .system(operation: operation, port: port, code: code)
        }
        var on: Int32 = 1
        guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw fail("setsockopt SO_REUSEADDR")
        }
        if address.family == AF_INET6 {
            // As ZeroMQ does: an IPv6 listener also accepts IPv4-mapped connections.
            var off: Int32 = 0
            _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &off, socklen_t(MemoryLayout<Int32>.size))
        }
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0 else { throw fail("bind") }
        guard listen(fd, backlog) == 0 else { throw fail("listen") }
        return ListeningSocket(descriptor: fd, port: port)
    }

    /// Opens a listener for each of the five channels of a tcp connection whose ports
    /// are all given. On any failure the listeners opened so far are closed.
    public static func openAll(for connection: ConnectionInfo) throws(ListenerError) -> ListenerHandOff {
        guard connection.transport == "tcp" else { throw .unsupportedTransport(connection.transport) }
        for channel in ListenerHandOff.writingOrder where connection.port(channel) == 0 {
            throw .unassignedPort(port: 0)
        }
        var opened: [Channel: Int32] = [:]
        for channel in ListenerHandOff.writingOrder {
            do throws(ListenerError) {
                opened[channel] = try open(ip: connection.ip, port: connection.port(channel)).descriptor
            } catch {
                for fd in opened.values { _ = Glibc.close(fd) }
                throw error
            }
        }
        return ListenerHandOff(opened)
    }

    /// Takes over an inherited descriptor: checks that it is a listening TCP socket
    /// on `expectedPort`, then makes it non-blocking (ZeroMQ accepts without waiting)
    /// and close-on-exec (children of the kernel must not hold the port). A
    /// descriptor that fails the check is left untouched.
    public static func adopt(descriptor fd: Int32, expectedPort: Int) throws(ListenerError) -> ListeningSocket {
        var type: Int32 = 0
        var listening: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0, type == Int32(SOCK_STREAM.rawValue) else {
            throw .notAListeningSocket(descriptor: fd)
        }
        length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0, listening == 1 else {
            throw .notAListeningSocket(descriptor: fd)
        }
        guard let port = SocketAddress.localPort(of: fd) else { throw .notAListeningSocket(descriptor: fd) }
        guard port == expectedPort else { throw .portMismatch(descriptor: fd, expected: expectedPort, actual: port) }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0, fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 else {
            throw .system(operation: "fcntl", port: port, code: errno)
        }
        return ListeningSocket(descriptor: fd, port: port)
    }

    /// Closes the socket (not needed once ZeroMQ has taken it over).
    public func close() {
        _ = Glibc.close(descriptor)
    }
}

/// Why the kernel's ports could not be bound ahead of the kernel, or an inherited
/// listener could not be used.
public enum ListenerError: Error, Sendable, Equatable {
    /// Only tcp connections can be pre-bound.
    case unsupportedTransport(String)
    /// A port outside 1-65535 (0 asks ZeroMQ to pick one, which only it can do).
    case unassignedPort(port: Int)
    /// The ip is not an address literal (a host name is left to ZeroMQ to resolve).
    case notAnAddress(String)
    case portInUse(port: Int)
    case system(operation: String, port: Int, code: Int32)
    /// An inherited descriptor that is not a listening TCP socket.
    case notAListeningSocket(descriptor: Int32)
    /// An inherited listener bound to another port than the connection's.
    case portMismatch(descriptor: Int32, expected: Int, actual: Int)
}

extension ListenerError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unsupportedTransport(let transport): "transport \"\(transport)\" cannot be pre-bound (only tcp)"
        case .unassignedPort(let port): "port \(port) cannot be pre-bound"
        case .notAnAddress(let ip): "\"\(ip)\" is not an IP address literal"
        case .portInUse(let port): "port \(port) is already in use"
        case .system(let operation, let port, let code):
            "\(operation) for port \(port) failed: \(String(cString: strerror(code)))"
        case .notAListeningSocket(let fd): "descriptor \(fd) is not a listening TCP socket"
        case .portMismatch(let fd, let expected, let actual):
            "descriptor \(fd) listens on port \(actual), not \(expected)"
        }
    }
}
