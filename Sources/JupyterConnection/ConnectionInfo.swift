import Glibc

/// The contents of a Jupyter connection file: where to bind the five sockets and how
/// to sign messages.
public struct ConnectionInfo: Sendable, Equatable {
    /// `tcp` or `ipc`.
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    /// The HMAC key; empty means messages are neither signed nor verified.
    public var key: String
    public var signatureScheme: String
    public var kernelName: String

    /// The only scheme this kernel signs with.
    public static let supportedSignatureScheme = "hmac-sha256"

    public init(
        transport: String = "tcp", ip: String = "127.0.0.1", shellPort: Int, iopubPort: Int,
        stdinPort: Int, controlPort: Int, hbPort: Int, key: String,
        signatureScheme: String = ConnectionInfo.supportedSignatureScheme, kernelName: String = ""
    ) {
        self.transport = transport
        self.ip = ip
        self.shellPort = shellPort
        self.iopubPort = iopubPort
        self.stdinPort = stdinPort
        self.controlPort = controlPort
        self.hbPort = hbPort
        self.key = key
        self.signatureScheme = signatureScheme
        self.kernelName = kernelName
    }

    /// Reads and validates the connection file at `path`.
    public static func load(path: String) throws(ConnectionFileError) -> ConnectionInfo {
        // Plain open/read keeps this module free of Foundation, whose loading would
        // cost the launcher (strata-kernel) a millisecond of start-up.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .missingFile(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(code)))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
        }
        return try ConnectionInfo(json: bytes)
    }

    /// Decodes and validates connection-file JSON (UTF-8 bytes). Missing `transport`,
    /// `key`, `signature_scheme` and `kernel_name` take jupyter_client's defaults (`tcp`,
    /// empty, `hmac-sha256`, empty); the ip and the five ports are required.
    public init(json: [UInt8]) throws(ConnectionFileError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(json)
        } catch {
            throw .badJSON(reason: error.description)
        }
        guard let fields = value.objectValue else { throw .badJSON(reason: "the top level is not an object") }

        func string(_ name: String, default fallback: String?) throws(ConnectionFileError) -> String {
            guard let field = fields[name] else {
                if let fallback { return fallback }
                throw .missingField(name)
            }
            guard let text = field.stringValue else { throw .invalidField(name, reason: "expected a string") }
            return text
        }
        func port(_ name: String) throws(ConnectionFileError) -> Int {
            guard let field = fields[name] else { throw .missingField(name) }
            guard let port = field.intValue, (0...65535).contains(port) else {
                throw .invalidField(name, reason: "expected a port number from 0 to 65535")
            }
            return port
        }

        transport = try string("transport", default: "tcp")
        guard transport == "tcp" || transport == "ipc" else {
            throw .invalidField("transport", reason: "expected \"tcp\" or \"ipc\", got \"\(transport)\"")
        }
        ip = try string("ip", default: nil)
        shellPort = try port("shell_port")
        iopubPort = try port("iopub_port")
        stdinPort = try port("stdin_port")
        controlPort = try port("control_port")
        hbPort = try port("hb_port")
        key = try string("key", default: "")
        signatureScheme = try string("signature_scheme", default: Self.supportedSignatureScheme)
        // An unsigned connection never hashes anything, so its scheme does not matter.
        guard key.isEmpty || signatureScheme == Self.supportedSignatureScheme else {
            throw .unsupportedSignatureScheme(signatureScheme)
        }
        kernelName = try string("kernel_name", default: "")
    }

    /// The connection as connection-file JSON.
    public var json: JSONValue {
        [
            "transport": .string(transport), "ip": .string(ip),
            "shell_port": .number(Double(shellPort)), "iopub_port": .number(Double(iopubPort)),
            "stdin_port": .number(Double(stdinPort)), "control_port": .number(Double(controlPort)),
            "hb_port": .number(Double(hbPort)), "key": .string(key),
            "signature_scheme": .string(signatureScheme), "kernel_name": .string(kernelName),
        ]
    }

    /// The port of `channel`.
    public func port(_ channel: Channel) -> Int {
        switch channel {
        case .shell: shellPort
        case .control: controlPort
        case .stdin: stdinPort
        case .iopub: iopubPort
        case .heartbeat: hbPort
        }
    }

    /// Returns a copy with the port of `channel` replaced.
    public func with(port: Int, for channel: Channel) -> ConnectionInfo {
        var copy = self
        switch channel {
        case .shell: copy.shellPort = port
        case .control: copy.controlPort = port
        case .stdin: copy.stdinPort = port
        case .iopub: copy.iopubPort = port
        case .heartbeat: copy.hbPort = port
        }
        return copy
    }

    /// The ZeroMQ endpoint of `channel`: `tcp://127.0.0.1:5555`, or for ipc the
    /// `ipc://<ip>-<port>` path jupyter_client uses. For tcp, port 0 becomes `*` so
    /// that ZeroMQ picks a free port (read it back from the bound socket).
    public func endpoint(_ channel: Channel) -> String {
        let port = port(channel)
        if transport == "ipc" { return "ipc://\(ip)-\(port)" }
        let host = ip.contains(":") ? "[\(ip)]" : ip
        return "tcp://\(host):\(port == 0 ? "*" : String(port))"
    }
}

/// Why a connection file could not be used.
public enum ConnectionFileError: Error, Sendable, Equatable {
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    case badJSON(reason: String)
    case missingField(String)
    case invalidField(String, reason: String)
    case unsupportedSignatureScheme(String)
}

extension ConnectionFileError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingFile(let path): "connection file not found: \(path)"
        case .unreadable(let path, let reason): "cannot read connection file \(path): \(reason)"
        case .badJSON(let reason): "connection file is not valid JSON: \(reason)"
        case .missingField(let name): "connection file has no \"\(name)\" field"
        case .invalidField(let name, let reason): "connection file field \"\(name)\" is invalid: \(reason)"
        case .unsupportedSignatureScheme(let scheme):
            "unsupported signature scheme \"\(scheme)\" (only \(ConnectionInfo.supportedSignatureScheme) is supported)"
        }
    }
}
