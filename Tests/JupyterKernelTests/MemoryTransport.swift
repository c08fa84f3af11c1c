import Foundation
import JupyterKernel
import JupyterWire
import Synchronization

/// One message the kernel sent, with its channel.
struct SentMessage: Sendable {
    var channel: Channel
    var message: Message

    var type: String { message.header.msgType }
    var parentID: String? { message.parentHeader?.msgID }
    var content: [String: JSONValue] { message.content }
}

/// A transport that records what the kernel sends and feeds it stdin messages.
final class MemoryTransport: KernelTransport {
    private let sent = Mutex<[SentMessage]>([])
    private let stdinQueue = Mutex<[Message]>([])

    func send(_ message: Message, on channel: Channel) {
        sent.withLock { $0.append(SentMessage(channel: channel, message: message)) }
    }

    func receiveStdin(timeout: Duration) -> Message? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let next = stdinQueue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { return next }
            if ContinuousClock.now >= deadline { return nil }
            Thread.sleep(forTimeInterval: 0.005)
        }
    }

    /// Queues a message for the kernel's next `receiveStdin`.
    func pushStdin(_ message: Message) {
        stdinQueue.withLock { $0.append(message) }
    }

    /// Everything sent so far, in order.
    var all: [SentMessage] { sent.withLock { $0 } }

    /// Waits (polling) until `condition` holds for what was sent; false after `timeout`.
    @discardableResult
    func wait(timeout: Duration = .seconds(10), until condition: ([SentMessage]) -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(all) { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return condition(all)
    }
}

/// Collects the kernel's log lines.
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var sink: @Sendable (String) -> Void { { [self] line in lines.withLock { $0.append(line) } } }
}
