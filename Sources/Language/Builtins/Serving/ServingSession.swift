import Foundation
import Serve

/// The inference servers a session started with `serve`, so `stop` and the session's
/// end (kernel shutdown) can stop them.
public final class ServingSession {
    var servers: [ServerValue] = []

    init() {}

    /// Waits until every request the running servers have answered is in the prediction
    /// log, so `predictions` and `drift` right after a request see it.
    func syncLogs() {
        for server in servers { server.syncLog() }
    }

    /// Stops every server still running: in-flight requests finish and the prediction
    /// log is written.
    public func stopAll() {
        for server in servers { server.stop() }
        servers.removeAll()
    }
}

extension Session {
    /// Ends what the session runs in the background (servers from `serve`); the kernel
    /// calls it at shutdown, `strata run` at the end of a script.
    public func close() {
        services.existing(ServingSession.self)?.stopAll()
    }
}
