import Dispatch
import Foundation
import Glibc
import Synchronization

/// The kernel's side of the five Jupyter sockets: binds them, runs one thread per
/// socket, verifies and decodes incoming messages, and signs and sends outgoing ones.
///
/// Threads: heartbeat (ROUTER echoing every ping), IOPub (the one publisher), shell,
/// control and stdin (ROUTER each). Incoming shell and control messages are handed to
/// the `start` handler on their channel's thread.
public final class KernelSockets: Sendable {
    /// The connection as bound: ports given as 0 in the input hold the real port here.
    public let connection: ConnectionInfo
    public let codec: WireCodec

    private let context: ZMQContext
    private let inbound: InboundMessages
    private let heartbeat: SocketThread
    private let iopub: SocketThread
    private let shell: SocketThread
    private let control: SocketThread
    private let stdin: SocketThread
    private let closed = Atomic<Bool>(false)
    private let log: @Sendable (String) -> Void

    /// How long unsent messages may delay closing a socket.
    static let lingerMilliseconds: Int32 = 500
    /// IOPub queue bound per subscriber: generous, since dropped output is lost output.
    static let iopubHighWaterMark: Int32 = 100_000

    /// Binds all five sockets (heartbeat echoing at once) and returns; shell and control
    /// messages wait in ZeroMQ's queues until `start(handler:)`.
    ///
    /// `listeners` are sockets already bound and listening on the connection's ports
    /// (by the `strata-kernel` launcher, see `ListenerHandOff`): each one that is a
    /// listening TCP socket on its channel's port is handed to ZeroMQ instead of
    /// binding that port; any other is logged, closed and ignored.
    public init(
        connection: ConnectionInfo, listeners: ListenerHandOff? = nil,
        log: @escaping @Sendable (String) -> Void
    ) throws(WireError) {
        let context: ZMQContext
        do throws(ZMQError) { context = try ZMQContext() } catch { throw .context(error) }
        let codec = WireCodec(key: connection.key)
        let inbound = InboundMessages(codec: codec, log: log)
        self.context = context
        self.codec = codec
        self.inbound = inbound
        self.log = log

        var started: [SocketThread] = []
        var bound = connection
        let adopted = Self.adopt(listeners, connection: connection, log: log)
        func spawn(
            _ channel: Channel, _ type: ZMQSocketType, receiving: Bool,
            linger: Int32 = KernelSockets.lingerMilliseconds,
            highWaterMark: Int32? = nil,
            onReceive: @escaping SocketThread.Receiver
        ) throws(WireError) -> SocketThread {
            let (thread, endpoint) = try SocketThread.spawn(
                channel: channel, context: context, type: type, endpoint: connection.endpoint(channel),
                listener: adopted[channel], lingerMilliseconds: linger, sendHighWaterMark: highWaterMark,
                receiving: receiving,
                log: log, onReceive: onReceive)
            started.append(thread)
            if connection.transport == "tcp", let port = endpoint.split(separator: ":").last.flatMap({ Int($0) }) {
                bound = bound.with(port: port, for: channel)
            }
            return thread
        }
        do throws(WireError) {
            // A ROUTER echo answers both REQ and DEALER pingers, and never wedges the
            // way a REP socket does after a malformed request.
            // Shell first: a client's first kernel_info_request goes there, and a port
            // that is not yet bound when the client connects costs it ZeroMQ's 100 ms
            // reconnect interval.
            shell = try spawn(.shell, .router, receiving: false) { frames, _ in inbound.receive(frames, on: .shell) }
            iopub = try spawn(.iopub, .pub, receiving: false, highWaterMark: Self.iopubHighWaterMark) { _, _ in }
            control = try spawn(.control, .router, receiving: false) { frames, _ in
                inbound.receive(frames, on: .control)
            }
            heartbeat = try spawn(.heartbeat, .router, receiving: true, linger: 0) { frames, thread in
                thread.enqueue(.frames(frames))
            }
            stdin = try spawn(.stdin, .router, receiving: true) { frames, _ in inbound.receive(frames, on: .stdin) }
        } catch {
            for thread in started { thread.stop() }
            for thread in started { _ = thread.waitUntilFinished(timeout: .seconds(1)) }
            throw error
        }
        self.connection = bound
    }

