import Foundation
import Glibc
import Testing

@testable import JupyterWire

/// KernelSockets taking over listening sockets bound beforehand, as `strata kernel
/// --listeners` does after the `strata-kernel` launcher bound the ports.
extension KernelSocketsTests {
    /// Listeners on five free loopback ports.
    static func openListeners() throws -> [Channel: ListeningSocket] {
        var listeners: [Channel: ListeningSocket] = [:]
        var port = Int.random(in: 20_000..<60_000)
        for channel in Channel.allCases {
            for _ in 0..<100 {
                port += 1
                if let listener = try? ListeningSocket.open(ip: "127.0.0.1", port: port) {
                    listeners[channel] = listener
                    break
                }
            }
        }
        try #require(listeners.count == 5)
        return listeners
    }

    static func connection(_ listeners: [Channel: ListeningSocket]) -> ConnectionInfo {
        ConnectionInfo(
            shellPort: listeners[.shell]!.port, iopubPort: listeners[.iopub]!.port,
            stdinPort: listeners[.stdin]!.port, controlPort: listeners[.control]!.port,
            hbPort: listeners[.heartbeat]!.port, key: key)
    }

    /// Whether `fd` is open and a listening socket.
    static func isListening(_ fd: Int32) -> Bool {
        var listening: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0 && listening == 1
    }

    /// Whether a TCP client can connect to `port` on the loopback.
    static func acceptsConnections(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    @Test func usesPreboundListenersAndMessagesRoundTrip() throws {
        let listeners = try Self.openListeners()
        let connection = Self.connection(listeners)
        let recorder = Recorder()
        // Were ZeroMQ to bind the ports itself, the listeners holding them would make
        // that fail: the kernel starting at all shows it took them over.
        let sockets = try startKernel(
            recorder, connection: connection,
            listeners: ListenerHandOff(listeners.mapValues(\.descriptor)))
        defer { sockets.close() }
        #expect(sockets.connection == connection)
        for listener in listeners.values {
            #expect(Self.isListening(listener.descriptor))
            #expect(fcntl(listener.descriptor, F_GETFD) & FD_CLOEXEC != 0)
            #expect(fcntl(listener.descriptor, F_GETFL) & O_NONBLOCK != 0)
        }
        #expect(recorder.logs.withLock { $0.isEmpty })

        let client = try Client(connection: connection)
        try waitForIOPub(client, recorder)
        let request = client.request(.kernelInfoRequest)
        try client.shell.send(client.codec.encode(request))
        let reply = try #require(try client.receive(on: client.shell))
        #expect(reply.type == .kernelInfoReply)
        #expect(reply.parentHeader?.msgID == request.header.msgID)
        try client.heartbeat.send([Data("ping".utf8)])
        #expect(try client.heartbeat.receive(timeout: .seconds(5)) == [Data("ping".utf8)])
    }

    @Test func aListenerOnTheWrongPortIsClosedAndThePortBoundNormally() throws {
        let listeners = try Self.openListeners()
        let connection = Self.connection(listeners)
        // Shell's descriptor is swapped for one listening elsewhere, and control's
        // for a pipe: both fail the check.
        listeners[.shell]!.close()
        var others = try Self.openListeners()
        let elsewhere = others.removeValue(forKey: .shell)!
        for other in others.values { other.close() }
        var pipeFDs: [Int32] = [-1, -1]
        #expect(pipe(&pipeFDs) == 0)
        defer { close(pipeFDs[1]) }
        listeners[.control]!.close()
        var descriptors = listeners.mapValues(\.descriptor)
        descriptors[.shell] = elsewhere.descriptor
        descriptors[.control] = pipeFDs[0]

        let recorder = Recorder()
        let sockets = try startKernel(recorder, connection: connection, listeners: ListenerHandOff(descriptors))
        defer { sockets.close() }
        #expect(sockets.connection == connection)
        // Both were closed (their numbers may already be reused, so ask the other ends).
        #expect(!Self.acceptsConnections(port: elsewhere.port))
        var writeEnd = pollfd(fd: pipeFDs[1], events: Int16(POLLOUT), revents: 0)
        #expect(poll(&writeEnd, 1, 0) == 1 && writeEnd.revents & Int16(POLLERR) != 0)
        let logs = recorder.logs.withLock { $0 }
        #expect(
            logs.contains {
                $0.hasPrefix("shell: inherited listener ignored: descriptor \(elsewhere.descriptor) listens on port")
            })
        #expect(
            logs.contains("control: inherited listener ignored: descriptor \(pipeFDs[0]) is not a listening TCP socket")
        )

        let client = try Client(connection: connection)
        for socket in [client.shell, client.control] {
            let request = client.request(.kernelInfoRequest)
            try socket.send(client.codec.encode(request))
            #expect(try client.receive(on: socket)?.parentHeader?.msgID == request.header.msgID)
        }
    }
}
