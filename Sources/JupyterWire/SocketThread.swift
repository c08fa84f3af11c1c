import CZeroMQ
import Dispatch
import Foundation
import Synchronization

/// A thread that owns one ZeroMQ socket for its whole life. Other threads never touch
/// the socket: they queue outgoing frames (or actions) and wake the thread through a
/// self-pipe that it polls alongside the socket, so sends are thread-safe and cost no
/// polling delay.
final class SocketThread: Sendable {
    /// What the owning thread does next, in queue order.
    enum Outgoing: Sendable {
        case frames([Data])
        /// Runs on the owning thread once everything queued before it has been sent.
        case action(@Sendable () -> Void)
    }

    private struct State {
        var outbox: [Outgoing] = []
        /// Items queued but not yet handed to ZeroMQ (queued or in the batch being sent).
        var pending = 0
        var receiving: Bool
        var stopping = false
        var finished = false
    }

    typealias Receiver = @Sendable (_ frames: [Data], _ thread: SocketThread) -> Void

    let channel: Channel
    /// The owning thread's kernel task id (as in /proc/self/task), for tests.
    let taskID = Mutex<pid_t?>(nil)
    private let state: Mutex<State>
    private let wake: WakePipe
    private let done = DispatchSemaphore(value: 0)
    private let log: @Sendable (String) -> Void

    private init(channel: Channel, receiving: Bool, wake: WakePipe, log: @escaping @Sendable (String) -> Void) {
        self.channel = channel
        self.state = Mutex(State(receiving: receiving))
        self.wake = wake
        self.log = log
    }

    deinit {
        wake.close()
    }

    /// Starts a thread that creates a socket of `type`, binds it to `endpoint`, then
    /// serves it. Returns once the bind has succeeded, with the bound endpoint (the
    /// real port when `*` was asked for).
    ///
    /// - Parameters:
    ///   - listener: a TCP socket already bound to `endpoint` and listening, which
    ///     ZeroMQ then uses (`ZMQ_USE_FD`) instead of binding the port itself.
    ///   - receiving: whether incoming messages are read from the start; otherwise
    ///     they wait in ZeroMQ's queue until `startReceiving()`.
    ///   - onReceive: called on the owning thread for each incoming multipart message.
    static func spawn(
        channel: Channel, context: ZMQContext, type: ZMQSocketType, endpoint: String,
        listener: ListeningSocket? = nil,
        lingerMilliseconds: Int32, sendHighWaterMark: Int32? = nil, receiving: Bool,
        log: @escaping @Sendable (String) -> Void,
        onReceive: @escaping Receiver
    ) throws(WireError) -> (SocketThread, boundEndpoint: String) {
        let thread = SocketThread(channel: channel, receiving: receiving, wake: try WakePipe(), log: log)
        let bound = Mutex<Result<String, ZMQError>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let worker = Thread {
            thread.taskID.withLock { $0 = SocketThread.currentTaskID() }
            SocketThread.blockAsynchronousSignals()
            let socket: ZMQSocket
            do throws(ZMQError) {
                socket = try ZMQSocket(context: context, type: type, lingerMilliseconds: lingerMilliseconds)
                if let sendHighWaterMark { try socket.setOption(ZMQ_SNDHWM, sendHighWaterMark) }
                // With ZMQ_USE_FD, libzmq's tcp listener skips its own bind and listen
                // and accepts on this descriptor; the endpoint only names it.
                if let listener { try socket.setOption(ZMQ_USE_FD, listener.descriptor) }
                try socket.bind(endpoint)
                let actual = try socket.lastEndpoint()
                bound.withLock { $0 = .success(actual) }
                ready.signal()
            } catch {
                bound.withLock { $0 = .failure(error) }
                ready.signal()
                thread.finish()
                return
            }
            thread.run(socket: socket, onReceive: onReceive)
            socket.close()
            thread.finish()
        }
        worker.name = "strata-\(channel.rawValue)"
        worker.start()
        ready.wait()
        switch bound.withLock({ $0 })! {
        case .success(let actual): return (thread, actual)
        case .failure(let error): throw .socket(channel, error)
        }
    }

