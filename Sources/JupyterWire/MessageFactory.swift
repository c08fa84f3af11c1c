import Foundation

/// Makes the headers of the messages a kernel sends: a fresh lowercase UUID for each
/// `msg_id`, one `session` for the kernel's lifetime, and the current UTC time.
public struct MessageFactory: Sendable {
    /// The kernel's session id, the same in every header it sends.
    public let session: String
    /// The username of messages that do not answer a request.
    public let username: String

    public init(session: String = UUID().uuidString.lowercased(), username: String = "strata") {
        self.session = session
        self.username = username
    }

    /// A new header of type `msgType`.
    public func header(msgType: String, username: String? = nil) -> MessageHeader {
        MessageHeader(
            msgID: UUID().uuidString.lowercased(), session: session,
            username: username ?? self.username, date: Self.timestamp(), msgType: msgType)
    }

    /// A new header of type `type`.
    public func header(_ type: MessageType) -> MessageHeader {
        header(msgType: type.rawValue)
    }

    /// A message with no parent (IOPub `status: starting`, for instance).
    public func message(
        _ type: MessageType, content: [String: JSONValue],
        metadata: [String: JSONValue] = [:]
    ) -> Message {
        Message(header: header(type), metadata: metadata, content: content)
    }

    /// The reply to `parent` (on shell, control, or stdin's `input_request`): the
    /// parent's header becomes the parent header, its routing identities are copied so
    /// a ROUTER send reaches the sender, and the request's username is kept.
    public func reply(
        to parent: Message, type: MessageType, content: [String: JSONValue],
        metadata: [String: JSONValue] = [:]
    ) -> Message {
        Message(
            identities: parent.identities,
            header: header(
                msgType: type.rawValue, username: parent.header.username.isEmpty ? nil : parent.header.username),
            parentHeader: parent.header, metadata: metadata, content: content)
    }

    /// A message caused by `parent` but broadcast rather than routed: IOPub's `status`,
    /// `stream`, `execute_result` and so on. No identities are copied, so
    /// `KernelSockets` gives it the topic `kernel.<session>.<msg_type>`.
    public func child(
        of parent: Message, type: MessageType, content: [String: JSONValue],
        metadata: [String: JSONValue] = [:]
    ) -> Message {
        Message(
            header: header(
                msgType: type.rawValue, username: parent.header.username.isEmpty ? nil : parent.header.username),
            parentHeader: parent.header, metadata: metadata, content: content)
    }

    /// The current time as ISO 8601 UTC with microseconds: `2026-11-29T01:59:08.123456Z`.
    public static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return timestamp(seconds: Int(now.tv_sec), microseconds: Int(now.tv_nsec) / 1000)
    }

    /// `seconds` since 1970 plus `microseconds`, formatted like `timestamp()`.
    public static func timestamp(seconds: Int, microseconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = [UInt8]()
        text.reserveCapacity(27)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var remaining = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(remaining / divisor % 10))
                remaining %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        text.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        text.append(UInt8(ascii: "."))
        digits(microseconds, 6)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}
