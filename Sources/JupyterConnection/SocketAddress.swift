import Glibc

/// An IPv4 or IPv6 socket address built from a literal, for `bind`.
struct SocketAddress {
    private var storage = sockaddr_storage()
    private let length: socklen_t
    let family: Int32

    /// nil unless `ip` is an IPv4 or IPv6 literal or `*` (every IPv4 address, as in
    /// ZeroMQ's `tcp://*:port`).
    init?(ip: String, port: Int) {
        let networkPort = in_port_t(UInt16(port).bigEndian)
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_port = networkPort
        if ip == "*" || inet_pton(AF_INET, ip, &v4.sin_addr) == 1 {
            if ip == "*" { v4.sin_addr.s_addr = INADDR_ANY }
            family = AF_INET
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: v4, as: sockaddr_in.self) }
            return
        }
        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        v6.sin6_port = networkPort
        guard inet_pton(AF_INET6, ip, &v6.sin6_addr) == 1 else { return nil }
        family = AF_INET6
        length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: v6, as: sockaddr_in6.self) }
    }

    /// Calls `body` with the address as a `sockaddr` and its length.
    mutating func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        let length = length
        return withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// The local port of an IPv4 or IPv6 socket.
    static func localPort(of fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return nil }
        let family = Int32(storage.ss_family)
        return withUnsafeBytes(of: storage) { raw -> Int? in
            switch family {
            case AF_INET: Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
            case AF_INET6: Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port))
            default: nil
            }
        }
    }
}
