import COpenSSL

/// Incremental SHA-256 through OpenSSL's EVP interface (which picks the SHA-NI or AVX2
/// code path for the CPU). Feed bytes with `update`, then take the lowercase hex digest
/// once with `finalizeHex`. Content ids of datasets and the store's object ids both
/// come from here, so they agree byte for byte.
public struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    public init() {
        // Both calls fail only when memory runs out, where Swift itself would stop.
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            preconditionFailure("OpenSSL could not set up a SHA-256 context")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds `bytes` to the digest.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // EVP_DigestUpdate only fails on a context that was never initialised.
        _ = EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Adds the bytes of `array` to the digest.
    public mutating func update<T>(contentsOf array: [T]) {
        array.withUnsafeBytes { update($0) }
    }

    /// The digest of everything added, as 64 lowercase hex characters.
    public consuming func finalizeHex() -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        return Self.hex(digest.prefix(Int(length)))
    }

    /// The SHA-256 of `bytes`, lowercase hex.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// Lowercase hex of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
