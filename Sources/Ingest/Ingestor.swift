import Foundation
import Store

/// Copies sources into a folder and records where each file came from. The steps, for
/// every source in turn: list what it holds (a folder's files, a bucket's keys, a
/// crawl's links), skip what may not or need not be fetched, fetch the rest (each file
/// to a temporary file beside the folder, moved in only when complete), and record each
/// file's source, size, hash and validators in the `IngestLog` once it is in place.
/// What a file or URL came to is a row of the report; only an unusable folder, a store
/// that cannot record, or an interruption stop the whole ingest.
///
/// One request at a time: simple to reason about, polite to every server, and fast
/// enough for the folders a notebook collects.
public final class Ingestor {
    let folder: IngestFolder
    let log: any IngestLog
    let options: IngestOptions
    let observer: any IngestObserver
    /// What the log knew of the folder's files when the ingest began, updated as it goes.
    var known: [String: IngestedFile]
    /// Which source wrote each file in this ingest: a second source naming the same file
    /// is skipped rather than silently overwriting the first.
    private var claims: [String: String] = [:]
    var report: IngestReport
    private var pending: [IngestedFile] = []
    private var lastFlush = ContinuousClock.now
    /// Made on the first web request: local and S3 ingests start no event loop.
    private var retriever: WebRetriever?
    let robots: RobotsCache

    /// Records are written in batches of this many, or every `flushInterval`.
    static let flushCount = 200
    static let flushInterval: Duration = .seconds(2)

    /// Copies `sources` into `folder` (an absolute path, created when missing).
    /// - Throws: `IngestError` for an unusable folder or store, or `.interrupted`
    ///   (carrying the report so far) when `observer.shouldStop` became true.
    public static func run(
        _ sources: [IngestSource], into folder: String, log: any IngestLog, options: IngestOptions,
        observer: any IngestObserver
    ) throws(IngestError) -> IngestReport {
        try Ingestor(folder: folder, log: log, options: options, observer: observer).run(sources)
    }

    init(folder path: String, log: any IngestLog, options: IngestOptions, observer: any IngestObserver)
        throws(IngestError)
    {
        folder = try IngestFolder(path: path)
        self.log = log
        self.options = options
        self.observer = observer
        do throws(StoreError) {
            known = Dictionary(try log.ingestedFiles(in: folder.path).map { ($0.path, $0) }, uniquingKeysWith: { $1 })
        } catch {
            throw .store(error)
        }
        report = IngestReport(folder: folder.path)
        robots = RobotsCache(productToken: options.productToken)
    }

    func run(_ sources: [IngestSource]) throws(IngestError) -> IngestReport {
        do throws(IngestError) {
            for source in sources {
                if observer.shouldStop { throw interruption() }
                switch source {
                case .local(let pattern): try ingestLocal(pattern)
                case .web(let address): try ingestWeb(address)
                case .s3(let url): try ingestS3(url)
                case .crawl(let plan): try crawl(plan)
                }
            }
        } catch .interrupted {
            // What is in place is recorded, so the next ingest knows it.
            try flush()
            throw interruption()
        }
        try flush()
        return report
    }

    /// The error that stops the ingest at the user's request, with the rows so far.
    func interruption() -> IngestError { .interrupted(report) }

    /// The web client, made on first use.
    func web() -> WebRetriever {
        if let retriever { return retriever }
        let made = WebRetriever(
            fetcher: HTTPFetcher(timeout: options.timeout, userAgent: options.userAgent),
            pacer: HostPacer(), policy: RetryPolicy(options: options), folder: folder,
            observer: observer)
        retriever = made
        return made
    }

    // MARK: Rows and records

    func add(_ row: IngestRow) {
        report.rows.append(row)
        observer.reported(row)
    }

    /// Reserves the folder path `file` for `source` and returns it; when there is no
    /// path (`unnamed` says why) or another source of this ingest already holds it,
    /// adds the row that says so and returns nil.
    func reserve(_ file: String?, for source: String, unnamed: String) -> String? {
        guard let file else {
            add(IngestRow(source: source, file: nil, status: .failed, reason: unnamed))
            return nil
        }
        if let owner = claims[file], owner != source {
            add(
                IngestRow(source: source, file: file, status: .skipped, reason: "'\(file)' already comes from \(owner)")
            )
            return nil
        }
        claims[file] = source
        return file
    }

    /// Moves a received file into place, unless the folder already holds these bytes;
    /// adds its row and records it.
    func deliver(
        _ partial: PartialFile, to file: String, source: String, etag: String?, lastModified: String?,
        attempts: Int, compare: Bool = true
    ) throws(IngestError) {
        partial.finish()
        let sha256 = partial.sha256 ?? ""
        let now = Date()
        let unchanged = compare && folder.digest(of: file, size: partial.size) == sha256
        if !unchanged {
            do throws(FileProblem) {
                try folder.place(partial, at: file)
            } catch {
                add(
                    IngestRow(
                        source: source, file: file, status: .failed, reason: error.description, attempts: attempts))
                return
            }
        }
        let previous = known[file]
        let fetched = unchanged && previous?.sha256 == sha256 ? previous?.fetched ?? now : now
        add(
            IngestRow(
                source: source, file: file, status: unchanged ? .unchanged : .fetched, bytes: partial.size,
                sha256: sha256, etag: etag, lastModified: lastModified, attempts: attempts))
        try record(
            IngestedFile(
                path: file, source: source, size: partial.size, sha256: sha256, etag: etag,
                lastModified: lastModified, fetched: fetched, checked: now))
    }

    /// Queues a record; written with the next batch.
    func record(_ file: IngestedFile) throws(IngestError) {
        known[file.path] = file
        pending.append(file)
        if pending.count >= Ingestor.flushCount || ContinuousClock.now - lastFlush > Ingestor.flushInterval {
            try flush()
        }
    }

    /// Makes the placed files durable, then writes their records.
    func flush() throws(IngestError) {
        lastFlush = ContinuousClock.now
        guard !pending.isEmpty else { return }
        folder.makeDurable()
        do throws(StoreError) {
            try log.recordIngested(pending, in: folder.path)
        } catch {
            throw .store(error)
        }
        pending.removeAll()
    }
}
