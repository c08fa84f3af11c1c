/// Each site's robots.txt, read once per ingest, on first need, as the policy for this
/// crawler's product token. How the answer maps to a policy is RFC 9309 2.3.1: a 2xx
/// body is parsed; 4xx means no rules; a 5xx or no answer after the retries means
/// nothing may be fetched. Redirects are followed (up to five, as the RFC asks).
/// A `crawl-delay` slows the site's pacing when it asks for more than the crawl's delay.
final class RobotsCache {
    private var policies: [String: RobotsPolicy] = [:]
    private let token: String

    init(productToken: String) {
        token = productToken
    }

    func policy(for address: WebAddress, retriever: WebRetriever) throws(WebRetriever.Interruption) -> RobotsPolicy {
        if let known = policies[address.origin] { return known }
        let result = try retriever.retrieve(
            address.robotsAddress, toFile: false, memoryLimit: RobotsTxt.parseLimit,
            isRobotsFile: true)
        let policy: RobotsPolicy
        switch result.ending {
        case .ok(let reply, _):
            policy = RobotsTxt(String(decoding: reply.body, as: UTF8.self)).policy(for: token)
        case .refused(let reply) where (400..<500).contains(reply.status):
            policy = .allowAll
        case .refused(let reply):
            policy = .disallowAll("its robots.txt answered \(HTTPStatusText.describe(reply.status))")
        case .failed(let problem):
            policy = .disallowAll("its robots.txt could not be read (\(problem.reason))")
        case .notModified, .blocked:
            policy = .allowAll
        }
        policies[address.origin] = policy
        if let delay = policy.crawlDelay { retriever.pacer.setDelay(delay, for: address.origin) }
        return policy
    }

    /// Why `policy` forbids `address`, for the result table.
    static func refusal(_ policy: RobotsPolicy, _ address: WebAddress) -> String {
        if let unreachable = policy.unreachable {
            return "\(address.origin) is not crawled: \(unreachable)"
        }
        let rule = policy.deciding(address.pathAndQuery)
        return "robots.txt disallows it" + (rule.map { " (Disallow: \($0.path))" } ?? "")
    }
}