    /// Queues frames to send; false (and nothing sent) once the thread is stopping.
    @discardableResult
    func enqueue(_ item: Outgoing) -> Bool {
        let (accepted, needsWake) = state.withLock { state in
            guard !state.stopping else { return (false, false) }
            state.outbox.append(item)
            state.pending += 1
            // A non-empty outbox has already woken the thread, which has not yet
            // taken the batch: one wake-up per batch saves a syscall per message.
            return (true, state.outbox.count == 1)
        }
        if needsWake { wake.signal() }
        if !accepted { log("\(channel.rawValue): dropped an outgoing message after close") }
        return accepted
    }

    /// Runs `action` after every item queued so far has been handed to ZeroMQ: at once
    /// on the caller's thread when nothing is pending, else on this thread.
    func afterPendingSends(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> (Bool, Bool) in
            // Once stopping, the thread has drained its queue; nothing can be pending.
            guard state.pending > 0, !state.stopping else { return (true, false) }
            state.outbox.append(.action(action))
            state.pending += 1
            return (false, state.outbox.count == 1)
        }
        if runNow.0 { action() } else if runNow.1 { wake.signal() }
    }

    /// Lets the thread read incoming messages.
    func startReceiving() {
        state.withLock { $0.receiving = true }
        wake.signal()
    }

    /// Asks the thread to send what is queued, close its socket and end.
    func stop() {
        state.withLock { $0.stopping = true }
        wake.signal()
    }

    /// Waits for the thread to end, up to `timeout`; true if it did.
    func waitUntilFinished(timeout: Duration) -> Bool {
        if state.withLock({ $0.finished }) { return true }
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        guard done.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success else { return false }
        done.signal()  // let later waiters through too
        return true
    }

    /// Keeps SIGINT and other process-directed signals off this thread, so they reach
    /// the kernel's own threads (which treat SIGINT as an interrupt) and never cut a
    /// ZeroMQ call short here. Faults (SIGSEGV, SIGBUS, ...) stay deliverable.
    private static func blockAsynchronousSignals() {
        var signals = sigset_t()
        sigfillset(&signals)
        for fault in [SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS] { sigdelset(&signals, fault) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }

    /// The calling thread's task id, read from /proc (glibc's gettid is not imported).
    private static func currentTaskID() -> pid_t? {
        guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self") else {
            return nil
        }
        return link.split(separator: "/").last.flatMap { pid_t($0) }
    }

    private func finish() {
        state.withLock { $0.finished = true }
        done.signal()
    }

    private func run(socket: ZMQSocket, onReceive: Receiver) {
        var items = [
            zmq_pollitem_t(socket: nil, fd: wake.readFD, events: Int16(ZMQ_POLLIN), revents: 0),
            zmq_pollitem_t(socket: socket.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0),
        ]
        while true {
            let (receiving, stopping) = state.withLock { ($0.receiving, $0.stopping) }
            if stopping {
                sendQueued(on: socket)
                return
            }
            if zmq_poll(&items, receiving ? 2 : 1, -1) < 0 {
                let error = ZMQError.last("zmq_poll")
                if zmq_errno() == EINTR { continue }
                log("\(channel.rawValue): \(error); thread ends")
                return
            }
            // Drain the pipe before the queue, so a wake-up written after this point
            // is never lost.
            if items[0].revents != 0 { wake.drain() }
            sendQueued(on: socket)
            if receiving && items[1].revents != 0 {
                guard receiveAvailable(on: socket, onReceive: onReceive) else { return }
            }
        }
    }

    /// Reads every waiting message (bounded, so sends are not starved), sending queued
    /// replies after each one: a heartbeat echo goes out before the next ping is read.
    private func receiveAvailable(on socket: ZMQSocket, onReceive: Receiver) -> Bool {
        for _ in 0..<64 {
            do throws(ZMQError) {
                guard let frames = try socket.receive(dontWait: true) else { return true }
                onReceive(frames, self)
                sendQueued(on: socket)
            } catch .terminated {
                return false
            } catch {
                log("\(channel.rawValue): \(error)")
                return true
            }
        }
        return true
    }

    private func sendQueued(on socket: ZMQSocket) {
        while true {
            let batch = state.withLock { state -> [Outgoing] in
                defer { state.outbox.removeAll(keepingCapacity: true) }
                return state.outbox
            }
            if batch.isEmpty { return }
            for item in batch {
                switch item {
                case .frames(let frames):
                    do throws(ZMQError) {
                        try socket.send(frames, dontWait: true)
                    } catch {
                        log("\(channel.rawValue): message not sent: \(error)")
                    }
                case .action(let action):
                    action()
                }
            }
            state.withLock { $0.pending -= batch.count }
        }
    }
}
