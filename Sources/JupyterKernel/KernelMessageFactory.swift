import Foundation
import JupyterWire

/// Makes the kernel's outgoing messages: fresh headers (lowercase UUID `msg_id`,
/// microsecond UTC `date`, protocol 5.3, the kernel's session) with the request as parent.
/// The kernel's own, since it depends only on the wire's message types.
struct KernelMessageFactory: Sendable {
    /// The kernel's session id, stamped on every header it writes.
    let session: String

    /// Who the kernel's own messages are from when no request names a user.
    static let kernelUsername = "kernel"

    func header(type: String, username: String) -> MessageHeader {
        MessageHeader(
            msgID: UUID().uuidString.lowercased(), session: session, username: username,
            date: Timestamp.now(), msgType: type)
    }

    /// A reply on the request's own channel: same routing identities, request as parent.
    func reply(
        to request: Message, type: String, content: [String: JSONValue],
        metadata: [String: JSONValue] = [:]
    ) -> Message {
        Message(
            identities: request.identities,
            header: header(type: type, username: request.header.username),
            parentHeader: request.header, metadata: metadata, content: content)
    }

    /// An IOPub message; its identity is the topic `kernel.<session>.<msg_type>` as
    /// ipykernel publishes it (front ends subscribe to everything).
    func publication(type: MessageType, content: [String: JSONValue], parent: MessageHeader?) -> Message {
        Message(
            identities: [Data("kernel.\(session).\(type.rawValue)".utf8)],
            header: header(type: type.rawValue, username: parent?.username ?? Self.kernelUsername),
            parentHeader: parent, content: content)
    }

    /// A request the kernel makes on stdin (`input_request`), routed back to the
    /// front end that sent `parent` through its identities.
    func stdinRequest(parent: Message, content: [String: JSONValue]) -> Message {
        Message(
            identities: parent.identities,
            header: header(type: MessageType.inputRequest.rawValue, username: parent.header.username),
            parentHeader: parent.header, content: content)
    }

    /// The reply type for a request type: `x_request` becomes `x_reply`.
    static func replyType(for requestType: String) -> String {
        if requestType.hasSuffix("_request") {
            return String(requestType.dropLast("_request".count)) + "_reply"
        }
        return requestType + "_reply"
    }
}
