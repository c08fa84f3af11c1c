/// What `crawl(url, match:, follow:, depth:, delay:)` asks for: starting at `start`,
/// read pages of the same site up to `depth` links away, and keep the files whose
/// names match `match`.
public struct CrawlPlan: Sendable, Equatable {
    public var start: WebAddress
    /// Compared with each link's file name (the last path segment, decoded), ignoring
    /// case: `*.png` keeps `CAT.PNG`.
    public var match: GlobPattern
    /// Compared with a page's whole URL: only matching pages are read for links (the
    /// start page always is). Nil reads every page of the site within `depth`.
    public var follow: GlobPattern?
    /// How many links away from the start page a URL may be and still be requested
    /// (Scrapy's DEPTH_LIMIT): 0 is the start URL alone, 1 (the default) also what it
    /// links to.
    public var depth: Int
    /// Seconds between two requests to the site (at least the robots.txt
    /// `crawl-delay`).
    public var delay: Double

    public init(start: WebAddress, match: GlobPattern, follow: GlobPattern?, depth: Int, delay: Double) {
        self.start = start
        self.match = match
        self.follow = follow
        self.depth = depth
        self.delay = delay
    }

    /// Where a crawled URL's file goes in the folder: its path below the start page's
    /// folder (`/pets/` crawled, `/pets/cat/1.png` goes to `cat/1.png`), else its whole
    /// path; nil when the URL cannot name a file safely.
    func filePath(of address: WebAddress) -> String? {
        let startFolder = start.decodedSegments.dropLast()
        var segments = address.decodedSegments
        if segments.count > startFolder.count, Array(segments.prefix(startFolder.count)) == Array(startFolder) {
            segments.removeFirst(startFolder.count)
        }
        return FolderPath.make(segments: segments, query: address.query)
    }
}
