import Digest
import Foundation

extension SHA256Hasher {
    /// The SHA-256 of `bytes` (a `Data`, an array), lowercase hex.
    static func hash<C: ContiguousBytes>(_ bytes: C) -> String {
        bytes.withUnsafeBytes { hash($0) }
    }
}
