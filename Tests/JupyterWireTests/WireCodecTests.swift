import Foundation
import Testing

@testable import JupyterWire

struct WireCodecTests {
    static let key = "b9f1e2d4-test"
    let codec = WireCodec(key: WireCodecTests.key)
    let factory = MessageFactory(session: "session-1", username: "tester")

    func request() -> Message {
        var message = factory.message(
            .executeRequest, content: ["code": "x = 1\nprint(\"é\")", "silent": false],
            metadata: ["cellId": "c1"])
        message.identities = [Data([0x00, 0x6b, 0x8b, 0x45, 0x67]), Data("second".utf8)]
        message.buffers = [Data([1, 2, 3]), Data()]
        return message
    }

    @Test func roundTripsWithIdentitiesAndBuffers() throws {
        let message = request()
        let frames = codec.encode(message)
        #expect(frames.count == 2 + 1 + 1 + 4 + 2)
        #expect(frames[2] == WireCodec.delimiter)
        #expect(frames[3].count == 64)
        #expect(try codec.decode(frames) == message)
    }

    @Test func aReplyKeepsRoutingAndParentAndRoundTrips() throws {
        let parent = request()
        let reply = factory.reply(to: parent, type: .executeReply, content: ["status": "ok", "execution_count": 1])
        #expect(reply.identities == parent.identities)
        #expect(reply.parentHeader == parent.header)
        #expect(reply.header.session == "session-1")
        #expect(reply.header.msgType == "execute_reply")
        let decoded = try codec.decode(codec.encode(reply))
        #expect(decoded == reply)
        #expect(decoded.parentHeader?.msgID == parent.header.msgID)
    }

