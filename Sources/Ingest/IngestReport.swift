/// Everything one `ingest` did: a row per file or URL, in the order they were decided.
public struct IngestReport: Sendable, Equatable {
    /// The folder, as an absolute path.
    public var folder: String
    public var rows: [IngestRow]
    /// HTML pages a crawl read for links (not themselves kept unless they matched).
    public var pagesRead: Int

    public init(folder: String, rows: [IngestRow] = [], pagesRead: Int = 0) {
        self.folder = folder
        self.rows = rows
        self.pagesRead = pagesRead
    }

    /// How many rows have `status`.
    public func count(_ status: IngestRow.Status) -> Int {
        rows.reduce(0) { $0 + ($1.status == status ? 1 : 0) }
    }

    /// `12 fetched, 3 unchanged, 1 skipped, 1 failed`.
    public var tally: String {
        IngestRow.Status.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")
    }
}
