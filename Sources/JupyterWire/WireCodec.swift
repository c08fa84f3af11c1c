import Foundation

/// Turns messages into ZeroMQ frames and back:
/// `identities..., <IDS|MSG>, signature, header, parent_header, metadata, content, buffers...`.
public struct WireCodec: Sendable {
    public let signer: Signer

    /// The frame that ends the routing identities.
    public static let delimiter = Data("<IDS|MSG>".utf8)

    public init(signer: Signer) {
        self.signer = signer
    }

    public init(key: String) {
        self.init(signer: Signer(key: key))
    }

    /// The frames of `message`, signed.
    public func encode(_ message: Message) -> [Data] {
        let signed = [
            Self.encode(header: message.header),
            message.parentHeader.map(Self.encode(header:)) ?? Data("{}".utf8),
            Self.encode(object: message.metadata),
            Self.encode(object: message.content),
        ]
        var frames = message.identities
        frames.reserveCapacity(frames.count + 6 + message.buffers.count)
        frames.append(Self.delimiter)
        frames.append(Data(signer.signature(signed).utf8))
        frames.append(contentsOf: signed)
        frames.append(contentsOf: message.buffers)
        return frames
    }

    /// Reads a message from received frames. The signature is checked before any JSON
    /// is parsed, so unauthenticated input never reaches the parser.
    public func decode(_ frames: [Data]) throws(FrameError) -> Message {
        guard let delimiterIndex = frames.firstIndex(of: Self.delimiter) else { throw .missingDelimiter }
        let rest = frames.count - delimiterIndex - 1
        guard rest >= 5 else { throw .tooFewFrames(rest) }
        let signature = frames[delimiterIndex + 1]
        let signed = frames[(delimiterIndex + 2)..<(delimiterIndex + 6)]
        guard signer.verify(signature: signature, frames: signed) else { throw .signatureMismatch }

        let parsed = try zip(SignedFrame.allCases, signed).map { (frame, data) throws(FrameError) in
            try Self.object(in: data, frame: frame)
        }
        let header = try Self.header(from: parsed[0], prefix: "")
        let parentHeader = parsed[1].isEmpty ? nil : try Self.header(from: parsed[1], prefix: "parent_header.")
        return Message(
            identities: Array(frames[..<delimiterIndex]), header: header, parentHeader: parentHeader,
            metadata: parsed[2], content: parsed[3],
            buffers: Array(frames[(delimiterIndex + 6)...]))
    }

    /// The header as JSON, fields in sorted order.
    public static func encode(header: MessageHeader) -> Data {
        var writer = JSONWriter(reservingCapacity: 192)
        writer.write(object: [
            "date": .string(header.date), "msg_id": .string(header.msgID), "msg_type": .string(header.msgType),
            "session": .string(header.session), "username": .string(header.username),
            "version": .string(header.version),
        ])
        return Data(writer.bytes)
    }

    static func encode(object: [String: JSONValue]) -> Data {
        if object.isEmpty { return Data("{}".utf8) }
        var writer = JSONWriter()
        writer.write(object: object)
        return Data(writer.bytes)
    }

    private static func object(in data: Data, frame: SignedFrame) throws(FrameError) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(data)
        } catch {
            throw .malformedJSON(frame: frame, error.description)
        }
        guard let object = value.objectValue else { throw .malformedJSON(frame: frame, "not an object") }
        return object
    }

    /// Reads a header. `msg_id`, `msg_type` and `session` are required; the others
    /// default to empty, since a reply can be routed without them.
    static func header(from fields: [String: JSONValue], prefix: String) throws(FrameError) -> MessageHeader {
        func field(_ name: String, required: Bool) throws(FrameError) -> String {
            switch fields[name] {
            case .string(let text): return text
            case nil where !required: return ""
            default: throw .malformedHeader(prefix + name)
            }
        }
        return MessageHeader(
            msgID: try field("msg_id", required: true), session: try field("session", required: true),
            username: try field("username", required: false), date: try field("date", required: false),
            msgType: try field("msg_type", required: true), version: try field("version", required: false))
    }
}
