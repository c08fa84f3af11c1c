import COpenSSL
import Foundation

/// HMAC-SHA256 through OpenSSL's EVP_MAC: what signs Jupyter messages (JupyterWire's
/// `Signer`) and S3 requests (SigV4's key derivation and signature).
public enum HMACSHA256 {
    /// The 32-byte MAC of `parts` concatenated, under `key`.
    public static func authenticate<Parts: Sequence<Data>>(key: [UInt8], _ parts: Parts) -> [UInt8] {
        // Fetching is cached inside OpenSSL; a fresh context per call keeps callers plain
        // values that any thread may use.
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { fatalError("OpenSSL has no HMAC") }
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { fatalError("EVP_MAC_CTX_new failed") }
        defer { EVP_MAC_CTX_free(context) }

        let initialised = "digest".withCString { name in
            "SHA256".withCString { digest in
                var params = [
                    OSSL_PARAM_construct_utf8_string(name, UnsafeMutablePointer(mutating: digest), 0),
                    OSSL_PARAM_construct_end(),
                ]
                return key.withUnsafeBufferPointer { keyBytes in
                    EVP_MAC_init(context, keyBytes.baseAddress, keyBytes.count, &params)
                }
            }
        }
        guard initialised == 1 else { fatalError("EVP_MAC_init failed") }
        for part in parts {
            let updated = part.withUnsafeBytes { bytes in
                EVP_MAC_update(context, bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count)
            }
            guard updated == 1 else { fatalError("EVP_MAC_update failed") }
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0
        guard EVP_MAC_final(context, &digest, &length, digest.count) == 1 else {
            fatalError("EVP_MAC_final failed")
        }
        return Array(digest.prefix(length))
    }

    /// The MAC of one message.
    public static func authenticate(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        authenticate(key: key, CollectionOfOne(Data(message)))
    }
}
