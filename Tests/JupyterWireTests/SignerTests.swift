import Foundation
import Testing

@testable import JupyterWire

/// HMAC-SHA256 against RFC 4231 and against Python's `hmac` module.
struct SignerTests {
    struct Vector: Sendable, CustomStringConvertible {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        let hex: String
        var description: String { name }
    }

    static let rfc4231: [Vector] = [
        Vector(
            name: "RFC 4231 case 1", key: Array(repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
            hex: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            name: "RFC 4231 case 2", key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
            hex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            name: "RFC 4231 case 3", key: Array(repeating: 0xaa, count: 20), data: Array(repeating: 0xdd, count: 50),
            hex: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            name: "RFC 4231 case 6", key: Array(repeating: 0xaa, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            hex: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ]

    @Test(arguments: rfc4231)
    func knownAnswers(_ vector: Vector) {
        let signer = Signer(key: vector.key)
        #expect(signer.signature([Data(vector.data)]) == vector.hex)
    }

    @Test func splittingTheInputIntoFramesHashesTheConcatenation() {
        let signer = Signer(key: Array("Jefe".utf8))
        let frames = ["what do ", "ya want ", "", "for nothing?"].map { Data($0.utf8) }
        #expect(signer.signature(frames) == Self.rfc4231[1].hex)
    }

    /// Computed with:
    /// `h = hmac.HMAC(b"9a7a3f0c-strata-test-key", digestmod=hashlib.sha256); h.update(f) for each frame`.
    @Test func matchesPythonHmacOverMessageFrames() {
        let frames = [
            #"{"date":"2026-11-29T01:59:08.123456Z","msg_id":"a1","msg_type":"execute_request","session":"s1","username":"u","version":"5.3"}"#,
            "{}", "{}", #"{"code":"print(\"héllo ✓\")"}"#,
        ].map { Data($0.utf8) }
        let signer = Signer(key: "9a7a3f0c-strata-test-key")
        let expected = "a8fb91a895b539284c429121dcf4241244c79156e0dc94c67408222631a53ee7"
        #expect(signer.signature(frames) == expected)
        #expect(signer.verify(signature: Data(expected.utf8), frames: frames))
    }

    @Test func verificationRejectsWrongOrTruncatedSignatures() {
        let signer = Signer(key: "secret")
        let frames = [Data("a".utf8), Data("b".utf8)]
        let good = signer.signature(frames)
        var flipped = Array(good.utf8)
        flipped[10] = flipped[10] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(signer.verify(signature: Data(good.utf8), frames: frames))
        #expect(!signer.verify(signature: Data(flipped), frames: frames))
        #expect(!signer.verify(signature: Data(good.utf8.dropLast()), frames: frames))
        #expect(!signer.verify(signature: Data(), frames: frames))
        #expect(!signer.verify(signature: Data(good.uppercased().utf8), frames: frames))
        #expect(!Signer(key: "other").verify(signature: Data(good.utf8), frames: frames))
    }

    @Test func anEmptyKeyMeansUnsigned() {
        let signer = Signer(key: "")
        #expect(!signer.isSigning)
        #expect(signer.signature([Data("x".utf8)]) == "")
        #expect(signer.verify(signature: Data("anything".utf8), frames: [Data("x".utf8)]))
    }
}
