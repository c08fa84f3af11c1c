/// Which failures are worth another attempt, and how long to wait before it: the
/// answers a server gives when it is busy or briefly wrong (408, 425, 429, 5xx, and 404,
/// which a server behind a cache or a bucket still filling also gives), timeouts and
/// dropped connections. The wait doubles from `backoff` each time, or is what a
/// `Retry-After` asks for when that is longer, never more than `longestWait`.
struct RetryPolicy {
    let attempts: Int
    let backoff: Double
    let longestWait: Double

    init(options: IngestOptions) {
        attempts = max(0, options.retries) + 1
        backoff = max(0, options.backoff)
        longestWait = max(options.backoff, options.longestWait)
    }

    /// Whether an answer with `status` is tried again. robots.txt is an exception:
    /// its 4xx answers mean "no rules" (RFC 9309 2.3.1.3), final at once.
    func retries(status: Int, robots: Bool = false) -> Bool {
        switch status {
        case 404: !robots
        case 408, 425, 429, 500...599: true
        default: false
        }
    }

    /// Seconds to wait after failed attempt `attempt` (from 1), given the answer's
    /// `Retry-After` header if any (seconds; an HTTP date is not honoured).
    func wait(after attempt: Int, retryAfter: String?) -> Double {
        let doubled = backoff * Double(1 << min(attempt - 1, 20))
        let asked = retryAfter.flatMap { Double($0.trimmed(of: " ")) } ?? 0
        return min(max(doubled, asked), longestWait)
    }
}
