import CZeroMQ
import Dispatch
import Foundation
import Synchronization
import Testing

@testable import JupyterWire

/// A real loopback: KernelSockets on 127.0.0.1 with ephemeral ports, and a client made
/// of the same ZMQ wrapper, talking the way jupyter_client does.
struct KernelSocketsTests {
    static let key = "loopback-key"

    /// Collects what the kernel side sees, across threads.
    final class Recorder: Sendable {
        let received = Mutex<[(Message, Channel)]>([])
        let logs = Mutex<[String]>([])
        let arrived = DispatchSemaphore(value: 0)

        func waitForMessage(timeout: Duration = .seconds(5)) -> Bool {
            arrived.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds * 1000))) == .success
        }
    }

    /// The client side: one socket per channel, all sharing one routing id so the
    /// kernel can address stdin with the shell request's identity.
    final class Client {
        let context: ZMQContext
        let shell: ZMQSocket
        let control: ZMQSocket
        let stdin: ZMQSocket
        let iopub: ZMQSocket
        let heartbeat: ZMQSocket
        let codec = WireCodec(key: KernelSocketsTests.key)
        let factory = MessageFactory(session: "client-session", username: "tester")

        init(connection: ConnectionInfo) throws {
            context = try ZMQContext()
            let identity = Data("client-\(UUID().uuidString)".utf8)
            shell = try ZMQSocket(context: context, type: .dealer)
            control = try ZMQSocket(context: context, type: .dealer)
            stdin = try ZMQSocket(context: context, type: .dealer)
            iopub = try ZMQSocket(context: context, type: .sub)
            heartbeat = try ZMQSocket(context: context, type: .req)
            for socket in [shell, stdin] { try socket.setOption(ZMQ_ROUTING_ID, identity) }
            try iopub.setOption(ZMQ_SUBSCRIBE, Data())
            try shell.connect(connection.endpoint(.shell))
            try control.connect(connection.endpoint(.control))
            try stdin.connect(connection.endpoint(.stdin))
            try iopub.connect(connection.endpoint(.iopub))
            try heartbeat.connect(connection.endpoint(.heartbeat))
        }

        func request(_ type: MessageType, content: [String: JSONValue] = [:]) -> Message {
            factory.message(type, content: content)
        }

        func receive(on socket: ZMQSocket, timeout: Duration = .seconds(5)) throws -> Message? {
            guard let frames = try socket.receive(timeout: timeout) else { return nil }
            return try codec.decode(frames)
        }
    }

    /// Starts a kernel whose handler answers every shell/control request with
    /// `status: busy`, a `stream`, the reply, then `status: idle`, like a real kernel.
    func startKernel(
        _ recorder: Recorder,
        connection: ConnectionInfo = ConnectionInfo(
            shellPort: 0, iopubPort: 0, stdinPort: 0, controlPort: 0,
            hbPort: 0, key: KernelSocketsTests.key),
        listeners: ListenerHandOff? = nil
    ) throws -> KernelSockets {
        let sockets = try KernelSockets(connection: connection, listeners: listeners) { line in
            recorder.logs.withLock { $0.append(line) }
        }
        let factory = MessageFactory(session: "kernel-session")
        sockets.start { [sockets] message, channel in
            recorder.received.withLock { $0.append((message, channel)) }
            sockets.send(factory.child(of: message, type: .status, content: ["execution_state": "busy"]), on: .iopub)
            sockets.send(
                factory.child(of: message, type: .stream, content: ["name": "stdout", "text": "hi\n"]), on: .iopub)
            let replyType = MessageType(
                rawValue: message.header.msgType.replacingOccurrences(of: "_request", with: "_reply"))
            sockets.send(
                factory.reply(to: message, type: replyType ?? .kernelInfoReply, content: ["status": "ok"]),
                on: channel)
            sockets.send(factory.child(of: message, type: .status, content: ["execution_state": "idle"]), on: .iopub)
            recorder.arrived.signal()
        }
        return sockets
    }

    /// Sends kernel_info until IOPub delivers, as jupyter_client does: a SUB socket
    /// misses whatever is published before its subscription reaches the publisher.
    func waitForIOPub(_ client: Client, _ recorder: Recorder) throws {
        for _ in 0..<50 {
            try client.shell.send(client.codec.encode(client.request(.kernelInfoRequest)))
            _ = try #require(try client.receive(on: client.shell))
            if try client.iopub.receive(timeout: .milliseconds(100)) != nil { break }
        }
        // Drop whatever the warm-up left behind.
        while try client.iopub.receive(timeout: .milliseconds(50)) != nil {}
        recorder.received.withLock { $0.removeAll() }
    }

    @Test func bindsEphemeralPortsAndEchoesHeartbeats() throws {
        let recorder = Recorder()
        let sockets = try startKernel(recorder)
        defer { sockets.close() }
        for channel in Channel.allCases { #expect(sockets.connection.port(channel) > 0) }
        #expect(Set(Channel.allCases.map(sockets.connection.port)).count == 5)

        let client = try Client(connection: sockets.connection)
        for ping in ["ping", "second ping with \u{0} bytes"] {
            try client.heartbeat.send([Data(ping.utf8)])
            #expect(try client.heartbeat.receive(timeout: .seconds(5)) == [Data(ping.utf8)])
        }
    }

    @Test func requestReplyAndIOPubOnShellAndControl() throws {
        let recorder = Recorder()
        let sockets = try startKernel(recorder)
        defer { sockets.close() }
        let client = try Client(connection: sockets.connection)
        try waitForIOPub(client, recorder)

        for (channel, socket) in [(Channel.shell, client.shell), (.control, client.control)] {
            let request = client.request(.executeRequest, content: ["code": "print('hi')"])
            try socket.send(client.codec.encode(request))
            let reply = try #require(try client.receive(on: socket))
            #expect(reply.type == .executeReply)
            #expect(reply.parentHeader?.msgID == request.header.msgID)
            #expect(reply.header.session == "kernel-session")
            #expect(reply.identities.isEmpty)  // the DEALER strips the routing id

            var published: [Message] = []
            for _ in 0..<3 { published.append(try #require(try client.receive(on: client.iopub))) }
            #expect(published.map(\.header.msgType) == ["status", "stream", "status"])
            #expect(published.map { $0.content["execution_state"]?.stringValue } == ["busy", nil, "idle"])
            #expect(published.allSatisfy { $0.parentHeader?.msgID == request.header.msgID })
            #expect(published[1].identities == [Data("kernel.kernel-session.stream".utf8)])

            let seen = recorder.received.withLock { $0.last }
            #expect(seen?.1 == channel)
            #expect(seen?.0.header == request.header)
            #expect(seen?.0.identities.count == 1)
        }
    }

    @Test func forgedAndMalformedMessagesAreDroppedAndTheNextGoodOneArrives() throws {
        let recorder = Recorder()
        let sockets = try startKernel(recorder)
        defer { sockets.close() }
        let client = try Client(connection: sockets.connection)

        let forger = WireCodec(key: "wrong-key")
        try client.shell.send(forger.encode(client.request(.executeRequest, content: ["code": "rm -rf /"])))
        try client.shell.send([Data("no delimiter".utf8)])
        let good = client.request(.kernelInfoRequest)
        try client.shell.send(client.codec.encode(good))

        let reply = try #require(try client.receive(on: client.shell))
        #expect(reply.parentHeader?.msgID == good.header.msgID)
        #expect(recorder.received.withLock { $0.map(\.0.header.msgID) } == [good.header.msgID])
        let logs = recorder.logs.withLock { $0 }
        #expect(logs.contains("shell: dropped a message: invalid HMAC signature"))
        #expect(logs.contains("shell: dropped a message: no <IDS|MSG> delimiter frame"))
    }

    @Test func stdinRequestAndReply() throws {
        let recorder = Recorder()
        let sockets = try startKernel(recorder)
        defer { sockets.close() }
        let client = try Client(connection: sockets.connection)

        let execute = client.request(.executeRequest, content: ["code": "input()", "allow_stdin": true])
        try client.shell.send(client.codec.encode(execute))
        #expect(recorder.waitForMessage())
        let seen = try #require(recorder.received.withLock { $0.first?.0 })

        #expect(sockets.receiveStdin(timeout: .milliseconds(20)) == nil)
        let factory = MessageFactory(session: "kernel-session")
        let prompt = factory.reply(to: seen, type: .inputRequest, content: ["prompt": "name? ", "password": false])
        sockets.send(prompt, on: .stdin)
        let received = try #require(try client.receive(on: client.stdin))
        #expect(received.type == .inputRequest)
        #expect(received.content["prompt"] == "name? ")

        let answer = client.factory.reply(to: received, type: .inputReply, content: ["value": "Ada"])
        try client.stdin.send(client.codec.encode(answer))
        let reply = try #require(sockets.receiveStdin(timeout: .seconds(5)))
        #expect(reply.content["value"] == "Ada")
        #expect(reply.parentHeader?.msgID == prompt.header.msgID)
    }

    @Test func sendsFromManyThreadsAllArriveAndEachThreadStaysInOrder() async throws {
        let recorder = Recorder()
        let sockets = try startKernel(recorder)
        defer { sockets.close() }
        let client = try Client(connection: sockets.connection)
        try waitForIOPub(client, recorder)

        let factory = MessageFactory(session: "kernel-session")
        let threads = 4, perThread = 50
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                sockets.send(
                    factory.message(.stream, content: ["name": "stdout", "text": .string("\(thread):\(index)")]),
                    on: .iopub)
            }
        }
        var lastIndex = [Int](repeating: -1, count: threads)
        for _ in 0..<(threads * perThread) {
            let message = try #require(try client.receive(on: client.iopub))
            let parts = try #require(message.content["text"]?.stringValue?.split(separator: ":").compactMap { Int($0) })
            #expect(parts[1] == lastIndex[parts[0]] + 1)
            lastIndex[parts[0]] = parts[1]
        }
        #expect(lastIndex == [Int](repeating: perThread - 1, count: threads))
    }

    // With ZeroMQ's default linger a close that cannot flush blocks for ever; the
    // limit makes that a failure instead of a stalled test run.
    @Test(.timeLimit(.minutes(1)))
    func closeFlushesQueuedMessagesAndIsIdempotent() throws {
        let recorder = Recorder()
        let sockets = try startKernel(recorder)
        let client = try Client(connection: sockets.connection)
        try waitForIOPub(client, recorder)

        let factory = MessageFactory(session: "kernel-session")
        for index in 0..<20 {
            sockets.send(factory.message(.stream, content: ["text": .string(String(index))]), on: .iopub)
        }
        sockets.close()
        sockets.close()
        for index in 0..<20 {
            let message = try #require(try client.receive(on: client.iopub))
            #expect(message.content["text"] == .string(String(index)))
        }
        sockets.send(factory.message(.stream, content: [:]), on: .iopub)  // dropped, not a crash
        #expect(recorder.logs.withLock { $0.contains { $0.contains("after close") } })
    }

    /// The kernel treats SIGINT as an interrupt, so the channel threads must leave it
    /// to the kernel's threads: they block it (and other asynchronous signals).
    @Test func channelThreadsBlockSIGINT() throws {
        // Test threads come from Dispatch, which blocks most signals and would pass
        // that mask on; create the sockets from a thread that blocks nothing.
        let made = Mutex<KernelSockets?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let creator = Thread { [self] in
            var nothing = sigset_t()
            sigemptyset(&nothing)
            pthread_sigmask(SIG_SETMASK, &nothing, nil)
            let sockets = try? startKernel(Recorder())
            made.withLock { $0 = sockets }
            ready.signal()
        }
        creator.start()
        ready.wait()
        let sockets = try #require(made.withLock { $0 })
        defer { sockets.close() }
        let tasks = sockets.taskIDs
        #expect(tasks.count == 5)
        for task in tasks {
            let status = try String(contentsOfFile: "/proc/self/task/\(task)/status", encoding: .utf8)
            let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("SigBlk:") })
            let mask = try #require(
                UInt64(line.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16))
            for signal in [SIGINT, SIGTERM, SIGUSR1] { #expect(mask & (1 << UInt64(signal - 1)) != 0) }
            #expect(mask & (1 << UInt64(SIGSEGV - 1)) == 0)
        }
    }

    @Test func reportsAPortAlreadyInUse() throws {
        let recorder = Recorder()
        let first = try startKernel(recorder)
        defer { first.close() }
        let clash = ConnectionInfo(
            shellPort: 0, iopubPort: 0, stdinPort: first.connection.stdinPort,
            controlPort: 0, hbPort: 0, key: "")
        #expect(
            throws: WireError.socket(.stdin, .failed(operation: "zmq_bind \(clash.endpoint(.stdin))", code: EADDRINUSE))
        ) {
            _ = try KernelSockets(connection: clash) { _ in }
        }
    }
}
