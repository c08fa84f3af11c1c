import Foundation
import JupyterWire

/// The fields of a `comm_open`, `comm_msg` or `comm_close` as the kernel reads them,
/// whichever side sent it.
struct CommMessage: Sendable, Equatable {
    var commID: String
    /// The target a `comm_open` names; empty for the other two.
    var targetName: String
    var data: [String: JSONValue]
    var metadata: [String: JSONValue]
    var buffers: [Data]
    /// The message itself, the parent of whatever the kernel sends because of it.
    var header: MessageHeader

    init(_ message: Message) throws(RequestError) {
        let reader = ContentReader(content: message.content)
        commID = try reader.string("comm_id")
        targetName = try reader.string("target_name", default: "")
        switch message.content["data"] {
        case nil, .null?: data = [:]
        case .object(let fields)?: data = fields
        default: throw .wrongType(field: "data", expected: "an object")
        }
        metadata = message.metadata
        buffers = message.buffers
        header = message.header
    }

    /// The major part of `metadata.version` (`2` of `2.1.0`), or nil when none is given.
    var majorVersion: String? {
        metadata["version"]?.stringValue.map { String($0.prefix { $0 != "." }) }
    }
}
