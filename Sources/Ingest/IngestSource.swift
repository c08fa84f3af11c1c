/// One thing `ingest` copies into a folder.
public enum IngestSource: Sendable, Equatable, CustomStringConvertible {
    /// A file, a folder (its files, recursively) or a glob (`data/*.png`), as an
    /// absolute path.
    case local(String)
    /// One http(s) URL.
    case web(WebAddress)
    /// Every object under an `s3://bucket/prefix` (or the one object it names).
    case s3(String)
    /// The files a crawl of a site finds.
    case crawl(CrawlPlan)

    /// Reads a source as a user writes it: `http(s)://`, `s3://` or a path (absolute;
    /// the caller resolves relative ones).
    /// - Throws: `.badSource` for a URL that does not parse or has another scheme.
    public static func parse(_ text: String) throws(IngestError) -> IngestSource {
        let lowered = text.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            guard let address = WebAddress(text) else {
                throw .badSource(text, reason: "it is not a valid http(s) URL")
            }
            return .web(address)
        }
        if lowered.hasPrefix("s3://") {
            guard text.dropFirst(5).first.map({ $0 != "/" }) ?? false else {
                throw .badSource(text, reason: "an s3:// source names a bucket: s3://bucket/prefix")
            }
            return .s3(text)
        }
        if let scheme = text.range(of: "://"), !text[..<scheme.lowerBound].contains("/") {
            throw .badSource(text, reason: "only local paths, http(s):// and s3:// URLs and crawls can be ingested")
        }
        guard !text.isEmpty else { throw .badSource(text, reason: "an empty path names nothing") }
        return .local(text)
    }

    /// The source as the result table shows it.
    public var description: String {
        switch self {
        case .local(let path): path
        case .web(let address): address.description
        case .s3(let url): url
        case .crawl(let plan): "crawl of \(plan.start)"
        }
    }
}
