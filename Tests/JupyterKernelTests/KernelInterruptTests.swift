import Foundation
import JupyterKernel
import JupyterWire
import Testing

@Suite("interrupts, control while running, stdin")
struct KernelInterruptTests {
    /// Waits until the cell of `request` has started (its execute_input is out).
    func waitUntilRunning(_ harness: KernelHarness, _ request: Message) {
        let id = request.header.msgID
        #expect(harness.transport.wait { $0.contains { $0.parentID == id && $0.type == "execute_input" } })
    }

    @Test func interruptRequestStopsASleepingCellAndTheNextCellRuns() {
        let harness = KernelHarness()
        let sleeping = harness.execute("sleep")
        waitUntilRunning(harness, sleeping)
        let interrupt = harness.send("interrupt_request", on: .control)
        #expect(harness.reply(to: interrupt)?.content == ["status": "ok"])
        let reply = harness.reply(to: sleeping)?.content
        #expect(reply?["status"] == "error")
        #expect(reply?["ename"] == "KeyboardInterrupt")

        let next = harness.finished(harness.execute("print after"))
        #expect(next.stdout == "after\n")
        #expect(next.first { $0.type == "execute_reply" }?.content["status"] == "ok")
    }

    @Test func signalStyleInterruptStopsTheCell() {
        let harness = KernelHarness()
        let sleeping = harness.execute("sleep")
        waitUntilRunning(harness, sleeping)
        harness.kernel.interrupt()
        #expect(harness.reply(to: sleeping)?.content["ename"] == "KeyboardInterrupt")
    }

    @Test func anInterruptBetweenCellsDoesNotStopTheNextOne() {
        let harness = KernelHarness()
        harness.kernel.interrupt()
        #expect(harness.run("print fine")["status"] == "ok")
    }

    @Test func controlIsAnsweredWhileACellRuns() {
        let harness = KernelHarness()
        let sleeping = harness.execute("sleep")
        waitUntilRunning(harness, sleeping)
        let info = harness.send("kernel_info_request", on: .control)
        #expect(harness.reply(to: info)?.content["status"] == "ok")
        #expect(!harness.transport.all.contains { $0.type == "execute_reply" }, "the cell is still running")
        // A shell request waits behind the running cell, as in ipykernel.
        let completion = harness.send("complete_request", ["code": "pr", "cursor_pos": 2])
        Thread.sleep(forTimeInterval: 0.1)
        #expect(!harness.transport.all.contains { $0.type == "complete_reply" })
        harness.kernel.interrupt()
        #expect(harness.reply(to: sleeping)?.content["status"] == "error")
        #expect(harness.reply(to: completion)?.content["status"] == "ok")
        let order = harness.transport.all.map(\.type).filter { $0.hasSuffix("_reply") }
        #expect(order == ["kernel_info_reply", "execute_reply", "complete_reply"])
    }

    @Test(arguments: ["input", "secret"])
    func inputRequestGoesToStdinAndTheReplyIsRead(code: String) throws {
        let harness = KernelHarness()
        let cell = harness.execute("print first; \(code)")
        #expect(harness.transport.wait { $0.contains { $0.type == "input_request" } })
        let inputRequest = try #require(harness.transport.all.first { $0.type == "input_request" })
        #expect(inputRequest.channel == .stdin)
        #expect(inputRequest.content == ["prompt": "name? ", "password": .bool(code == "secret")])
        #expect(inputRequest.message.parentHeader == cell.header)
        #expect(inputRequest.message.identities == cell.identities)
        // Output written before the prompt is already out.
        #expect(harness.transport.all.filter { $0.parentID == cell.header.msgID }.stdout == "first\n")

        var reply = KernelHarness.request("input_reply", ["value": "Ada"])
        reply.parentHeader = inputRequest.message.header
        harness.transport.pushStdin(reply)
        let sent = harness.finished(cell)
        #expect(sent.stdout == "first\nhello Ada\n")
        #expect(sent.first { $0.type == "execute_reply" }?.content["status"] == "ok")
    }

    @Test func inputIsRefusedWhenStdinIsNotAllowed() {
        let harness = KernelHarness()
        let reply = harness.run("input", ["allow_stdin": false])
        #expect(reply["status"] == "error")
        #expect(reply["ename"] == "StdinNotAllowed")
        #expect(!harness.transport.all.contains { $0.type == "input_request" })
    }

    @Test func interruptWhileWaitingForInputEndsTheCell() {
        let harness = KernelHarness()
        let cell = harness.execute("input")
        #expect(harness.transport.wait { $0.contains { $0.type == "input_request" } })
        harness.send("interrupt_request", on: .control)
        #expect(harness.reply(to: cell)?.content["ename"] == "KeyboardInterrupt")
    }

    @Test func staleAndForeignStdinMessagesAreSkipped() throws {
        let harness = KernelHarness()
        // Left over from an earlier prompt: dropped before the new request is sent.
        harness.transport.pushStdin(KernelHarness.request("input_reply", ["value": "stale"]))
        let cell = harness.execute("input")
        #expect(harness.transport.wait { $0.contains { $0.type == "input_request" } })
        let inputRequest = try #require(harness.transport.all.first { $0.type == "input_request" })
        var foreign = KernelHarness.request("input_reply", ["value": "wrong"])
        foreign.parentHeader = cell.header
        harness.transport.pushStdin(foreign)
        var right = KernelHarness.request("input_reply", ["value": "right"])
        right.parentHeader = inputRequest.message.header
        harness.transport.pushStdin(right)
        #expect(harness.finished(cell).stdout == "hello right\n")
    }
}
