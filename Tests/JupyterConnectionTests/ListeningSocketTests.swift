import Glibc
import Testing

@testable import JupyterConnection

/// Real sockets on the loopback interface.
struct ListeningSocketTests {
    /// A port that was free a moment ago (the kernel picked it for a socket we closed).
    static func freePorts(_ count: Int) -> [Int] {
        let holders = (0..<count).map { _ in
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = SocketAddress(ip: "127.0.0.1", port: 0)!
            _ = address.withSockaddr { bind(fd, $0, $1) }
            return fd
        }
        defer { for fd in holders { close(fd) } }
        return holders.map { SocketAddress.localPort(of: $0)! }
    }

    static func connection(ports: [Int], ip: String = "127.0.0.1", transport: String = "tcp") -> ConnectionInfo {
        ConnectionInfo(
            transport: transport, ip: ip, shellPort: ports[0], iopubPort: ports[1], stdinPort: ports[2],
            controlPort: ports[3], hbPort: ports[4], key: "")
    }

    /// Whether a TCP client can connect to `port` on the loopback.
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = SocketAddress(ip: "127.0.0.1", port: port)!
        return address.withSockaddr { connect(fd, $0, $1) } == 0
    }

    @Test func bindsListensAndStaysOpenAcrossExec() throws {
        let port = Self.freePorts(1)[0]
        let listener = try ListeningSocket.open(ip: "127.0.0.1", port: port)
        defer { listener.close() }
        #expect(listener.port == port)
        #expect(SocketAddress.localPort(of: listener.descriptor) == port)
        #expect(fcntl(listener.descriptor, F_GETFD) & FD_CLOEXEC == 0)
        var reuse: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(listener.descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, &length)
        #expect(reuse == 1)
        #expect(Self.accepts(port: port))
    }

    @Test func wildcardAddressBindsEveryInterface() throws {
        let port = Self.freePorts(1)[0]
        let listener = try ListeningSocket.open(ip: "*", port: port)
        defer { listener.close() }
        #expect(Self.accepts(port: port))
    }

    @Test func aPortInUseIsATypedErrorNamingThePort() throws {
        let port = Self.freePorts(1)[0]
        let first = try ListeningSocket.open(ip: "127.0.0.1", port: port)
        defer { first.close() }
        #expect(throws: ListenerError.portInUse(port: port)) { try ListeningSocket.open(ip: "127.0.0.1", port: port) }
        #expect(ListenerError.portInUse(port: port).description == "port \(port) is already in use")
    }

    @Test(arguments: [
        ("localhost", 5555, ListenerError.notAnAddress("localhost")),
        ("", 5555, .notAnAddress("")),
        ("127.0.0.1", 0, .unassignedPort(port: 0)),
        ("127.0.0.1", 70000, .unassignedPort(port: 70000)),
    ])
    func refusesWhatOnlyZeroMQCanBind(ip: String, port: Int, expected: ListenerError) {
        #expect(throws: expected) { try ListeningSocket.open(ip: ip, port: port) }
    }

    @Test func opensAllFiveChannels() throws {
        let ports = Self.freePorts(5)
        let connection = Self.connection(ports: ports)
        let handOff = try ListeningSocket.openAll(for: connection)
        defer { for fd in handOff.descriptors.values { close(fd) } }
        #expect(handOff.descriptors.count == 5)
        for channel in Channel.allCases {
            let fd = try #require(handOff[channel])
            #expect(SocketAddress.localPort(of: fd) == connection.port(channel))
        }
    }

    @Test func openAllClosesWhatItOpenedWhenAPortIsTaken() throws {
        let ports = Self.freePorts(5)
        let squatter = try ListeningSocket.open(ip: "127.0.0.1", port: ports[2])  // stdin
        defer { squatter.close() }
        #expect(throws: ListenerError.portInUse(port: ports[2])) {
            try ListeningSocket.openAll(for: Self.connection(ports: ports))
        }
        // Nothing is left listening on the ports bound before the failure.
        #expect(!Self.accepts(port: ports[0]))
        #expect(!Self.accepts(port: ports[1]))
    }

    @Test func openAllLeavesIPCAndZeroPortsToZeroMQ() {
        #expect(throws: ListenerError.unsupportedTransport("ipc")) {
            try ListeningSocket.openAll(for: Self.connection(ports: [1, 2, 3, 4, 5], ip: "/tmp/k", transport: "ipc"))
        }
        #expect(throws: ListenerError.unassignedPort(port: 0)) {
            try ListeningSocket.openAll(for: Self.connection(ports: [50001, 50002, 0, 50004, 50005]))
        }
    }

    @Test func adoptChecksThePortAndMakesTheSocketNonBlockingAndCloseOnExec() throws {
        let ports = Self.freePorts(2)
        let listener = try ListeningSocket.open(ip: "127.0.0.1", port: ports[0])
        defer { listener.close() }
        #expect(
            throws: ListenerError.portMismatch(descriptor: listener.descriptor, expected: ports[1], actual: ports[0])
        ) {
            try ListeningSocket.adopt(descriptor: listener.descriptor, expectedPort: ports[1])
        }
        #expect(fcntl(listener.descriptor, F_GETFD) & FD_CLOEXEC == 0)  // untouched by a failed check
        let adopted = try ListeningSocket.adopt(descriptor: listener.descriptor, expectedPort: ports[0])
        #expect(adopted == listener)
        #expect(fcntl(listener.descriptor, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(listener.descriptor, F_GETFL) & O_NONBLOCK != 0)
    }

    @Test func adoptRefusesWhatIsNotAListeningTCPSocket() throws {
        var pipeFDs: [Int32] = [-1, -1]
        #expect(pipe(&pipeFDs) == 0)
        defer { for fd in pipeFDs { close(fd) } }
        #expect(throws: ListenerError.notAListeningSocket(descriptor: pipeFDs[0])) {
            try ListeningSocket.adopt(descriptor: pipeFDs[0], expectedPort: 1)
        }
        let unlistened = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(unlistened) }
        #expect(throws: ListenerError.notAListeningSocket(descriptor: unlistened)) {
            try ListeningSocket.adopt(descriptor: unlistened, expectedPort: 1)
        }
        let datagram = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(datagram) }
        #expect(throws: ListenerError.notAListeningSocket(descriptor: datagram)) {
            try ListeningSocket.adopt(descriptor: datagram, expectedPort: 1)
        }
        #expect(throws: ListenerError.notAListeningSocket(descriptor: 987)) {
            try ListeningSocket.adopt(descriptor: 987, expectedPort: 1)
        }
    }
}
