/// Gets one URL the patient way: paced per site, following up to five redirects (each
/// hop allowed by the caller first, so a crawl's robots.txt is obeyed wherever a
/// redirect leads), retrying what `RetryPolicy` says is worth it, and writing a file's
/// body to a fresh temporary file on each attempt.
final class WebRetriever {
    /// What came of it.
    enum Ending {
        /// 200: the body is in `file` (a file request) or in the reply.
        case ok(HTTPReply, file: PartialFile?)
        /// 304 to a conditional request.
        case notModified(HTTPReply)
        /// An answer that is final (403, 410, ...) or still bad after every attempt.
        case refused(HTTPReply)
        /// No answer after every attempt, or the file could not be written.
        case failed(FetchProblem)
        /// A redirect led to a URL the caller does not allow, with its reason.
        case blocked(WebAddress, String)
    }

    struct Result {
        var ending: Ending
        /// Where the answer came from, after redirects.
        var address: WebAddress
        /// Requests made, redirects not counted.
        var attempts: Int
    }

    /// Thrown when the observer asks to stop.
    struct Interruption: Error {}

    static let redirectLimit = 5

    private let fetcher: HTTPFetcher
    let pacer: HostPacer
    private let policy: RetryPolicy
    private let folder: IngestFolder
    private let observer: any IngestObserver

    init(
        fetcher: HTTPFetcher, pacer: HostPacer, policy: RetryPolicy, folder: IngestFolder, observer: any IngestObserver
    ) {
        self.fetcher = fetcher
        self.pacer = pacer
        self.policy = policy
        self.folder = folder
        self.observer = observer
    }

    /// Gets `address`. `toFile` streams a 200 body to a temporary file, else it is kept
    /// in memory up to `memoryLimit` bytes. `permits` is asked about each redirect's
    /// target and returns why it may not be requested, or nil.
    func retrieve(
        _ address: WebAddress, headers: [(String, String)] = [], toFile: Bool, memoryLimit: Int = 0,
        isRobotsFile: Bool = false, permits: (WebAddress) throws(Interruption) -> String? = { _ in nil }
    )
        throws(Interruption) -> Result
    {
        var current = address
        var attempts = 0
        var redirects = 0
        while true {
            attempts += 1
            let file: PartialFile?
            do throws(FileProblem) {
                file = toFile ? try folder.partialFile() : nil
            } catch {
                return Result(ending: .failed(.local(error)), address: current, attempts: attempts)
            }
            let destination: BodyDestination = file.map { .file($0) } ?? .memory(limit: memoryLimit)
            guard pacer.waitTurn(for: current.origin, shouldStop: { observer.shouldStop }) else { throw Interruption() }
            observer.requesting(current.description)
            let outcome: Swift.Result<HTTPReply, FetchProblem>
            do throws(FetchProblem) {
                outcome = .success(
                    try fetcher.get(
                        current, headers: headers, into: destination,
                        shouldStop: { observer.shouldStop }))
            } catch {
                outcome = .failure(error)
            }
            pacer.finished(current.origin)
            var retryAfter: String?
            switch outcome {
            case .failure(.interrupted):
                throw Interruption()
            case .failure(.local(let problem)):
                return Result(ending: .failed(.local(problem)), address: current, attempts: attempts)
            case .failure(let problem):
                if attempts >= policy.attempts {
                    return Result(ending: .failed(problem), address: current, attempts: attempts)
                }
            case .success(let reply):
                switch reply.status {
                case 200:
                    file?.finish()
                    return Result(ending: .ok(reply, file: file), address: current, attempts: attempts)
                case 304:
                    return Result(ending: .notModified(reply), address: current, attempts: attempts)
                case 301, 302, 303, 307, 308:
                    guard let location = reply.header("Location"), let next = current.resolving(location) else {
                        return Result(ending: .refused(reply), address: current, attempts: attempts)
                    }
                    redirects += 1
                    guard redirects <= WebRetriever.redirectLimit else {
                        return Result(
                            ending: .failed(.connection("more than \(WebRetriever.redirectLimit) redirects")),
                            address: current, attempts: attempts)
                    }
                    if let reason = try permits(next) {
                        return Result(ending: .blocked(next, reason), address: next, attempts: attempts)
                    }
                    current = next
                    // A redirect is not a failed attempt.
                    attempts -= 1
                    continue
                default:
                    guard policy.retries(status: reply.status, robots: isRobotsFile), attempts < policy.attempts else {
                        return Result(ending: .refused(reply), address: current, attempts: attempts)
                    }
                    retryAfter = reply.header("Retry-After")
                }
            }
            let wait = policy.wait(after: attempts, retryAfter: retryAfter)
            guard HostPacer.sleep(wait, shouldStop: { observer.shouldStop }) else { throw Interruption() }
        }
    }
}
