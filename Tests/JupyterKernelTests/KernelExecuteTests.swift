import Foundation
import JupyterKernel
import JupyterWire
import Testing

@Suite("execute_request")
struct KernelExecuteTests {
    @Test func publishesInputOutputsResultThenReplyThenIdle() {
        let harness = KernelHarness()
        let request = harness.execute("print hi; 42")
        let sent = harness.finished(request)
        #expect(
            sent.kinds == [
                "iopub:busy", "iopub:execute_input", "iopub:stream", "iopub:execute_result",
                "shell:execute_reply", "iopub:idle",
            ])
        #expect(sent[1].content["code"] == "print hi; 42")
        #expect(sent[1].content["execution_count"] == 1)
        #expect(sent[2].content == ["name": "stdout", "text": "hi\n"])
        #expect(sent[3].content == ["execution_count": 1, "data": ["text/plain": "42"], "metadata": [:]])
        let reply = sent[4]
        #expect(reply.content["status"] == "ok")
        #expect(reply.content["execution_count"] == 1)
        #expect(reply.content["payload"] == [])
        #expect(reply.content["user_expressions"] == [:])
        #expect(reply.message.identities == [KernelHarness.clientIdentity])
        #expect(reply.message.header.username == "ada")
        #expect(reply.message.header.session == KernelHarness.session)
        #expect(reply.message.header.version == "5.3")
    }

    @Test func failingCellPublishesErrorAndRepliesError() {
        let harness = KernelHarness()
        let sent = harness.finished(harness.execute("print before; fail"))
        #expect(
            sent.kinds == [
                "iopub:busy", "iopub:execute_input", "iopub:stream", "iopub:error",
                "shell:execute_reply", "iopub:idle",
            ])
        #expect(sent[3].content["ename"] == "ValueError")
        #expect(sent[3].content["evalue"] == "boom")
        #expect(sent[3].content["traceback"] == ["\u{1B}[31mValueError\u{1B}[0m: boom"])
        let reply = sent[4].content
        #expect(reply["status"] == "error")
        #expect(reply["ename"] == "ValueError")
        #expect(reply["evalue"] == "boom")
        #expect(reply["execution_count"] == 1)
    }

    @Test func executionCountAdvancesOnlyWhenStoringHistory() {
        let harness = KernelHarness()
        #expect(harness.run("1")["execution_count"] == 1)

        let silent = harness.finished(harness.execute("print quiet; 2", ["silent": true]))
        #expect(silent.kinds == ["iopub:busy", "shell:execute_reply", "iopub:idle"])
        #expect(silent[1].content["execution_count"] == 1)

        let unstored = harness.finished(harness.execute("3", ["store_history": false]))
        #expect(
            unstored.kinds == [
                "iopub:busy", "iopub:execute_input", "iopub:execute_result",
                "shell:execute_reply", "iopub:idle",
            ])
        #expect(unstored[1].content["execution_count"] == 1)
        #expect(unstored[3].content["execution_count"] == 1)

        #expect(harness.run("4")["execution_count"] == 2)
        #expect(harness.history.tail(n: 10).map(\.source) == ["1", "4"])
        #expect(harness.history.tail(n: 10).map(\.line) == [1, 2])
    }

    @Test func userExpressionsAreEvaluatedAfterTheCell() {
        let harness = KernelHarness()
        let request = harness.execute("let x 5", ["user_expressions": ["a": "x", "b": "nope"]])
        let sent = harness.finished(request)
        #expect(!sent.contains { $0.type == "stream" }, "an expression's output must be discarded")
        let expressions = sent.first { $0.type == "execute_reply" }?.content["user_expressions"]
        #expect(expressions?["a"] == ["status": "ok", "data": ["text/plain": "5"], "metadata": [:]])
        #expect(expressions?["b"]?["status"] == "error")
        #expect(expressions?["b"]?["ename"] == "NameError")
        #expect(expressions?["b"]?["traceback"] == [])

        let failed = harness.run("fail", ["user_expressions": ["a": "x"]])
        #expect(failed["user_expressions"] == [:])
    }

    @Test func displayUpdateAndClearKeepTheirOrderAndDisplayID() {
        let harness = KernelHarness()
        let sent = harness.finished(harness.execute("display"))
        #expect(
            sent.kinds == [
                "iopub:busy", "iopub:execute_input", "iopub:display_data", "iopub:update_display_data",
                "iopub:display_data", "iopub:clear_output", "shell:execute_reply", "iopub:idle",
            ])
        #expect(
            sent[2].content == ["data": ["text/plain": "first"], "metadata": [:], "transient": ["display_id": "d1"]])
        #expect(
            sent[3].content == ["data": ["text/plain": "second"], "metadata": [:], "transient": ["display_id": "d1"]])
        #expect(
            sent[4].content == ["data": ["text/html": "<b>x</b>"], "metadata": ["isolated": true], "transient": [:]])
        #expect(sent[5].content == ["wait": true])
    }

    @Test func pagerPayloadIsInTheReply() {
        let harness = KernelHarness()
        let reply = harness.run("help")
        #expect(
            reply["payload"] == [["source": "page", "data": ["text/plain": "print(value): writes value"], "start": 0]])
    }

    @Test func streamWritesAreCoalescedButKeepOrderWithOtherOutput() {
        let harness = KernelHarness()
        let sent = harness.finished(harness.execute("print a; print b; warn c; print d; 7"))
        let streams = sent.filter { $0.type == "stream" }.map { $0.content }
        #expect(
            streams == [
                ["name": "stdout", "text": "a\nb\n"], ["name": "stderr", "text": "c\n"],
                ["name": "stdout", "text": "d\n"],
            ])
        #expect(sent.kinds.suffix(3) == ["iopub:execute_result", "shell:execute_reply", "iopub:idle"])
    }

    @Test func stopOnErrorAbortsOnlyRequestsAlreadyQueued() {
        // Queue three cells before the execution thread starts, so the later two are
        // certainly waiting when the first fails.
        let harness = KernelHarness(start: false)
        let failing = harness.execute("fail")
        let queued1 = harness.execute("print one")
        let queued2 = harness.execute("print two", ["silent": true])
        let completion = harness.send("complete_request", ["code": "pr", "cursor_pos": 2])
        harness.kernel.start()
        #expect(harness.reply(to: failing)?.content["status"] == "error")
        for queued in [queued1, queued2] {
            let sent = harness.finished(queued)
            #expect(sent.kinds == ["iopub:busy", "shell:execute_reply", "iopub:idle"])
            #expect(sent[1].content["status"] == "aborted")
        }
        // Only execute requests are aborted.
        #expect(harness.reply(to: completion)?.content["status"] == "ok")

        let later = harness.finished(harness.execute("print three"))
        #expect(later.first { $0.type == "execute_reply" }?.content["status"] == "ok")
        #expect(later.stdout == "three\n")
    }

    @Test func stopOnErrorFalseLetsQueuedCellsRun() {
        let harness = KernelHarness(start: false)
        let failing = harness.execute("fail", ["stop_on_error": false])
        let next = harness.execute("print still")
        harness.kernel.start()
        #expect(harness.reply(to: failing)?.content["status"] == "error")
        #expect(harness.reply(to: next)?.content["status"] == "ok")
    }

    @Test func malformedExecuteRequestGetsAnErrorReply() {
        let harness = KernelHarness()
        for content: [String: JSONValue] in [
            [:], ["code": 3], ["code": "1", "silent": "yes"],
            ["code": "1", "user_expressions": ["a": 1]],
        ] {
            let request = harness.send("execute_request", content)
            let sent = harness.finished(request)
            #expect(sent.kinds == ["iopub:busy", "shell:execute_reply", "iopub:idle"])
            #expect(sent[1].content["status"] == "error")
            #expect(sent[1].content["ename"] == "MalformedRequest")
        }
        #expect(harness.run("5")["status"] == "ok")
    }

    @Test func interpreterRunsOnOneThreadOnly() {
        let threads = ThreadRecorder()
        let transport = MemoryTransport()
        let kernel = Kernel(
            interpreter: MockInterpreter(threads: threads), transport: transport, history: InMemoryHistoryStore(),
            session: "s", implementationVersion: "1", log: { _ in })
        kernel.start()
        var last = KernelHarness.request("execute_request", ["code": "1"])
        kernel.handle(last, from: .shell)
        kernel.handle(KernelHarness.request("complete_request", ["code": "p", "cursor_pos": 1]), from: .control)
        kernel.handle(KernelHarness.request("inspect_request", ["code": "print", "cursor_pos": 1]), from: .shell)
        last = KernelHarness.request("is_complete_request", ["code": "x"])
        kernel.handle(last, from: .control)
        let id = last.header.msgID
        #expect(transport.wait { $0.contains { $0.parentID == id && $0.content["execution_state"] == "idle" } })
        #expect(threads.count == 1)
    }
}