    @Test func writesTheHeaderFieldsJupyterExpects() throws {
        let message = request()
        let frames = codec.encode(message)
        let header = try JSONParser.parse(frames[4])
        #expect(
            header == [
                "msg_id": .string(message.header.msgID), "session": "session-1", "username": "tester",
                "date": .string(message.header.date), "msg_type": "execute_request", "version": "5.3",
            ])
        #expect(frames[5] == Data("{}".utf8))  // no parent
    }

    @Test func readsWhatPythonJupyterClientSends() throws {
        // Frames as jupyter_client's Session.serialize writes them (spaces after
        // separators are json.dumps' default), signed with Python's hmac.
        let signed = [
            #"{"msg_id": "1b2c", "msg_type": "kernel_info_request", "username": "user", "session": "abcd", "date": "2026-11-29T01:59:08.123456Z", "version": "5.4"}"#,
            "{}", "{}", "{}",
        ].map { Data($0.utf8) }
        let signature = Signer(key: Self.key).signature(signed)
        let message = try codec.decode([Data("peer".utf8), WireCodec.delimiter, Data(signature.utf8)] + signed)
        #expect(message.type == .kernelInfoRequest)
        #expect(message.header.version == "5.4")
        #expect(message.identities == [Data("peer".utf8)])
        #expect(message.parentHeader == nil)
        #expect(message.buffers.isEmpty)
    }

    enum Tamper: String, CaseIterable, Sendable {
        case contentByte, headerByte, parentByte, metadataByte, signatureByte, missingSignature, wrongKey
    }

    @Test(arguments: Tamper.allCases)
    func rejectsTamperedMessages(_ tamper: Tamper) {
        var frames = codec.encode(request())
        let base = 2  // two identities before the delimiter
        func flip(_ index: Int) {
            var bytes = [UInt8](frames[index])
            let position = bytes.count / 2
            bytes[position] = bytes[position] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
            frames[index] = Data(bytes)
        }
        switch tamper {
        case .contentByte: flip(base + 5)
        case .headerByte: flip(base + 2)
        case .parentByte: frames[base + 3] = Data(#"{"msg_id":"x","session":"s","msg_type":"t"}"#.utf8)
        case .metadataByte: flip(base + 4)
        case .signatureByte: flip(base + 1)
        case .missingSignature: frames[base + 1] = Data()
        case .wrongKey: frames = WireCodec(key: "not-the-key").encode(request())
        }
        #expect(throws: FrameError.signatureMismatch) { try codec.decode(frames) }
    }

    @Test func buffersAreNotSigned() throws {
        var frames = codec.encode(request())
        frames[frames.count - 2] = Data([9, 9, 9])
        #expect(try codec.decode(frames).buffers.first == Data([9, 9, 9]))
    }

    @Test func rejectsMissingDelimiterAndShortMessages() {
        let frames = codec.encode(request())
        #expect(throws: FrameError.missingDelimiter) {
            try codec.decode(frames.filter { $0 != WireCodec.delimiter })
        }
        #expect(throws: FrameError.tooFewFrames(4)) { try codec.decode(Array(frames[0..<7])) }
        #expect(throws: FrameError.tooFewFrames(0)) { try codec.decode([WireCodec.delimiter]) }
    }

    /// Well-signed frames with bad JSON: the signature passes, then parsing fails.
    func signedFrames(
        header: String, parent: String = "{}", metadata: String = "{}", content: String = "{}",
        codec: WireCodec
    ) -> [Data] {
        let signed = [header, parent, metadata, content].map { Data($0.utf8) }
        return [WireCodec.delimiter, Data(codec.signer.signature(signed).utf8)] + signed
    }

    static let goodHeader =
        #"{"msg_id":"m","session":"s","username":"u","date":"d","msg_type":"execute_request","version":"5.3"}"#

    @Test(
        arguments: [
            (#"{"msg_id":"m","#, "{}", "{}", FrameError.malformedJSON(frame: .header, "unexpected end of JSON text")),
            (goodHeader, "[]", "{}", .malformedJSON(frame: .metadata, "not an object")),
            (goodHeader, "{}", #"{"code": 1"#, .malformedJSON(frame: .content, "unexpected end of JSON text")),
            (#"{"session":"s","msg_type":"t"}"#, "{}", "{}", .malformedHeader("msg_id")),
            (#"{"msg_id":"m","msg_type":"t"}"#, "{}", "{}", .malformedHeader("session")),
            (#"{"msg_id":"m","session":"s","msg_type":7}"#, "{}", "{}", .malformedHeader("msg_type")),
            (#"{"msg_id":"m","session":"s","msg_type":"t","username":null}"#, "{}", "{}", .malformedHeader("username")),
        ] as [(String, String, String, FrameError)])
    func rejectsMalformedJSON(_ header: String, _ metadata: String, _ content: String, _ expected: FrameError) {
        let frames = signedFrames(header: header, metadata: metadata, content: content, codec: codec)
        #expect(throws: expected) { try codec.decode(frames) }
    }

    @Test func rejectsAMalformedParentHeader() {
        let frames = signedFrames(header: Self.goodHeader, parent: #"{"msg_id":"p"}"#, codec: codec)
        #expect(throws: FrameError.malformedHeader("parent_header.session")) { try codec.decode(frames) }
    }

    @Test func unsignedConnectionsAcceptAnySignature() throws {
        let unsigned = WireCodec(key: "")
        let frames = unsigned.encode(request())
        #expect(frames[3].isEmpty)
        var forged = frames
        forged[3] = Data("whatever".utf8)
        #expect(try unsigned.decode(forged) == request().withSameIDs(as: unsigned.decode(frames)))
    }

    @Test func signingAndEncodingAreCheap() throws {
        let message = request()
        let start = ContinuousClock.now
        for _ in 0..<200 { _ = try codec.decode(codec.encode(message)) }
        let perMessage = (ContinuousClock.now - start) / 200
        // Debug build; release is several times faster. Catches gross regressions only.
        #expect(perMessage < .microseconds(500), "encode+decode took \(perMessage)")
    }
}

extension Message {
    /// This message with the header ids of `other` (for comparing freshly made messages).
    func withSameIDs(as other: Message) -> Message {
        var copy = self
        copy.header = other.header
        return copy
    }
}
