/// The crawl: breadth first from the start page, as Scrapy's default order goes, so
/// `depth` cuts the site at an even distance from where the user pointed.
extension Ingestor {
    /// The most of a page read for links; the rest of a larger page is not.
    static let pageLimit = 8 << 20

    func crawl(_ plan: CrawlPlan) throws(IngestError) {
        web().pacer.setDelay(plan.delay, for: plan.start.origin)
        var queue: [(address: WebAddress, depth: Int)] = [(plan.start, 0)]
        var seen: Set<WebAddress> = [plan.start]
        var next = 0
        while next < queue.count {
            if observer.shouldStop { throw interruption() }
            let (address, depth) = queue[next]
            next += 1
            guard let page = try visit(address, depth: depth, plan: plan) else { continue }
            report.pagesRead += 1
            for link in LinkExtractor.links(in: page.body, page: page.address) where seen.insert(link).inserted {
                queue.append((link, depth + 1))
            }
        }
    }

    /// A page read for links: its bytes and where they came from.
    private struct Page {
        var body: [UInt8]
        var address: WebAddress
    }

    /// Decides what `address` is to the crawl, fetches it if it is a file to keep or a
    /// page to read, and returns the page when its links are to be followed.
    private func visit(_ address: WebAddress, depth: Int, plan: CrawlPlan) throws(IngestError) -> Page? {
        let source = address.description
        guard address.origin == plan.start.origin else {
            add(
                IngestRow(
                    source: source, file: nil, status: .skipped,
                    reason: "it is on another site than \(plan.start.origin)"))
            return nil
        }
        let name = address.fileName.isEmpty ? "index.html" : address.fileName
        let isFile = plan.match.matches(name)
        let isReadable = depth < plan.depth && (depth == 0 || plan.follow?.matches(source) ?? true)
        guard isFile || isReadable else {
            if depth > 0 {
                add(IngestRow(source: source, file: nil, status: .skipped, reason: notFollowed(plan, depth: depth)))
            }
            return nil
        }
        if let refusal = try robotsRefusal(address) {
            add(
                IngestRow(
                    source: source, file: isFile ? plan.filePath(of: address) : nil, status: .skipped, reason: refusal))
            return nil
        }
        let permits: (WebAddress) throws(WebRetriever.Interruption) -> String? = {
            target throws(WebRetriever.Interruption) in
            try self.robotsCheck(target)
        }
        if isFile {
            guard let file = reserve(plan.filePath(of: address), for: source, unnamed: "the URL names no file") else {
                return nil
            }
            let fetched = try fetchFile(address, file: file, source: source, permits: permits)
            guard isReadable, fetched.present, fetched.address.origin == plan.start.origin,
                let body = readPage(file, contentType: fetched.contentType)
            else { return nil }
            return Page(body: body, address: fetched.address)
        }
        return try readPage(address, source: source, permits: permits, plan: plan)
    }

    /// Requests a page that is only read for links (its name does not match).
    private func readPage(
        _ address: WebAddress, source: String,
        permits: (WebAddress) throws(WebRetriever.Interruption) -> String?,
        plan: CrawlPlan
    ) throws(IngestError) -> Page? {
        let result: WebRetriever.Result
        do throws(WebRetriever.Interruption) {
            result = try web().retrieve(address, toFile: false, memoryLimit: Ingestor.pageLimit, permits: permits)
        } catch {
            throw interruption()
        }
        switch result.ending {
        case .ok(let reply, _):
            guard result.address.origin == plan.start.origin,
                Ingestor.isHTML(contentType: reply.header("Content-Type"), body: reply.body)
            else { return nil }
            return Page(body: reply.body, address: result.address)
        case .refused(let reply):
            add(
                IngestRow(
                    source: source, file: nil, status: .failed,
                    reason: Ingestor.failure(HTTPStatusText.describe(reply.status), attempts: result.attempts),
                    attempts: result.attempts))
        case .failed(let problem):
            add(
                IngestRow(
                    source: source, file: nil, status: .failed,
                    reason: Ingestor.failure(problem.reason, attempts: result.attempts), attempts: result.attempts))
        case .blocked(let target, let reason):
            add(
                IngestRow(
                    source: source, file: nil, status: .skipped,
                    reason: "it redirects to \(target), which is not fetched: \(reason)", attempts: result.attempts))
        case .notModified:
            break
        }
        return nil
    }

    /// A kept file's bytes, when it is an HTML page whose links the crawl follows.
    private func readPage(_ file: String, contentType: String?) -> [UInt8]? {
        guard let body = LocalFileReader.prefix(of: folder.path + "/" + file, limit: Ingestor.pageLimit) else {
            return nil
        }
        return Ingestor.isHTML(contentType: contentType, body: body) ? body : nil
    }

    /// Why robots.txt keeps the crawl from `address`, or nil when it may be fetched.
    private func robotsRefusal(_ address: WebAddress) throws(IngestError) -> String? {
        do throws(WebRetriever.Interruption) {
            return try robotsCheck(address)
        } catch {
            throw interruption()
        }
    }

    /// The same, for a redirect's target while a request is under way.
    private func robotsCheck(_ address: WebAddress) throws(WebRetriever.Interruption) -> String? {
        let policy = try robots.policy(for: address, retriever: web())
        return policy.allows(address.pathAndQuery) ? nil : RobotsCache.refusal(policy, address)
    }

    /// Why a link that is not a file to keep is not read as a page either.
    private func notFollowed(_ plan: CrawlPlan, depth: Int) -> String {
        if depth >= plan.depth {
            return "its name does not match '\(plan.match)', and pages \(depth) links from the start are not read "
                + "(depth: \(plan.depth))"
        }
        return "it matches neither match: '\(plan.match)' nor follow: '\(plan.follow?.text ?? "")'"
    }

    /// Whether a body is HTML: by its media type, or, when the server named none, by how
    /// it begins (`<!doctype html`, `<html`).
    static func isHTML(contentType: String?, body: [UInt8]) -> Bool {
        if let contentType {
            let media = contentType.prefix { $0 != ";" }.trimmed(of: " ").lowercased()
            return media == "text/html" || media == "application/xhtml+xml"
        }
        let start = String(decoding: body.prefix(512), as: UTF8.self).trimmed(of: " \t\r\n\u{FEFF}").lowercased()
        return start.hasPrefix("<!doctype html") || start.hasPrefix("<html")
    }
}
