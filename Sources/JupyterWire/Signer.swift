import COpenSSL
import Digest
import Foundation

/// Signs and verifies Jupyter messages with HMAC-SHA256 (OpenSSL's EVP_MAC), as
/// lowercase hex over the header, parent header, metadata and content frames in that
/// order. With an empty key, signatures are empty and every message is accepted, as the
/// protocol specifies for unsigned connections.
public struct Signer: Sendable {
    private let key: [UInt8]

    /// Whether messages are signed at all.
    public var isSigning: Bool { !key.isEmpty }

    public init(key: String) {
        self.key = Array(key.utf8)
    }

    public init(key: [UInt8]) {
        self.key = key
    }

    /// The lowercase-hex HMAC-SHA256 of `frames` concatenated, or "" without a key.
    public func signature<Frames: Sequence<Data>>(_ frames: Frames) -> String {
        guard isSigning else { return "" }
        let digest = hmac(frames)
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(digest.count * 2)
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `signature` (the received hex bytes) matches `frames`; compared in
    /// constant time so a forger learns nothing from timing. Always true without a key.
    public func verify<Frames: Sequence<Data>>(signature: Data, frames: Frames) -> Bool {
        guard isSigning else { return true }
        let expected = Array(self.signature(frames).utf8)
        // The length is public (always 64); only the content must not leak.
        guard signature.count == expected.count else { return false }
        return signature.withUnsafeBytes { received in
            expected.withUnsafeBytes { CRYPTO_memcmp(received.baseAddress, $0.baseAddress, expected.count) == 0 }
        }
    }

    /// The raw 32-byte HMAC-SHA256 of `frames` concatenated.
    public func hmac<Frames: Sequence<Data>>(_ frames: Frames) -> [UInt8] {
        HMACSHA256.authenticate(key: key, frames)
    }
}
