import AsyncHTTPClient
import Digest
import Foundation
import NIOCore
import NIOHTTP1

/// The few S3 operations a store needs, signed with SigV4, over async-http-client:
/// put (optionally only if absent: `If-None-Match: *`), get, head, list and delete, and
/// multipart upload for large objects. Calls block the calling thread (the store's
/// protocols are synchronous); a failed connection or a 5xx answer is retried with
/// exponential backoff before it becomes an error naming the endpoint.
public final class S3Client: Sendable {
    public let location: S3Location
    let signer: SigV4Signer
    let http: HTTPClient
    /// Attempts per request, and the first backoff (doubled after each failure).
    let attempts: Int
    let backoff: Double
    /// Objects this large or larger go up in parts of `partSize` bytes.
    public let multipartThreshold: Int
    public let partSize: Int

    public init(
        location: S3Location, credentials: S3Credentials, attempts: Int = 5, backoff: Double = 0.2,
        multipartThreshold: Int = 64 << 20, partSize: Int = 16 << 20
    ) {
        self.location = location
        signer = SigV4Signer(credentials: credentials, region: location.region)
        http = S3Client.sharedHTTP
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.multipartThreshold = multipartThreshold
        self.partSize = max(5 << 20, partSize)
    }

    /// One HTTP client for the process (connections are pooled per endpoint). Failed
    /// connections are not retried inside the client: `send` retries with its own
    /// backoff and counts the attempts, so a dead endpoint fails in seconds, not after
    /// the request's whole deadline.
    static let sharedHTTP: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// An S3 answer: status, headers, body.
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    // MARK: Operations

    /// Stores `data` under `key`. With `ifAbsent`, an existing object is left as it is
    /// (`If-None-Match: *`) and false is returned; true when this call wrote it.
    @discardableResult
    public func put(_ key: String, data: [UInt8], ifAbsent: Bool) throws(S3Error) -> Bool {
        if data.count >= multipartThreshold { return try putInParts(key, data: data, ifAbsent: ifAbsent) }
        let headers = ifAbsent ? [("If-None-Match", "*")] : []
        let reply = try send(
            "PUT", path: location.path(of: key), query: [], headers: headers, body: data,
            operation: "PUT \(key)")
        switch reply.status {
        case 200...299: return true
        case 412 where ifAbsent: return false
        default: throw refusal(reply, operation: "PUT \(key)")
        }
    }

    /// The object's bytes, or nil when there is none.
    public func get(_ key: String) throws(S3Error) -> [UInt8]? {
        let reply = try send(
            "GET", path: location.path(of: key), query: [], headers: [], body: nil, operation: "GET \(key)")
        switch reply.status {
        case 200...299: return reply.body
        case 404 where S3Client.code(reply.body) != "NoSuchBucket": return nil
        default: throw refusal(reply, operation: "GET \(key)")
        }
    }

    /// Some of an object's bytes: `bytes` start at `offset` in an object `objectSize`
    /// bytes long. Nil when there is no such object. A server that ignores the range
    /// (answering 200) gives the whole object, which is still a correct answer.
    public func get(_ key: String, range: S3ByteRange) throws(S3Error)
        -> (bytes: [UInt8], offset: Int64, objectSize: Int64)?
    {
        let operation = "GET \(key) (\(range.header))"
        let reply = try send(
            "GET", path: location.path(of: key), query: [], headers: [("Range", range.header)], body: nil,
            operation: operation)
        switch reply.status {
        case 206:
            // Content-Range: bytes FIRST-LAST/SIZE
            guard let header = reply.headers.first(name: "Content-Range"), header.hasPrefix("bytes "),
                let slash = header.firstIndex(of: "/"), let dash = header.firstIndex(of: "-"), dash < slash,
                let first = Int64(header[header.index(header.startIndex, offsetBy: 6)..<dash]),
                let size = Int64(header[header.index(after: slash)...])
            else {
                throw .refused(
                    endpoint: location.endpoint, operation: operation, status: 206, code: "",
                    message: "no usable Content-Range in the answer")
            }
            return (reply.body, first, size)
        case 200...299: return (reply.body, 0, Int64(reply.body.count))
        case 404 where S3Client.code(reply.body) != "NoSuchBucket": return nil
        default: throw refusal(reply, operation: operation)
        }
    }

