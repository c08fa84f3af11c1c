/// How `ingest` treats its sources: how often and how patiently it retries, and how it
/// names itself to servers.
public struct IngestOptions: Sendable {
    /// Further attempts after a failed one (404, 408, 429, 5xx, a timeout, a dropped
    /// connection), each after a wait twice as long as the one before.
    public var retries: Int
    /// Seconds to wait for a connection, and for each piece of an answer, before the
    /// attempt counts as failed.
    public var timeout: Double
    /// The `User-Agent` header: `Strata/0.1.0 (+ingest)`. Its product token (the part
    /// before `/`) is what robots.txt groups are matched with.
    public var userAgent: String
    /// The first wait before a retry, in seconds; a `Retry-After` answer may ask for a
    /// longer one (up to `longestWait`).
    public var backoff: Double
    public var longestWait: Double
    /// The AWS settings (`AWS_ACCESS_KEY_ID`, `AWS_ENDPOINT_URL`, ...) for s3:// sources.
    public var environment: [String: String]

    public init(
        retries: Int = 3, timeout: Double = 30, userAgent: String, backoff: Double = 1, longestWait: Double = 60,
        environment: [String: String] = [:]
    ) {
        self.retries = retries
        self.timeout = timeout
        self.userAgent = userAgent
        self.backoff = backoff
        self.longestWait = longestWait
        self.environment = environment
    }

    /// The product token robots.txt groups name (`Strata`).
    public var productToken: String {
        String(userAgent.prefix { $0 != "/" && $0 != " " })
    }
}
