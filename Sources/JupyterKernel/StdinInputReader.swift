import JupyterWire

/// Reads a line from the front end for one cell: sends `input_request` on stdin with
/// the execute request as parent and waits for the matching `input_reply`.
final class StdinInputReader: InputReader {
    /// How often a wait for the user checks whether the cell was interrupted.
    static let pollInterval = Duration.milliseconds(100)

    private let allowed: Bool
    private let request: Message
    private let transport: any KernelTransport
    private let factory: KernelMessageFactory
    private let cancellation: CancellationToken
    /// Sends the cell's buffered output first, so a prompt appears after what preceded it.
    private let flushOutput: @Sendable () -> Void
    private let log: @Sendable (String) -> Void

    init(
        allowed: Bool, request: Message, transport: any KernelTransport, factory: KernelMessageFactory,
        cancellation: CancellationToken, flushOutput: @escaping @Sendable () -> Void,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.allowed = allowed
        self.request = request
        self.transport = transport
        self.factory = factory
        self.cancellation = cancellation
        self.flushOutput = flushOutput
        self.log = log
    }

    func readLine(prompt: String, password: Bool) throws(InputError) -> String {
        guard allowed else { throw .notAllowed }
        flushOutput()
        // A reply left over from an earlier, interrupted prompt must not answer this one.
        while let stale = transport.receiveStdin(timeout: .zero) {
            log("dropped a stale \(stale.header.msgType) on stdin")
        }
        let inputRequest = factory.stdinRequest(
            parent: request,
            content: ["prompt": .string(prompt), "password": .bool(password)])
        transport.send(inputRequest, on: .stdin)
        while true {
            if cancellation.isCancelled { throw .interrupted }
            guard let reply = transport.receiveStdin(timeout: Self.pollInterval) else { continue }
            guard reply.type == .inputReply else {
                log("ignored \(reply.header.msgType) on stdin while waiting for input_reply")
                continue
            }
            if let parent = reply.parentHeader, !parent.msgID.isEmpty, parent.msgID != inputRequest.header.msgID {
                log("ignored an input_reply to another input_request (\(parent.msgID))")
                continue
            }
            guard let value = reply.content["value"]?.stringValue else {
                log("input_reply without a string 'value'; reading it as an empty line")
                return ""
            }
            return value
        }
    }
}
