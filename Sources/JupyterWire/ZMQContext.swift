import CZeroMQ
import Synchronization

/// A ZeroMQ context. Unlike sockets, contexts are thread-safe, so one is shared by
/// every channel thread. Each socket keeps its context alive; the context terminates
/// (waiting for the sockets' linger) when the last reference goes.
public final class ZMQContext: @unchecked Sendable {
    // The pointer is immutable and libzmq synchronises every context operation.
    let handle: UnsafeMutableRawPointer
    private let terminated = Atomic<Bool>(false)

    public init() throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw .last("zmq_ctx_new") }
        self.handle = handle
    }

    /// Makes every blocking call on this context's sockets fail with `.terminated`;
    /// the sockets must still be closed by their owners.
    public func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    /// Destroys the context, first waiting for each closed socket's linger so that
    /// queued messages are delivered. Blocks until every socket is closed: call it
    /// only once the sockets' threads have ended. Later calls do nothing.
    public func terminate() {
        guard !terminated.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Retry on EINTR: a SIGINT (the kernel's interrupt) may land while waiting.
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    deinit {
        terminate()
    }
}