    /// The handed-over listeners that can serve their channel; the others are closed,
    /// so that channel binds its port as usual.
    private static func adopt(
        _ listeners: ListenerHandOff?, connection: ConnectionInfo,
        log: @Sendable (String) -> Void
    ) -> [Channel: ListeningSocket] {
        guard let listeners else { return [:] }
        var adopted: [Channel: ListeningSocket] = [:]
        for (channel, descriptor) in listeners.descriptors {
            guard connection.transport == "tcp" else {
                log(
                    "\(channel.rawValue): inherited listener \(descriptor) ignored: the transport is \(connection.transport)"
                )
                _ = Glibc.close(descriptor)
                continue
            }
            do throws(ListenerError) {
                adopted[channel] = try ListeningSocket.adopt(
                    descriptor: descriptor, expectedPort: connection.port(channel))
            } catch {
                log("\(channel.rawValue): inherited listener ignored: \(error)")
                _ = Glibc.close(descriptor)
            }
        }
        return adopted
    }

    /// Starts handing valid shell and control messages to `handler`, on that
    /// channel's thread. Frames that fail to decode or verify are logged and dropped.
    ///
    /// The handler must return promptly and must not wait for its own replies to be
    /// sent: replies to a channel go out on that channel's thread, after the handler
    /// returns. Run long work (execution) on another thread.
    public func start(handler: @escaping @Sendable (Message, Channel) -> Void) {
        inbound.setHandler(handler)
        shell.startReceiving()
        control.startReceiving()
    }

    /// Signs, frames and sends `message`; callable from any thread. On shell, control
    /// and stdin the message is routed by `message.identities`; on IOPub the topic is
    /// the first identity if any, else `kernel.<session>.<msg_type>`. A message on
    /// shell, control or stdin goes out only after every IOPub message sent before it
    /// has been handed to ZeroMQ, so a reply never overtakes its own output.
    public func send(_ message: Message, on channel: Channel) {
        switch channel {
        case .iopub:
            var message = message
            if message.identities.isEmpty {
                message.identities = [Data("kernel.\(message.header.session).\(message.header.msgType)".utf8)]
            } else if message.identities.count > 1 {
                message.identities = [message.identities[0]]
            }
            iopub.enqueue(.frames(codec.encode(message)))
        case .shell, .control, .stdin:
            let frames = codec.encode(message)
            let target = thread(for: channel)
            iopub.afterPendingSends { target.enqueue(.frames(frames)) }
        case .heartbeat:
            log("hb: refused to send a \(message.header.msgType) message on the heartbeat channel")
        }
    }

    /// Waits up to `timeout` for the next valid message on stdin (an `input_reply`);
    /// nil on timeout. Messages left from earlier requests are returned first: check
    /// the parent header.
    public func receiveStdin(timeout: Duration) -> Message? {
        inbound.nextStdin(timeout: timeout)
    }

    /// Sends what is queued (IOPub first, then the other channels), stops the threads
    /// and closes the sockets, giving unsent messages up to about half a second.
    /// Later sends are dropped. Safe to call more than once.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // IOPub first: its queue may hold replies waiting to be forwarded to shell.
        iopub.stop()
        if !iopub.waitUntilFinished(timeout: .seconds(2)) { log("iopub: thread did not stop in time") }
        var allFinished = true
        for thread in [shell, control, stdin, heartbeat] {
            thread.stop()
        }
        for thread in [shell, control, stdin, heartbeat] where !thread.waitUntilFinished(timeout: .seconds(2)) {
            log("\(thread.channel.rawValue): thread did not stop in time (a handler is still running)")
            allFinished = false
        }
        // Terminating waits for the sockets' linger, which is what delivers the last
        // replies (shutdown_reply) before the process exits.
        if allFinished { context.terminate() } else { context.shutdown() }
        inbound.setHandler(nil)
    }

    /// The channel threads' kernel task ids, for tests.
    var taskIDs: [pid_t] {
        [heartbeat, iopub, shell, control, stdin].compactMap { $0.taskID.withLock { $0 } }
    }

    private func thread(for channel: Channel) -> SocketThread {
        switch channel {
        case .shell: shell
        case .control: control
        case .stdin: stdin
        case .iopub: iopub
        case .heartbeat: heartbeat
        }
    }
}
