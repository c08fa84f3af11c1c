/// A robots.txt file read as RFC 9309 says: groups of `user-agent` lines followed by
/// `allow` and `disallow` rules, keys in any case, `#` comments, blank lines and
/// unknown keys ignored, rules before the first `user-agent` line ignored, and only
/// the first 500 KiB read (the RFC's minimum parsing limit). `crawl-delay`, which the
/// RFC leaves to crawlers, is kept for the group it appears in.
public struct RobotsTxt: Sendable, Equatable {
    /// One group: the product tokens it names (lowercased; `*` for any crawler) and
    /// its rules in file order.
    struct Group: Sendable, Equatable {
        var agents: [String]
        var rules: [RobotsRule]
        var crawlDelay: Double?
    }

    private(set) var groups: [Group]

    /// Bytes past this many are not read (RFC 9309 2.5: at least 500 kibibytes).
    public static let parseLimit = 500 * 1024

    public init(_ text: String) {
        groups = []
        var open: Group?
        // A user-agent line after rules starts a new group; consecutive ones share one.
        var takingAgents = false
        for raw in RobotsTxt.lines(text) {
            guard let (key, value) = RobotsTxt.keyValue(raw) else { continue }
            switch key {
            case "user-agent":
                if !takingAgents {
                    if let finished = open { groups.append(finished) }
                    open = Group(agents: [], rules: [], crawlDelay: nil)
                    takingAgents = true
                }
                open?.agents.append(RobotsTxt.productToken(value))
            case "allow", "disallow":
                takingAgents = false
                // An empty path matches nothing: `Disallow:` alone allows everything.
                guard open != nil, !value.isEmpty else { continue }
                open?.rules.append(RobotsRule(allows: key == "allow", path: value))
            case "crawl-delay":
                takingAgents = false
                if let seconds = Double(value), seconds.isFinite, seconds >= 0 { open?.crawlDelay = seconds }
            default:
                continue
            }
        }
        if let finished = open { groups.append(finished) }
    }

    /// The rules a crawler whose product token is `token` (`Strata`) obeys: those of
    /// every group naming it (case-insensitively), merged; else those of the `*`
    /// groups; else none, which allows everything.
    public func policy(for token: String) -> RobotsPolicy {
        let wanted = token.lowercased()
        var chosen = groups.filter { $0.agents.contains(wanted) }
        if chosen.isEmpty { chosen = groups.filter { $0.agents.contains("*") } }
        return RobotsPolicy(rules: chosen.flatMap(\.rules), crawlDelay: chosen.compactMap(\.crawlDelay).max())
    }

    /// The file's lines, cut at the parse limit and without a leading byte-order mark.
    private static func lines(_ text: String) -> [Substring] {
        var bytes = Substring(text).utf8.prefix(parseLimit)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let limited = Substring(bytes)
        return limited.split(
            omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
    }

    /// `Key: value # comment` as a lowercased key and a trimmed value, or nil for a
    /// line without a colon (or only a comment).
    private static func keyValue(_ line: Substring) -> (String, String)? {
        let content = line.prefix { $0 != "#" }
        guard let colon = content.firstIndex(of: ":") else { return nil }
        let key = content[..<colon].trimmed(of: " \t").lowercased()
        let value = content[content.index(after: colon)...].trimmed(of: " \t")
        return key.isEmpty ? nil : (key, value)
    }

    /// The product token a user-agent line names, lowercased: its leading letters,
    /// `_` and `-` (`Googlebot/2.1` names `googlebot`), or `*`.
    private static func productToken(_ value: String) -> String {
        if value.hasPrefix("*") { return "*" }
        return String(value.prefix { $0.isASCII && ($0.isLetter || $0 == "_" || $0 == "-") }).lowercased()
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    func trimmed(of set: String) -> String {
        let characters = Set(set)
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
