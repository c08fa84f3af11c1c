import JupyterWire

/// How the kernel reaches the front end. The executable adapts the wire's sockets to
/// this protocol; tests record into memory.
public protocol KernelTransport: Sendable {
    /// Sends `message` on `channel`. Thread-safe. Replies on shell, control and stdin are
    /// routed by `message.identities`; IOPub messages are published (their identities
    /// hold the topic).
    func send(_ message: Message, on channel: Channel)

    /// The next message on stdin (an `input_reply`), or nil after `timeout`.
    /// Called only from the kernel's execution thread.
    func receiveStdin(timeout: Duration) -> Message?
}
