import Dispatch
import JupyterWire
import Synchronization

/// The output sink of one cell: publishes on IOPub with the execute request as parent.
///
/// Small stream writes are coalesced (a training loop printing per batch would
/// otherwise send a message per line); pending text is flushed after a short delay,
/// before any other output, and by `finish()` before the reply. Every publication
/// happens under one lock, so outputs keep the order the cell produced them in.
/// A silent cell publishes nothing.
final class IOPubOutputSink: OutputSink {
    private struct Pending {
        var name: StreamName
        var text: String
    }

    private struct State {
        var pending: Pending?
        var flushScheduled = false
    }

    /// A buffered stream is sent once it holds this many bytes.
    static let flushBytes = 16_384
    /// ... or once it is this old.
    static let flushDelay = DispatchTimeInterval.milliseconds(50)

    private let transport: any KernelTransport
    private let factory: KernelMessageFactory
    private let parent: MessageHeader
    private let silent: Bool
    private let state = Mutex(State())

    init(transport: any KernelTransport, factory: KernelMessageFactory, parent: MessageHeader, silent: Bool) {
        self.transport = transport
        self.factory = factory
        self.parent = parent
        self.silent = silent
    }

    // MARK: - OutputSink

    func stream(_ name: StreamName, text: String) {
        guard !silent, !text.isEmpty else { return }
        let scheduleFlush = state.withLock { state -> Bool in
            if let pending = state.pending, pending.name != name { flush(&state) }
            state.pending = Pending(name: name, text: (state.pending?.text ?? "") + text)
            if state.pending!.text.utf8.count >= Self.flushBytes {
                flush(&state)
                return false
            }
            defer { state.flushScheduled = true }
            return !state.flushScheduled
        }
        if scheduleFlush {
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.flushDelay) { [self] in
                state.withLock { state in
                    state.flushScheduled = false
                    flush(&state)
                }
            }
        }
    }

    func display(_ bundle: DisplayBundle, displayID: String?) {
        var content = bundle.jsonFields
        content["transient"] = displayID.map { ["display_id": .string($0)] } ?? [:]
        publish(.displayData, content)
    }

    func updateDisplay(_ bundle: DisplayBundle, displayID: String) {
        var content = bundle.jsonFields
        content["transient"] = ["display_id": .string(displayID)]
        publish(.updateDisplayData, content)
    }

    func clearOutput(wait: Bool) {
        publish(.clearOutput, ["wait": .bool(wait)])
    }

    // MARK: - The kernel's own publications for the cell

    /// `execute_input`, the first publication of a cell.
    func publishInput(code: String, executionCount: Int) {
        publish(.executeInput, ["code": .string(code), "execution_count": .number(Double(executionCount))])
    }

    /// `execute_result` for the cell's value.
    func publishResult(_ bundle: DisplayBundle, executionCount: Int) {
        var content = bundle.jsonFields
        content["execution_count"] = .number(Double(executionCount))
        publish(.executeResult, content)
    }

    /// `error` for a failed cell.
    func publishError(_ error: KernelError) {
        publish(.error, error.jsonFields)
    }

    /// Sends buffered stream text now; the kernel calls it before the reply.
    func finish() {
        state.withLock { flush(&$0) }
    }

    // MARK: - Publishing

    private func publish(_ type: MessageType, _ content: [String: JSONValue]) {
        guard !silent else { return }
        state.withLock { state in
            flush(&state)
            send(type, content)
        }
    }

    private func flush(_ state: inout State) {
        guard let pending = state.pending else { return }
        state.pending = nil
        send(.stream, ["name": .string(pending.name.rawValue), "text": .string(pending.text)])
    }

    private func send(_ type: MessageType, _ content: [String: JSONValue]) {
        transport.send(factory.publication(type: type, content: content, parent: parent), on: .iopub)
    }
}
