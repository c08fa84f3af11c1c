import Foundation
import Render
import Serve
import Synchronization

/// What `serve(run)` returns (`type(s)` is `"server"`): an inference server running in
/// the background of the session. Fields: `.url`, `.name` (the model's), `.run` (its
/// id), `.running`. `stop(server)` stops it.
public final class ServerValue: NativeValue {
    public let url: String
    public let name: String
    public let run: String
    /// Where `query` connects, and the token it sends (never shown).
    let host: String
    let port: Int
    let token: String?
    private let server: InferenceServer
    private let trigger: ShutdownTrigger
    private let finished: DispatchSemaphore
    private let state = Mutex(true)

    init(
        url: String, name: String, run: String, host: String, port: Int, token: String?, server: InferenceServer,
        trigger: ShutdownTrigger, finished: DispatchSemaphore
    ) {
        self.url = url
        self.host = host
        self.port = port
        self.token = token
        self.name = name
        self.run = run
        self.server = server
        self.trigger = trigger
        self.finished = finished
    }

    public var running: Bool { state.withLock { $0 } }

    /// Returns once every request answered so far is in the prediction log: a client has
    /// its answer a moment before the log has the request.
    func syncLog() {
        server.syncLog()
    }

    /// Stops the server gracefully and waits until it has drained; stopping twice is harmless.
    func stop() {
        let wasRunning = state.withLock { running in
            defer { running = false }
            return running
        }
        guard wasRunning else { return }
        let trigger = self.trigger
        Task { await trigger.trigger() }
        finished.wait()
    }

    public var typeName: String { "server" }

    public var memberNames: [String] { ["url", "name", "run", "running"] }

    public func member(named name: String) -> Value? {
        switch name {
        case "url": .string(url)
        case "name": .string(self.name)
        case "run": .string(run)
        case "running": .bool(running)
        default: nil
        }
    }

    public var summary: String {
        running ? "server: model \(name) (run \(run)) at \(url)" : "server: model \(name), stopped"
    }

    public func display() -> MimeBundle {
        guard running else { return MimeBundle(plain: summary) }
        let infer = "\(url)/v2/models/\(name)/infer"
        let lines = [
            summary, "POST \(infer)  (Open Inference Protocol V2)", "POST \(url)/invocations  (MLflow)",
            "GET  \(url)/metrics  (Prometheus)",
        ]
        let html =
            "<p>" + Table.escapeHTML(summary) + "</p><ul>"
            + "<li><code>POST " + Table.escapeHTML(infer) + "</code> (Open Inference Protocol V2)</li>"
            + "<li><code>POST " + Table.escapeHTML(url + "/invocations") + "</code> (MLflow)</li>"
            + "<li><code>GET " + Table.escapeHTML(url + "/metrics") + "</code> (Prometheus)</li></ul>"
        return MimeBundle(plain: lines.joined(separator: "\n"), extra: ["text/html": html])
    }

    public var length: Int? { nil }

    public func elements() -> [Value]? { nil }

    public func subscripted(by key: Value, span: SourceSpan) throws(RuntimeError) -> Value? { nil }
}
