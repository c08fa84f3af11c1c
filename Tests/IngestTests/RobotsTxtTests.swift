import Testing

@testable import Ingest

/// robots.txt as RFC 9309 reads it: groups, merging, the `*` group, longest match,
/// allow winning ties, `*` and `$` in patterns, percent-encoding.
struct RobotsTxtTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var path: String
        var allowed: Bool
        var testDescription: String { "\(path) -> \(allowed ? "allowed" : "disallowed")" }
    }

    static let site = """
        # a comment line
        User-agent: *
        Disallow: /private/
        Allow: /private/public.png

        user-agent: OtherBot
        disallow: /

        User-Agent: strata/2.0
        User-agent: AnotherBot
        Disallow: /no-strata/   # trailing comment
        Allow: /no-strata/but-this
        Disallow: /*.gif$
        Disallow: /search?q=*
        Crawl-delay: 2

        User-agent: Strata
        Disallow: /merged/
        """

    static let cases: [Case] = [
        // The Strata groups (two of them, merged) apply, not the `*` group.
        Case(file: site, path: "/private/secret.png", allowed: true),
        Case(file: site, path: "/no-strata/x.png", allowed: false),
        Case(file: site, path: "/no-strata/but-this/x.png", allowed: true),
        Case(file: site, path: "/merged/a", allowed: false),
        // `$` anchors the end; `*` matches any run.
        Case(file: site, path: "/images/cat.gif", allowed: false),
        Case(file: site, path: "/images/cat.gif?size=2", allowed: true),
        Case(file: site, path: "/search?q=cats", allowed: false),
        Case(file: site, path: "/search", allowed: true),
        Case(file: site, path: "/robots.txt", allowed: true),
        // Longest match wins; an allow as long as a disallow wins.
        Case(file: "User-agent: *\nDisallow: /a\nAllow: /a/b\n", path: "/a/b/c", allowed: true),
        Case(file: "User-agent: *\nAllow: /a\nDisallow: /a/b\n", path: "/a/b/c", allowed: false),
        Case(file: "User-agent: *\nDisallow: /page\nAllow: /page\n", path: "/page", allowed: true),
        Case(file: "User-agent: *\nDisallow: /*.php\nAllow: /index.php\n", path: "/index.php", allowed: true),
        Case(file: "User-agent: *\nDisallow: /*.php\nAllow: /index.php\n", path: "/other.php", allowed: false),
        // Without a Strata group the `*` group applies.
        Case(file: "User-agent: *\nDisallow: /private/\n", path: "/private/x", allowed: false),
        Case(file: "User-agent: *\nDisallow: /private/\n", path: "/public/x", allowed: true),
        // No group for us and no `*` group: no rules.
        Case(file: "User-agent: OtherBot\nDisallow: /\n", path: "/x", allowed: true),
        // An empty Disallow allows everything; rules before any user-agent are ignored.
        Case(file: "User-agent: *\nDisallow:\n", path: "/x", allowed: true),
        Case(file: "Disallow: /\nUser-agent: *\nAllow: /x\n", path: "/y", allowed: true),
        // Blank lines do not end a group (RFC 9309 2.2).
        Case(file: "User-agent: *\n\nDisallow: /gap\n", path: "/gap", allowed: false),
        // Percent-encoding: unreserved escapes are decoded, non-ASCII is encoded.
        Case(file: "User-agent: *\nDisallow: /foo/bar/baz\n", path: "/foo/bar/%62%61%7A", allowed: false),
        Case(file: "User-agent: *\nDisallow: /foo/bar/ツ\n", path: "/foo/bar/%E3%83%84", allowed: false),
        Case(file: "User-agent: *\nDisallow: /foo/bar/%e3%83%84\n", path: "/foo/bar/%E3%83%84", allowed: false),
        // A byte-order mark and CRLF line ends.
        Case(file: "\u{FEFF}User-agent: *\r\nDisallow: /bom\r\n", path: "/bom/x", allowed: false),
    ]

    @Test("allow and disallow as RFC 9309 decides them", arguments: cases)
    func decides(_ item: Case) {
        let policy = RobotsTxt(item.file).policy(for: "Strata")
        #expect(policy.allows(item.path) == item.allowed)
    }

    @Test("the crawl delay of the chosen groups, and which rule decided")
    func crawlDelayAndDecidingRule() {
        let policy = RobotsTxt(RobotsTxtTests.site).policy(for: "Strata")
        #expect(policy.crawlDelay == 2)
        #expect(policy.deciding("/no-strata/x")?.path == "/no-strata/")
        #expect(RobotsTxt(RobotsTxtTests.site).policy(for: "SomeoneElse").crawlDelay == nil)
    }

    @Test("an unreachable robots.txt disallows everything but itself; a missing one allows all")
    func unreachable() {
        let closed = RobotsPolicy.disallowAll("503")
        #expect(!closed.allows("/"))
        #expect(!closed.allows("/a.png"))
        #expect(closed.allows("/robots.txt"))
        #expect(RobotsPolicy.allowAll.allows("/anything"))
    }

    @Test("patterns with many stars match in reasonable time")
    func manyStars() {
        let rule = RobotsRule(allows: false, path: "/" + String(repeating: "*a", count: 30) + "$")
        let path = Array(("/" + String(repeating: "a", count: 2000) + "b").utf8)
        #expect(!rule.matches(path))
    }
}
