import Foundation

/// The header of a Jupyter message (messaging protocol 5.3).
public struct MessageHeader: Sendable, Equatable {
    public var msgID: String
    public var session: String
    public var username: String
    /// ISO 8601 UTC with microseconds, as `2026-11-29T01:59:08.123456Z`.
    public var date: String
    /// The raw `msg_type`; `MessageType(rawValue:)` types the ones the kernel knows.
    public var msgType: String
    public var version: String

    public init(
        msgID: String, session: String, username: String, date: String,
        msgType: String, version: String = MessageHeader.protocolVersion
    ) {
        self.msgID = msgID
        self.session = session
        self.username = username
        self.date = date
        self.msgType = msgType
        self.version = version
    }

    /// The protocol version this kernel speaks.
    public static let protocolVersion = "5.3"
}

/// One Jupyter message: routing identities, the four signed dicts, and raw buffers.
public struct Message: Sendable, Equatable {
    /// ZeroMQ routing prefixes (ROUTER identities, or the IOPub topic).
    public var identities: [Data]
    public var header: MessageHeader
    /// The parent's header; nil is sent as `{}`.
    public var parentHeader: MessageHeader?
    public var metadata: [String: JSONValue]
    public var content: [String: JSONValue]
    public var buffers: [Data]

    public init(
        identities: [Data] = [], header: MessageHeader, parentHeader: MessageHeader? = nil,
        metadata: [String: JSONValue] = [:], content: [String: JSONValue] = [:],
        buffers: [Data] = []
    ) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// The typed message type, or nil for one this kernel does not know.
    public var type: MessageType? { MessageType(rawValue: header.msgType) }
}

/// The message types this kernel reads or writes.
public enum MessageType: String, Sendable, CaseIterable {
    // shell and control requests and replies
    case kernelInfoRequest = "kernel_info_request", kernelInfoReply = "kernel_info_reply"
    case executeRequest = "execute_request", executeReply = "execute_reply"
    case completeRequest = "complete_request", completeReply = "complete_reply"
    case inspectRequest = "inspect_request", inspectReply = "inspect_reply"
    case isCompleteRequest = "is_complete_request", isCompleteReply = "is_complete_reply"
    case historyRequest = "history_request", historyReply = "history_reply"
    case commInfoRequest = "comm_info_request", commInfoReply = "comm_info_reply"
    case commOpen = "comm_open", commMsg = "comm_msg", commClose = "comm_close"
    case shutdownRequest = "shutdown_request", shutdownReply = "shutdown_reply"
    case interruptRequest = "interrupt_request", interruptReply = "interrupt_reply"
    case debugRequest = "debug_request", debugReply = "debug_reply"
    // iopub
    case status, stream
    case executeInput = "execute_input", executeResult = "execute_result"
    case displayData = "display_data", updateDisplayData = "update_display_data"
    case clearOutput = "clear_output", error
    // stdin
    case inputRequest = "input_request", inputReply = "input_reply"
}