    /// The object's size, or nil when there is none.
    public func head(_ key: String) throws(S3Error) -> Int? {
        let reply = try send(
            "HEAD", path: location.path(of: key), query: [], headers: [], body: nil,
            operation: "HEAD \(key)")
        switch reply.status {
        case 200...299: return reply.headers.first(name: "Content-Length").flatMap(Int.init) ?? 0
        case 404: return nil
        default: throw refusal(reply, operation: "HEAD \(key)")
        }
    }

    public func delete(_ key: String) throws(S3Error) {
        let reply = try send(
            "DELETE", path: location.path(of: key), query: [], headers: [], body: nil,
            operation: "DELETE \(key)")
        guard (200...299).contains(reply.status) || reply.status == 404 else {
            throw refusal(reply, operation: "DELETE \(key)")
        }
    }

    /// Every key below `under` (relative to the location's prefix), sorted, with sizes.
    public func list(under: String) throws(S3Error) -> [(key: String, size: Int, modified: Date?)] {
        let base = location.prefix.isEmpty ? "" : location.prefix + "/"
        var keys: [(key: String, size: Int, modified: Date?)] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", base + under)]
            if let token { query.append(("continuation-token", token)) }
            let reply = try send(
                "GET", path: location.bucketPath, query: query, headers: [], body: nil,
                operation: "LIST \(under)")
            guard (200...299).contains(reply.status) else { throw refusal(reply, operation: "LIST \(under)") }
            let text = String(decoding: reply.body, as: UTF8.self)
            for entry in S3Client.elements("Contents", in: text) {
                guard let key = S3Client.elements("Key", in: entry).first.map(S3Client.unescapeXML) else { continue }
                let size = S3Client.elements("Size", in: entry).first.flatMap { Int($0) } ?? 0
                let modified = S3Client.elements("LastModified", in: entry).first.flatMap(S3Client.parseTime)
                keys.append((String(key.dropFirst(base.count)), size, modified))
            }
            token =
                S3Client.elements("IsTruncated", in: text).first == "true"
                ? S3Client.elements("NextContinuationToken", in: text).first.map(S3Client.unescapeXML) : nil
        } while token != nil
        return keys.sorted { $0.key < $1.key }
    }

    /// Checks that the bucket answers to these credentials (a one-line error if not).
    public func checkAccess() throws(S3Error) {
        let reply = try send(
            "HEAD", path: location.bucketPath, query: [], headers: [], body: nil, operation: "HEAD bucket")
        guard (200...299).contains(reply.status) else {
            if reply.status == 404 { throw .noSuchBucket(bucket: location.bucket, endpoint: location.endpoint) }
            if reply.status == 403 { throw .credentials(endpoint: location.endpoint, code: "AccessDenied") }
            throw refusal(reply, operation: "HEAD bucket")
        }
    }

    // MARK: Multipart

    private func putInParts(_ key: String, data: [UInt8], ifAbsent: Bool) throws(S3Error) -> Bool {
        if ifAbsent, try head(key) != nil { return false }
        let path = location.path(of: key)
        let started = try send(
            "POST", path: path, query: [("uploads", "")], headers: [], body: [],
            operation: "start multipart \(key)")
        guard (200...299).contains(started.status),
            let upload = S3Client.elements("UploadId", in: String(decoding: started.body, as: UTF8.self)).first
        else {
            throw refusal(started, operation: "start multipart \(key)")
        }
        var parts: [String] = []
        do throws(S3Error) {
            var offset = 0
            var number = 1
            while offset < data.count {
                let end = min(data.count, offset + partSize)
                let reply = try send(
                    "PUT", path: path, query: [("partNumber", String(number)), ("uploadId", upload)],
                    headers: [], body: Array(data[offset..<end]), operation: "PUT part \(number) of \(key)")
                guard (200...299).contains(reply.status), let etag = reply.headers.first(name: "ETag") else {
                    throw refusal(reply, operation: "PUT part \(number) of \(key)")
                }
                parts.append("<Part><PartNumber>\(number)</PartNumber><ETag>\(S3Client.escapeXML(etag))</ETag></Part>")
                offset = end
                number += 1
            }
            let body = "<CompleteMultipartUpload>" + parts.joined() + "</CompleteMultipartUpload>"
            let reply = try send(
                "POST", path: path, query: [("uploadId", upload)],
                headers: ifAbsent ? [("If-None-Match", "*")] : [], body: Array(body.utf8),
                operation: "complete multipart \(key)")
            if reply.status == 412, ifAbsent { return false }
            // S3 may answer 200 with an error document when completing.
            let text = String(decoding: reply.body, as: UTF8.self)
            guard (200...299).contains(reply.status), !text.contains("<Error>") else {
                throw refusal(reply, operation: "complete multipart \(key)")
            }
            return true
        } catch {
            _ = try? send(
                "DELETE", path: path, query: [("uploadId", upload)], headers: [], body: nil,
                operation: "abort multipart \(key)")
            throw error
        }
    }

    // MARK: Requests

    /// Signs and sends one request, retrying what a retry may cure.
    func send(
        _ method: String, path: String, query: [(String, String)], headers: [(String, String)], body: [UInt8]?,
        operation: String
    ) throws(S3Error) -> Reply {
        let payloadHash =
            body.map { bytes in bytes.withUnsafeBytes { SHA256Hasher.hash($0) } } ?? SigV4Signer.emptyPayloadHash
        let queryText = query.map {
            SigV4Signer.uriEncode($0.0, encodeSlash: true) + "=" + SigV4Signer.uriEncode($0.1, encodeSlash: true)
        }
        .joined(separator: "&")
        let url = location.endpoint + path + (queryText.isEmpty ? "" : "?" + queryText)
        var delay = backoff
        var lastProblem = ""
        for attempt in 1...attempts {
            let signed = signer.sign(
                method: method, path: path, query: query,
                headers: [("host", location.hostHeader), ("x-amz-content-sha256", payloadHash)] + headers,
                payloadHash: payloadHash, date: Date())
            do {
                var request = try HTTPClient.Request(
                    url: url, method: HTTPMethod(rawValue: method),
                    headers: HTTPHeaders(signed.filter { $0.0 != "host" }))
                if let body { request.body = .bytes(body) }
                let response = try http.execute(request: request, deadline: .now() + .seconds(120)).wait()
                let reply = Reply(
                    status: Int(response.status.code), headers: response.headers,
                    body: response.body.map { Array($0.readableBytesView) } ?? [])
                if reply.status >= 500, attempt < attempts {
                    lastProblem = "\(reply.status) \(S3Client.code(reply.body))"
                } else {
                    return reply
                }
            } catch {
                lastProblem = S3Client.reason(error)
            }
            if attempt < attempts {
                Thread.sleep(forTimeInterval: delay)
                delay *= 2
            }
        }
        throw .unreachable(endpoint: location.endpoint, reason: lastProblem, attempts: attempts)
    }

    /// The error an unwelcome answer means.
    func refusal(_ reply: Reply, operation: String) -> S3Error {
        let code = S3Client.code(reply.body)
        switch (reply.status, code) {
        case (_, "NoSuchBucket"):
            return .noSuchBucket(bucket: location.bucket, endpoint: location.endpoint)
        case (403, "SignatureDoesNotMatch"), (403, "InvalidAccessKeyId"), (403, "AccessDenied"),
            (403, "RequestTimeTooSkewed"), (403, ""):
            return .credentials(endpoint: location.endpoint, code: code.isEmpty ? "403" : code)
        default:
            let message = S3Client.elements("Message", in: String(decoding: reply.body, as: UTF8.self)).first ?? ""
            return .refused(
                endpoint: location.endpoint, operation: operation, status: reply.status, code: code,
                message: String(message.prefix(200)))
        }
    }

    static func code(_ body: [UInt8]) -> String {
        elements("Code", in: String(decoding: body, as: UTF8.self)).first ?? ""
    }

    /// The texts of every `<name>...</name>` in `xml` (S3's answers are flat enough).
    static func elements(_ name: String, in xml: String) -> [String] {
        var found: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(name)>") {
            guard let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex) else { break }
            found.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// S3's ISO 8601 times, with or without fractional seconds (`2026-12-05T14:00:00.000Z`).
    static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    static func unescapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func escapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 160 ? String(text.prefix(160)) + "..." : text
    }
}

/// Which bytes of an object to read (an HTTP `Range`).
public enum S3ByteRange: Sendable, Hashable {
    /// Bytes `first` through `last`, inclusive.
    case span(first: Int64, last: Int64)
    /// The last `count` bytes (the whole object if it is shorter).
    case suffix(Int64)

    var header: String {
        switch self {
        case .span(let first, let last): return "bytes=\(first)-\(last)"
        case .suffix(let count): return "bytes=-\(count)"
        }
    }
}
