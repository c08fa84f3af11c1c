import Foundation

/// What the store remembers of one file `ingest` put into a folder: where it came
/// from, its bytes' size and SHA-256, and the validators the source gave for them
/// (an HTTP `ETag` and `Last-Modified`, an S3 object's time, a local file's mtime), so
/// the next ingest can ask the source for a new copy only when it changed.
public struct IngestedFile: Sendable, Hashable {
    /// The file's path inside the folder, `/`-separated.
    public var path: String
    /// The URL (`https://...`, `s3://bucket/key`) or absolute path it was copied from.
    public var source: String
    public var size: Int64
    /// SHA-256 of the bytes, lowercase hex.
    public var sha256: String
    /// The source's entity tag, exactly as it sent it (quotes and `W/` included).
    public var etag: String?
    /// The source's modification time as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`),
    /// exactly as an HTTP source sent it.
    public var lastModified: String?
    /// When these bytes arrived.
    public var fetched: Date
    /// When an ingest last found the source unchanged or fetched it.
    public var checked: Date

    public init(
        path: String, source: String, size: Int64, sha256: String, etag: String?, lastModified: String?,
        fetched: Date, checked: Date
    ) {
        self.path = path
        self.source = source
        self.size = size
        self.sha256 = sha256
        self.etag = etag
        self.lastModified = lastModified
        self.fetched = fetched
        self.checked = checked
    }
}
