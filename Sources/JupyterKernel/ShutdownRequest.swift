import JupyterWire

/// A shutdown the front end asked for and the kernel answered; returned by
/// `Kernel.waitUntilShutdown()` so the executable can exit (or be restarted).
public struct ShutdownRequest: Sendable, Equatable {
    /// Whether the front end will start the kernel again right away.
    public var restart: Bool

    public init(restart: Bool) {
        self.restart = restart
    }

    init(content: [String: JSONValue]) throws(RequestError) {
        restart = try ContentReader(content: content).bool("restart", default: false)
    }
}
