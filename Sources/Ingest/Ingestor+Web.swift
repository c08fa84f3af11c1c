import Foundation
import Store

/// http(s) files: one URL, and each file a crawl finds.
extension Ingestor {
    /// What fetching one file came to, as the crawl needs it to read a page it kept.
    struct FileFetch {
        /// Whether the folder now holds the file's current bytes (fetched or unchanged).
        var present: Bool
        /// The answer's media type (`text/html`), when there was an answer with a body.
        var contentType: String?
        /// Where the bytes came from, after redirects.
        var address: WebAddress
    }

    func ingestWeb(_ address: WebAddress) throws(IngestError) {
        let source = address.description
        guard
            let file = reserve(
                FolderPath.make(segments: [address.fileName], query: address.query), for: source,
                unnamed: "the URL names no file")
        else { return }
        _ = try fetchFile(address, file: file, source: source)
    }

    /// Gets `address` into `file`, conditionally when the folder still holds the bytes
    /// last recorded for it: `If-None-Match` with the recorded ETag and
    /// `If-Modified-Since` with the recorded Last-Modified (RFC 9110 13.1), so an
    /// unchanged file costs a 304 and no transfer.
    func fetchFile(
        _ address: WebAddress, file: String, source: String,
        permits: (WebAddress) throws(WebRetriever.Interruption) -> String? = { _ in nil }
    )
        throws(IngestError) -> FileFetch
    {
        let previous = known[file].flatMap { record in
            folder.digest(of: file, size: record.size) == record.sha256 ? record : nil
        }
        var headers: [(String, String)] = []
        if let etag = previous?.etag { headers.append(("If-None-Match", etag)) }
        if let lastModified = previous?.lastModified { headers.append(("If-Modified-Since", lastModified)) }
        let result: WebRetriever.Result
        do throws(WebRetriever.Interruption) {
            result = try web().retrieve(address, headers: headers, toFile: true, permits: permits)
        } catch {
            throw interruption()
        }
        let attempts = result.attempts
        switch result.ending {
        case .ok(let reply, let partial):
            // A request with `toFile` always has its file.
            guard let partial else { break }
            try deliver(
                partial, to: file, source: source, etag: reply.header("ETag"),
                lastModified: reply.header("Last-Modified"), attempts: attempts)
            let present = report.rows.last?.status != .failed
            return FileFetch(present: present, contentType: reply.header("Content-Type"), address: result.address)
        case .notModified(let reply):
            guard let previous else {
                add(
                    IngestRow(
                        source: source, file: file, status: .failed,
                        reason: "the server answered 304 Not Modified to a request that was not conditional",
                        attempts: attempts))
                return FileFetch(present: false, address: result.address)
            }
            // A 304 may carry newer validators (RFC 9110 15.4.5); keep them.
            var updated = previous
            updated.etag = reply.header("ETag") ?? previous.etag
            updated.lastModified = reply.header("Last-Modified") ?? previous.lastModified
            updated.checked = Date()
            add(
                IngestRow(
                    source: source, file: file, status: .unchanged, bytes: updated.size, sha256: updated.sha256,
                    etag: updated.etag, lastModified: updated.lastModified, attempts: attempts))
            try record(updated)
            return FileFetch(present: true, contentType: nil, address: result.address)
        case .refused(let reply):
            add(
                IngestRow(
                    source: source, file: file, status: .failed,
                    reason: Ingestor.failure(HTTPStatusText.describe(reply.status), attempts: attempts),
                    attempts: attempts))
        case .failed(let problem):
            add(
                IngestRow(
                    source: source, file: file, status: .failed,
                    reason: Ingestor.failure(problem.reason, attempts: attempts), attempts: attempts))
        case .blocked(let target, let reason):
            add(
                IngestRow(
                    source: source, file: file, status: .skipped,
                    reason: "it redirects to \(target), which is not fetched: \(reason)", attempts: attempts))
        }
        return FileFetch(present: false, address: result.address)
    }

    /// `404 Not Found after 4 attempts`.
    static func failure(_ what: String, attempts: Int) -> String {
        attempts > 1 ? "\(what) after \(attempts) attempts" : what
    }
}
