import CZeroMQ
import Foundation

/// One ZeroMQ socket. Sockets are not thread-safe: create, use and close each one on
/// a single thread (KernelSockets gives every socket its own thread).
public final class ZMQSocket {
    let handle: UnsafeMutableRawPointer
    private let context: ZMQContext
    private var isClosed = false

    /// Creates a socket; `lingerMilliseconds` bounds how long unsent messages delay
    /// closing (0: dropped at once).
    public init(context: ZMQContext, type: ZMQSocketType, lingerMilliseconds: Int32 = 0) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.rawValue) else { throw .last("zmq_socket") }
        self.handle = handle
        self.context = context
        try setOption(ZMQ_LINGER, lingerMilliseconds)
    }

    deinit {
        close()
    }

    /// Closes the socket; later calls fail. Safe to call twice.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        zmq_close(handle)
    }

    public func bind(_ endpoint: String) throws(ZMQError) {
        guard zmq_bind(handle, endpoint) == 0 else { throw .last("zmq_bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws(ZMQError) {
        guard zmq_connect(handle, endpoint) == 0 else { throw .last("zmq_connect \(endpoint)") }
    }

    /// The endpoint last bound, with the real port when `*` was asked for.
    public func lastEndpoint() throws(ZMQError) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        var size = buffer.count
        guard zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else {
            throw .last("zmq_getsockopt ZMQ_LAST_ENDPOINT")
        }
        return String(decoding: buffer.prefix(while: { $0 != 0 }), as: UTF8.self)
    }

    /// Sets an integer option (`ZMQ_LINGER`, `ZMQ_SNDHWM`, ...).
    public func setOption(_ option: Int32, _ value: Int32) throws(ZMQError) {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw .last("zmq_setsockopt \(option)")
        }
    }

    /// Sets a binary option (`ZMQ_SUBSCRIBE`, `ZMQ_ROUTING_ID`, ...).
    public func setOption(_ option: Int32, _ value: Data) throws(ZMQError) {
        let status = value.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        guard status == 0 else { throw .last("zmq_setsockopt \(option)") }
    }

    /// Sends `frames` as one multipart message. With `dontWait`, a full queue fails
    /// with EAGAIN instead of blocking. ROUTER and PUB sockets never block.
    public func send(_ frames: [Data], dontWait: Bool = false) throws(ZMQError) {
        // Frames are atomic in ZeroMQ: once the first part is queued the rest follow.
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            if dontWait { flags |= ZMQ_DONTWAIT }
            while true {
                let sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if sent >= 0 { break }
                if zmq_errno() == EINTR { continue }
                throw .last("zmq_send")
            }
        }
    }

    /// Receives one multipart message; nil when `dontWait` is set and none is waiting.
    public func receive(dontWait: Bool = false) throws(ZMQError) -> [Data]? {
        var frames: [Data] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        repeat {
            while zmq_msg_recv(&message, handle, dontWait ? ZMQ_DONTWAIT : 0) < 0 {
                let code = zmq_errno()
                if code == EINTR { continue }
                // A multipart message arrives whole, so EAGAIN only happens before its first frame.
                if code == EAGAIN && frames.isEmpty { return nil }
                throw .last("zmq_msg_recv")
            }
            frames.append(Data(bytes: zmq_msg_data(&message), count: zmq_msg_size(&message)))
        } while zmq_msg_more(&message) == 1
        return frames
    }

    /// Waits up to `timeout` for a message; nil on timeout.
    public func receive(timeout: Duration) throws(ZMQError) -> [Data]? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let frames = try receive(dontWait: true) { return frames }
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return nil }
            var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
            let milliseconds = max(
                1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
            if zmq_poll(&item, 1, Int(milliseconds)) < 0, zmq_errno() != EINTR { throw .last("zmq_poll") }
        }
    }
}
