/// What one crawler may fetch from one site: the rules of its robots.txt groups, and
/// the crawl delay they ask for. `allowAll` when the site has no robots.txt (a 4xx
/// answer), `disallowAll` when it could not be read (a 5xx answer or no connection):
/// RFC 9309 2.3.1.3 and 2.3.1.4.
public struct RobotsPolicy: Sendable, Equatable {
    public var rules: [RobotsRule]
    /// The largest `crawl-delay` of the chosen groups, in seconds.
    public var crawlDelay: Double?
    /// Set when the file could not be read: every URL but /robots.txt is disallowed.
    public var unreachable: String?

    public init(rules: [RobotsRule], crawlDelay: Double? = nil, unreachable: String? = nil) {
        self.rules = rules
        self.crawlDelay = crawlDelay
        self.unreachable = unreachable
    }

    public static let allowAll = RobotsPolicy(rules: [])

    /// A site whose robots.txt could not be read, and why.
    public static func disallowAll(_ reason: String) -> RobotsPolicy {
        RobotsPolicy(rules: [], unreachable: reason)
    }

    /// Whether a URL with this path and query (`/a/b.png?x=1`; an empty path is `/`)
    /// may be fetched.
    public func allows(_ pathAndQuery: String) -> Bool {
        deciding(pathAndQuery)?.allows ?? (unreachable == nil || isRobotsFile(pathAndQuery))
    }

    /// The rule that decides `pathAndQuery`: the most specific match, an `allow` when
    /// an `allow` and a `disallow` are as specific (RFC 9309 2.2.2); nil when none
    /// matches (then the path is allowed, unless the file was unreachable).
    public func deciding(_ pathAndQuery: String) -> RobotsRule? {
        let path = pathAndQuery.isEmpty ? "/" : pathAndQuery
        // /robots.txt itself is always allowed, whatever the rules say.
        if isRobotsFile(path) { return nil }
        let octets = RobotsRule.canonical(path)
        var best: RobotsRule?
        for rule in rules where rule.matches(octets) {
            guard let current = best else { best = rule; continue }
            if rule.specificity > current.specificity
                || (rule.specificity == current.specificity && rule.allows && !current.allows)
            {
                best = rule
            }
        }
        return best
    }

    private func isRobotsFile(_ path: String) -> Bool { path == "/robots.txt" }
}
