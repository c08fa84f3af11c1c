import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client for a server this process started (`query(server, ds)` in
/// a notebook): one request per connection, `Connection: close`, a body of known
/// length. It speaks to numeric IPv4 hosts only, which is what `serve` binds by default.
public enum LoopbackClient {
    public struct Reply: Sendable {
        public var status: Int
        public var body: [UInt8]
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// POSTs `body` to `path` on `host:port` and returns the status and body.
    public static func post(
        host: String, port: Int, path: String, body: [UInt8], headers: [(String, String)],
        timeout: Double = 30
    ) throws(Failure) -> Reply {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else {
            throw Failure(description: "cannot open a socket: \(String(cString: strerror(errno)))")
        }
        defer { close(socket) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw Failure(description: "'\(host)' is not an IPv4 address")
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            throw Failure(description: "cannot connect to \(host):\(port): \(String(cString: strerror(errno)))")
        }
        var request =
            "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
            + "Content-Length: \(body.count)\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        let bytes = Array((request + "\r\n").utf8) + body
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else {
                throw Failure(description: "sending to \(host):\(port) failed: \(String(cString: strerror(errno)))")
            }
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else {
                throw Failure(description: "reading from \(host):\(port) failed: \(String(cString: strerror(errno)))")
            }
            response.append(contentsOf: buffer[0..<n])
        }
        return try parse(response)
    }

    /// The status and body of a response read to its end (Content-Length or chunked).
    static func parse(_ response: [UInt8]) throws(Failure) -> Reply {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, response.count - 3)).first(where: { Array(response[$0..<($0 + 4)]) == separator })
        else {
            throw Failure(description: "the server's answer has no header")
        }
        let head = String(decoding: response[0..<end], as: UTF8.self).split(separator: "\r\n").map(String.init)
        guard let statusLine = head.first, statusLine.hasPrefix("HTTP/1."), statusLine.count >= 12,
            let status = Int(statusLine.dropFirst(9).prefix(3))
        else {
            throw Failure(description: "the server's answer does not start with an HTTP status line")
        }
        var body = Array(response[(end + 4)...])
        let chunked = head.dropFirst().contains {
            $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked")
        }
        if chunked {
            var decoded: [UInt8] = []
            var index = 0
            while index < body.count {
                guard
                    let lineEnd = (index..<max(index, body.count - 1)).first(where: {
                        body[$0] == 13 && body[$0 + 1] == 10
                    }),
                    let size = Int(
                        String(decoding: body[index..<lineEnd], as: UTF8.self)
                            .split(separator: ";").first.map(String.init) ?? "", radix: 16)
                else { break }
                if size == 0 { break }
                let start = lineEnd + 2
                guard start + size <= body.count else { break }
                decoded.append(contentsOf: body[start..<(start + size)])
                index = start + size + 2
            }
            body = decoded
        }
        return Reply(status: status, body: body)
    }
}
