/// What happened to one file or URL: a row of `ingest`'s result table.
public struct IngestRow: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// New or changed bytes are now in the folder.
        case fetched
        /// The source answered 304 Not Modified, or sent (or holds) the bytes the folder has.
        case unchanged
        /// Not requested: robots.txt forbids it, its name does not match, it is on
        /// another site, or another source already wrote its file.
        case skipped
        /// Every attempt failed; `reason` says how the last one did.
        case failed
    }

    /// The URL, `s3://` URL or path of the file.
    public var source: String
    /// Where it is (or would be) in the folder, relative to it; nil when it names no file.
    public var file: String?
    public var status: Status
    public var bytes: Int64?
    public var sha256: String?
    public var etag: String?
    public var lastModified: String?
    /// Why it was skipped or failed; nil otherwise.
    public var reason: String?
    /// Requests made for it (redirects not counted); 0 when none was.
    public var attempts: Int

    public init(
        source: String, file: String?, status: Status, bytes: Int64? = nil, sha256: String? = nil,
        etag: String? = nil, lastModified: String? = nil, reason: String? = nil, attempts: Int = 0
    ) {
        self.source = source
        self.file = file
        self.status = status
        self.bytes = bytes
        self.sha256 = sha256
        self.etag = etag
        self.lastModified = lastModified
        self.reason = reason
        self.attempts = attempts
    }
}
