import Dispatch
import Foundation
import Synchronization

/// Decodes what the channel threads receive and hands it on: shell and control
/// messages to the kernel's handler, stdin messages to a queue that the execution
/// thread reads. Separate from `KernelSockets` so the threads can be given it before
/// the sockets object exists.
final class InboundMessages: Sendable {
    typealias Handler = @Sendable (Message, Channel) -> Void

    private let codec: WireCodec
    private let log: @Sendable (String) -> Void
    private let handler = Mutex<Handler?>(nil)
    private let stdinQueue = Mutex<[Message]>([])
    /// Counts the messages in `stdinQueue`.
    private let stdinAvailable = DispatchSemaphore(value: 0)

    init(codec: WireCodec, log: @escaping @Sendable (String) -> Void) {
        self.codec = codec
        self.log = log
    }

    /// Sets (or with nil removes) the handler. Removing it at close breaks the cycle
    /// a handler that captures its `KernelSockets` would otherwise keep alive.
    func setHandler(_ newHandler: Handler?) {
        handler.withLock { $0 = newHandler }
    }

    /// Called on `channel`'s thread with one received multipart message.
    func receive(_ frames: [Data], on channel: Channel) {
        let message: Message
        do throws(FrameError) {
            message = try codec.decode(frames)
        } catch {
            log("\(channel.rawValue): dropped a message: \(error)")
            return
        }
        switch channel {
        case .stdin:
            stdinQueue.withLock { $0.append(message) }
            stdinAvailable.signal()
        default:
            guard let handler = handler.withLock({ $0 }) else {
                log("\(channel.rawValue): dropped \(message.header.msgType) received before start")
                return
            }
            handler(message, channel)
        }
    }

    func nextStdin(timeout: Duration) -> Message? {
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        guard stdinAvailable.wait(timeout: .now() + .nanoseconds(Int(max(0, nanoseconds)))) == .success else {
            return nil
        }
        return stdinQueue.withLock { $0.removeFirst() }
    }
}
