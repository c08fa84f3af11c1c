import Foundation
import JupyterKernel
import JupyterWire
import Synchronization
import Testing

/// A started kernel on a memory transport, and helpers to talk to it as a client does.
struct KernelHarness {
    let transport = MemoryTransport()
    let logs = LogRecorder()
    let history: any HistoryStore
    let kernel: Kernel
    static let clientIdentity = Data("client-1".utf8)
    static let session = "kernel-session"

    init(history: any HistoryStore = InMemoryHistoryStore(), start: Bool = true) {
        self.history = history
        kernel = Kernel(
            interpreter: MockInterpreter(), transport: transport, history: history,
            session: Self.session, implementationVersion: "0.1.0",
            helpLinks: [HelpLink(text: "Strata", url: "https://example.org/strata")], log: logs.sink)
        if start { kernel.start() }
    }

    /// Builds a client request; does not send it.
    static func request(_ type: String, _ content: [String: JSONValue] = [:]) -> Message {
        Message(
            identities: [clientIdentity],
            header: MessageHeader(
                msgID: UUID().uuidString.lowercased(), session: "client-session",
                username: "ada", date: "2026-01-01T00:00:00.000000Z", msgType: type),
            content: content)
    }

    /// Sends a request to the kernel as the front end would.
    @discardableResult
    func send(_ type: String, _ content: [String: JSONValue] = [:], on channel: Channel = .shell) -> Message {
        let message = Self.request(type, content)
        kernel.handle(message, from: channel)
        return message
    }

    /// Sends `execute_request` with `code` and the given extra fields.
    @discardableResult
    func execute(_ code: String, _ extra: [String: JSONValue] = [:], on channel: Channel = .shell) -> Message {
        var content: [String: JSONValue] = ["code": .string(code)]
        content.merge(extra) { _, new in new }
        return send("execute_request", content, on: channel)
    }

    /// Waits for the idle that ends `request`, then returns everything sent with it as parent.
    @discardableResult
    func finished(_ request: Message, timeout: Duration = .seconds(10)) -> [SentMessage] {
        let done = transport.wait(timeout: timeout) { sent in
            sent.contains { $0.parentID == request.header.msgID && $0.content["execution_state"] == "idle" }
        }
        #expect(done, "no idle for \(request.header.msgType)")
        return transport.all.filter { $0.parentID == request.header.msgID }
    }

    /// The reply to `request` (waiting for its idle first).
    func reply(to request: Message) -> SentMessage? {
        finished(request).first { $0.channel != .iopub && $0.type.hasSuffix("_reply") }
    }

    /// Sends an execute request and returns its reply content.
    func run(_ code: String, _ extra: [String: JSONValue] = [:]) -> [String: JSONValue] {
        reply(to: execute(code, extra))?.content ?? [:]
    }
}

extension [SentMessage] {
    /// `channel:type` of each message, e.g. `iopub:status`, for order checks.
    var kinds: [String] {
        map { sent in
            if sent.type == "status" { return "iopub:\(sent.content["execution_state"]?.stringValue ?? "?")" }
            return "\(sent.channel.rawValue):\(sent.type)"
        }
    }

    /// All stdout text, in order.
    var stdout: String {
        filter { $0.type == "stream" && $0.content["name"] == "stdout" }
            .compactMap { $0.content["text"]?.stringValue }.joined()
    }
}
