import Digest
import Foundation

/// AWS Signature Version 4, header form, as S3 and every AWS-compatible server check it
/// (checked against AWS's published test vectors: Tests/StoreS3Tests). The caller gives
/// the headers to sign (`host` among them; for S3 also `x-amz-content-sha256`); the
/// signer adds `x-amz-date` (and `x-amz-security-token` with session credentials) and
/// returns every header to send with `Authorization` last.
public struct SigV4Signer: Sendable {
    public var credentials: S3Credentials
    public var region: String
    public var service: String

    public init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The SHA-256 of an empty body, which GETs, HEADs and DELETEs sign.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// - Parameters:
    ///   - path: the request path as sent, already URI-encoded (`SigV4Signer.encodePath`).
    ///   - query: the query's names and values, not encoded (they are encoded here).
    ///   - payloadHash: the body's SHA-256 in hex, or `UNSIGNED-PAYLOAD`.
    public func sign(
        method: String, path: String, query: [(String, String)], headers: [(String, String)],
        payloadHash: String, date: Date
    ) -> [(String, String)] {
        let stamp = SigV4Signer.timestamp(date)
        let day = String(stamp.prefix(8))
        var all = headers + [("x-amz-date", stamp)]
        if let token = credentials.sessionToken { all.append(("x-amz-security-token", token)) }
        let canonical = SigV4Signer.canonicalRequest(
            method: method, path: path, query: query, headers: all,
            payloadHash: payloadHash)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign =
            "AWS4-HMAC-SHA256\n\(stamp)\n\(scope)\n"
            + Array(canonical.request.utf8).withUnsafeBytes { SHA256Hasher.hash($0) }
        var key = HMACSHA256.authenticate(key: Array(("AWS4" + credentials.secretAccessKey).utf8), Array(day.utf8))
        for part in [region, service, "aws4_request"] { key = HMACSHA256.authenticate(key: key, Array(part.utf8)) }
        let signature = SHA256Hasher.hex(HMACSHA256.authenticate(key: key, Array(stringToSign.utf8)))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        return all + [("Authorization", authorization)]
    }

    /// The canonical request and the signed header names (lowercase, sorted, `;`-joined).
    static func canonicalRequest(
        method: String, path: String, query: [(String, String)], headers: [(String, String)],
        payloadHash: String
    ) -> (request: String, signedHeaders: String) {
        let encoded: [(name: String, value: String)] = query.map { pair in
            (uriEncode(pair.0, encodeSlash: true), uriEncode(pair.1, encodeSlash: true))
        }
        let sorted = encoded.sorted { a, b in a.name == b.name ? a.value < b.value : a.name < b.name }
        let canonicalQuery = sorted.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            // Trimmed, inner runs of spaces collapsed, as the specification asks.
            let trimmed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            merged[name.lowercased(), default: []].append(trimmed)
        }
        let names = merged.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        let signed = names.joined(separator: ";")
        let request = [method, path.isEmpty ? "/" : path, canonicalQuery, canonicalHeaders, signed, payloadHash]
            .joined(separator: "\n")
        return (request, signed)
    }

    /// RFC 3986 percent-encoding as SigV4 wants it: everything but `A-Z a-z 0-9 - . _ ~`
    /// (and `/` unless `encodeSlash`), in uppercase hex over UTF-8.
    public static func uriEncode(_ text: String, encodeSlash: Bool) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where !encodeSlash:
                out.append("/")
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// A path from its segments (bucket, key), each encoded with its slashes kept.
    public static func encodePath(_ raw: String) -> String { uriEncode(raw, encodeSlash: false) }

    /// `20150830T123600Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
