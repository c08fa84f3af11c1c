import Foundation
import JupyterKernel
import JupyterWire
import Testing

@Suite("requests other than execute")
struct KernelRequestTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var type: String
        var content: [String: JSONValue]
        var channel: Channel
        /// nil: the message gets no reply.
        var reply: String?
        var testDescription: String { "\(type) on \(channel.rawValue)" }
    }

    static let cases: [Case] = [
        Case(type: "kernel_info_request", content: [:], channel: .shell, reply: "kernel_info_reply"),
        Case(type: "kernel_info_request", content: [:], channel: .control, reply: "kernel_info_reply"),
        Case(type: "execute_request", content: ["code": "1"], channel: .shell, reply: "execute_reply"),
        Case(
            type: "complete_request", content: ["code": "pr", "cursor_pos": 2], channel: .shell, reply: "complete_reply"
        ),
        Case(
            type: "inspect_request", content: ["code": "print", "cursor_pos": 2], channel: .shell,
            reply: "inspect_reply"),
        Case(type: "is_complete_request", content: ["code": "x"], channel: .control, reply: "is_complete_reply"),
        Case(
            type: "history_request", content: ["hist_access_type": "tail", "n": 5], channel: .shell,
            reply: "history_reply"),
        Case(type: "comm_info_request", content: [:], channel: .shell, reply: "comm_info_reply"),
        Case(type: "interrupt_request", content: [:], channel: .control, reply: "interrupt_reply"),
        Case(type: "debug_request", content: [:], channel: .control, reply: "debug_reply"),
        Case(type: "comm_msg", content: ["comm_id": "c", "data": [:]], channel: .shell, reply: nil),
        Case(type: "comm_close", content: ["comm_id": "c"], channel: .shell, reply: nil),
        Case(type: "unknown_request", content: [:], channel: .shell, reply: nil),
        Case(type: "status", content: [:], channel: .control, reply: nil),
    ]

    @Test(arguments: cases)
    func everyRequestIsBracketedByBusyAndIdle(_ test: Case) {
        let harness = KernelHarness()
        let request = harness.send(test.type, test.content, on: test.channel)
        let sent = harness.finished(request)
        #expect(sent.first?.channel == .iopub)
        #expect(sent.first?.content == ["execution_state": "busy"])
        #expect(sent.last?.content == ["execution_state": "idle"])
        for status in [sent.first, sent.last].compactMap({ $0 }) {
            #expect(status.message.parentHeader == request.header)
            #expect(status.message.identities == [Data("kernel.\(KernelHarness.session).status".utf8)])
        }
        let replies = sent.filter { $0.channel != .iopub }
        if let expected = test.reply {
            #expect(replies.map(\.type) == [expected])
            #expect(replies.first?.channel == test.channel)
            #expect(replies.first?.message.identities == [KernelHarness.clientIdentity])
        } else {
            #expect(replies.isEmpty)
        }
    }

    @Test func startPublishesStartingOnce() {
        let harness = KernelHarness(start: false)
        harness.kernel.start()
        harness.kernel.start()
        let statuses = harness.transport.all.filter { $0.type == "status" }
        #expect(statuses.map(\.content) == [["execution_state": "starting"]])
        #expect(statuses.first?.message.parentHeader == nil)
    }

    @Test func headersCarryFreshIDsAndMicrosecondDates() throws {
        let harness = KernelHarness()
        let sent = harness.finished(harness.send("kernel_info_request"))
        let pattern = try Regex(#"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"#)
        let uuid = try Regex(#"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"#)
        for message in sent.map(\.message) {
            #expect(message.header.date.wholeMatch(of: pattern) != nil, "\(message.header.date)")
            #expect(message.header.msgID.wholeMatch(of: uuid) != nil, "\(message.header.msgID)")
        }
        #expect(Set(sent.map(\.message.header.msgID)).count == sent.count)
    }

    @Test func kernelInfoReply() {
        let harness = KernelHarness()
        let content = harness.reply(to: harness.send("kernel_info_request", on: .control))?.content ?? [:]
        #expect(content["status"] == "ok")
        #expect(content["protocol_version"] == "5.3")
        #expect(content["implementation"] == "strata")
        #expect(content["implementation_version"] == "0.1.0")
        #expect(
            content["language_info"] == [
                "name": "strata", "version": "0.1.0", "mimetype": "text/x-strata",
                "file_extension": ".strata", "pygments_lexer": "python",
                "codemirror_mode": "python",
            ])
        #expect(content["banner"] == "Strata mock")
        #expect(content["help_links"] == [["text": "Strata", "url": "https://example.org/strata"]])
        #expect(content["debugger"] == false)
    }

    @Test func completeReply() {
        let harness = KernelHarness()
        // "é" is one scalar: the cursor counts scalars, not UTF-16 units or bytes.
        let content = harness.reply(to: harness.send("complete_request", ["code": "é pr", "cursor_pos": 4]))?.content
        #expect(content?["status"] == "ok")
        #expect(content?["matches"] == ["print", "prompt"])
        #expect(content?["cursor_start"] == 2)
        #expect(content?["cursor_end"] == 4)
        #expect(
            content?["metadata"] == [
                "_jupyter_types_experimental": [
                    ["text": "print", "type": "function", "signature": "print(x)", "start": 2, "end": 4],
                    ["text": "prompt", "type": "function", "signature": "prompt(x)", "start": 2, "end": 4],
                ]
            ])
    }

    @Test(arguments: [nil, 2, 40] as [Int?])
    func completeWithoutOrPastTheCursorCompletesAtTheEnd(cursor: Int?) {
        let harness = KernelHarness()
        var request: [String: JSONValue] = ["code": "ra"]
        if let cursor { request["cursor_pos"] = .number(Double(cursor)) }
        let content = harness.reply(to: harness.send("complete_request", request))?.content
        #expect(content?["matches"] == ["range"])
        #expect(content?["cursor_end"] == 2)
    }

    @Test(
        arguments: [
            (
                ["code": "print", "cursor_pos": 3, "detail_level": 0] as [String: JSONValue],
                ["status": "ok", "found": true, "data": ["text/plain": "print(x)"], "metadata": [:]]
                    as [String: JSONValue]
            ),
            (
                ["code": "print", "cursor_pos": 3, "detail_level": 1],
                ["status": "ok", "found": true, "data": ["text/plain": "print(x) in detail"], "metadata": [:]]
            ),
            (["code": "zzz", "cursor_pos": 1], ["status": "ok", "found": false, "data": [:], "metadata": [:]]),
        ] as [([String: JSONValue], [String: JSONValue])])
    func inspectReply(request: [String: JSONValue], expected: [String: JSONValue]) {
        let harness = KernelHarness()
        #expect(harness.reply(to: harness.send("inspect_request", request))?.content == expected)
    }

    @Test(
        arguments: [
            ("x = 1", ["status": "complete"] as [String: JSONValue]),
            ("for i in xs:", ["status": "incomplete", "indent": "    "]),
            (")", ["status": "invalid"]),
            ("what?", ["status": "unknown"]),
        ] as [(String, [String: JSONValue])])
    func isCompleteReply(code: String, expected: [String: JSONValue]) {
        let harness = KernelHarness()
        #expect(harness.reply(to: harness.send("is_complete_request", ["code": .string(code)]))?.content == expected)
    }

    @Test(
        arguments: [
            ("complete_request", ["code": "x", "cursor_pos": "1"] as [String: JSONValue]),
            ("complete_request", ["code": "x", "cursor_pos": -1]),
            ("inspect_request", ["cursor_pos": 1]),
            ("is_complete_request", ["code": ["x"]]),
            ("history_request", ["hist_access_type": "everything"]),
            ("history_request", [:]),
            ("shutdown_request", ["restart": "no"]),
        ] as [(String, [String: JSONValue])])
    func malformedRequestsGetErrorReplies(type: String, content: [String: JSONValue]) {
        let harness = KernelHarness()
        let sent = harness.finished(harness.send(type, content))
        #expect(
            sent.kinds == [
                "iopub:busy", "shell:" + type.replacingOccurrences(of: "_request", with: "_reply"), "iopub:idle",
            ])
        #expect(sent[1].content["status"] == "error")
        #expect(harness.logs.all.contains { $0.contains("malformed") })
        #expect(harness.run("1")["status"] == "ok", "the kernel keeps working")
    }

    @Test func commOpenToAnUnknownTargetIsClosedAtOnce() {
        let harness = KernelHarness()
        let open = harness.send("comm_open", ["comm_id": "abc", "target_name": "no.such.target", "data": [:]])
        let sent = harness.finished(open)
        #expect(sent.kinds == ["iopub:busy", "iopub:comm_close", "iopub:idle"])
        #expect(sent[1].content == ["comm_id": "abc", "data": [:]])
        let info = harness.reply(to: harness.send("comm_info_request", [:]))
        #expect(info?.content == ["status": "ok", "comms": [:]])
    }

    @Test func unknownAndMisplacedMessagesAreLoggedAndIgnored() {
        let harness = KernelHarness()
        harness.finished(harness.send("frobnicate_request"))
        harness.kernel.handle(KernelHarness.request("execute_request", ["code": "1"]), from: .iopub)
        harness.finished(harness.send("execute_reply", [:]))
        #expect(harness.logs.all.contains { $0.contains("frobnicate_request") })
        #expect(harness.logs.all.contains { $0.contains("iopub") })
        #expect(!harness.transport.all.contains { $0.type == "execute_input" })
        #expect(harness.run("1")["execution_count"] == 1)
    }

    @Test(arguments: [(Channel.control, true), (.control, false), (.shell, true)])
    func shutdownRepliesThenReleasesTheWaiter(channel: Channel, restart: Bool) {
        let harness = KernelHarness()
        let request = harness.send("shutdown_request", ["restart": .bool(restart)], on: channel)
        #expect(harness.kernel.waitUntilShutdown() == ShutdownRequest(restart: restart))
        let sent = harness.finished(request)
        #expect(
            sent.kinds == ["iopub:busy", "\(channel.rawValue):shutdown_reply", "iopub:shutdown_reply", "iopub:idle"])
        #expect(sent[1].content == ["status": "ok", "restart": .bool(restart)])
        // Later requests are dropped rather than run.
        harness.kernel.handle(KernelHarness.request("execute_request", ["code": "1"]), from: .control)
        harness.kernel.handle(KernelHarness.request("kernel_info_request"), from: .control)
        #expect(
            !harness.transport.wait(timeout: .milliseconds(300)) { sent in
                sent.contains { $0.type == "execute_input" || $0.type == "kernel_info_reply" }
            })
    }
}
