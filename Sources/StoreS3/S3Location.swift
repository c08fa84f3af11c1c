import Foundation

/// Where a team store's objects live: `STRATA_OBJECTS=s3://bucket/prefix`, on the
/// endpoint `AWS_ENDPOINT_URL` names (any S3-compatible server, path-style requests) or
/// AWS's regional endpoint for `AWS_REGION` (virtual-hosted requests), with the
/// credentials of `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
public struct S3Location: Sendable, Equatable {
    public var bucket: String
    /// The key prefix, without leading or trailing slashes ("" for the bucket's root).
    public var prefix: String
    public var scheme: String
    public var host: String
    public var port: Int?
    public var region: String
    /// Whether the bucket goes in the path (`host/bucket/key`) rather than the host name.
    public var pathStyle: Bool

    /// The endpoint as a URL, for messages: `http://127.0.0.1:8333`.
    public var endpoint: String { "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "") }

    /// `s3://bucket/prefix`, for messages.
    public var url: String { "s3://\(bucket)" + (prefix.isEmpty ? "" : "/\(prefix)") }

    /// Reads `s3://bucket[/prefix]` and the AWS variables.
    /// - Throws: `S3ConfigurationError` naming the setting at fault (never its secret).
    public init(url text: String, environment: [String: String]) throws(S3ConfigurationError) {
        guard text.hasPrefix("s3://") else {
            throw S3ConfigurationError(setting: "STRATA_OBJECTS", reason: "'\(text)' is not an s3://bucket/prefix URL")
        }
        let rest = text.dropFirst(5)
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let bucket = String(parts[0])
        guard S3Location.isBucketName(bucket) else {
            throw S3ConfigurationError(
                setting: "STRATA_OBJECTS",
                reason: "'\(bucket)' is not a bucket name (3 to 63 lowercase letters, digits, '.' and '-')")
        }
        self.bucket = bucket
        prefix = parts.count > 1 ? parts[1].split(separator: "/").joined(separator: "/") : ""
        region =
            environment["AWS_REGION"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["AWS_DEFAULT_REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? "us-east-1"
        if let endpoint = environment["AWS_ENDPOINT_URL_S3"].flatMap({ $0.isEmpty ? nil : $0 })
            ?? environment["AWS_ENDPOINT_URL"].flatMap({ $0.isEmpty ? nil : $0 })
        {
            guard let components = URLComponents(string: endpoint), let scheme = components.scheme,
                ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty,
                components.path.isEmpty || components.path == "/"
            else {
                throw S3ConfigurationError(
                    setting: "AWS_ENDPOINT_URL",
                    reason: "'\(endpoint)' is not an http(s)://host[:port] URL")
            }
            self.scheme = scheme
            self.host = host
            port = components.port
            pathStyle = true
        } else {
            scheme = "https"
            host = "\(bucket).s3.\(region).amazonaws.com"
            port = nil
            pathStyle = false
        }
    }

    /// The request path of `key` (below the prefix), encoded for the wire and for signing.
    func path(of key: String) -> String {
        let full = prefix.isEmpty ? key : prefix + "/" + key
        return (pathStyle ? "/\(bucket)/" : "/") + SigV4Signer.encodePath(full)
    }

    /// The path of the bucket itself (for listing).
    var bucketPath: String { pathStyle ? "/\(bucket)" : "/" }

    /// The `Host` header: the host, with the port when it is not the scheme's default.
    var hostHeader: String { host + (port.map { ":\($0)" } ?? "") }

    static func isBucketName(_ name: String) -> Bool {
        guard (3...63).contains(name.count), let first = name.first, first.isLetter || first.isNumber else {
            return false
        }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }
    }
}

/// A team-store setting that does not work, named, with why; no secret in it.
public struct S3ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var setting: String
    public var reason: String

    public var description: String { "\(setting): \(reason)" }
}
