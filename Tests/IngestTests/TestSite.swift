import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small web site on 127.0.0.1 for the fetch loop's tests: a thread per connection,
/// every answer closes its connection, and each request is logged with its headers.
/// Answers can be late (for timeouts) or cut off mid-body (a dropped connection).
final class TestSite: @unchecked Sendable {
    struct Request: Sendable {
        var path: String
        /// Header names lowercased.
        var headers: [String: String]
    }

    struct Response: Sendable {
        var status = 200
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        /// Seconds to wait before answering.
        var delay: Double = 0
        /// Send the head and part of the body, then close: a dropped connection.
        var drop = false

        static func text(_ text: String, type: String = "text/html") -> Response {
            Response(headers: [("Content-Type", type)], body: Array(text.utf8))
        }
    }

    let port: Int
    private let listener: Int32
    private let handler: @Sendable (Request) -> Response
    private let lock = NSLock()
    private var log: [Request] = []
    private var stopped = false

    init(_ handler: @escaping @Sendable (Request) -> Response) {
        self.handler = handler
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        listen(listener, 64)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: bound.sin_port))
        self.listener = listener
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Closes the listening socket, once (a second close could hit a reused descriptor).
    func stop() {
        let wasOpen = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard wasOpen else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Every request so far, in arrival order.
    var requests: [Request] { lock.withLock { log } }

    /// The requests for `path`.
    func requests(for path: String) -> [Request] { requests.filter { $0.path == path } }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        guard let request = readRequest(connection) else { return }
        lock.withLock { log.append(request) }
        let response = handler(request)
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        let reason = response.status == 200 ? "OK" : "Status"
        var head = "HTTP/1.1 \(response.status) \(reason)\r\nConnection: close\r\n"
        let length = response.drop ? response.body.count * 2 + 100 : response.body.count
        head += "Content-Length: \(length)\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let body = response.drop ? Array(response.body.prefix(response.body.count / 2)) : response.body
        send(connection, Array(head.utf8) + body)
    }

    private func readRequest(_ connection: Int32) -> Request? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.containsHeadEnd {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            received += buffer.prefix(count)
        }
        let lines = String(decoding: received, as: UTF8.self).components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Request(path: String(parts[1]), headers: headers)
    }

    private func send(_ connection: Int32, _ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { return }
            sent += count
        }
    }
}

extension [UInt8] {
    fileprivate var containsHeadEnd: Bool {
        count >= 4
            && indices.dropLast(3).contains {
                self[$0] == 13 && self[$0 + 1] == 10 && self[$0 + 2] == 13 && self[$0 + 3] == 10
            }
    }
}

/// A fresh folder under /tmp for one test, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "strata-ingest-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ bytes: [UInt8], to relative: String) {
        let file = path + "/" + relative
        try? FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
    }

    func read(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path + "/" + relative).map { Array($0) }
    }

    /// Every file below the folder, relative, sorted (hidden ones included).
    func files(_ relative: String = "") -> [String] {
        let root = relative.isEmpty ? path : path + "/" + relative
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { item -> String? in
            guard let name = item as? String else { return nil }
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isFolder)
            return isFolder.boolValue ? nil : name
        }.sorted()
    }
}
