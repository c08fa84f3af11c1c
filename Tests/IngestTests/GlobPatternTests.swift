import Testing

@testable import Ingest

/// Globs for `match:` (names) and `follow:` (URLs), and where files land in the folder.
struct GlobPatternTests {
    @Test(
        "names and URLs",
        arguments: [
            ("*.png", "cat.png", true), ("*.png", "cat.jpg", false), ("*.png", "cat.png.txt", false),
            ("*", "anything at all", true), ("?at.png", "cat.png", true), ("?at.png", "at.png", false),
            ("[cb]at.*", "bat.gif", true), ("[!cb]at.*", "bat.gif", false), ("img_[0-9][0-9].png", "img_07.png", true),
            ("*.{png,jpg,jpeg}", "x.jpeg", true), ("*.{png,jpg}", "x.gif", false),
            ("{a,b{c,d}}.txt", "bd.txt", true), ("{a,b{c,d}}.txt", "b.txt", false), ("{x}.png", "{x}.png", true),
            ("\\*.png", "*.png", true), ("\\*.png", "a.png", false),
            ("*/gallery/*", "https://example.org/gallery/page2.html", true),
            ("*/gallery/*", "https://example.org/about.html", false),
        ])
    func matches(_ pattern: String, _ candidate: String, _ expected: Bool) {
        #expect(GlobPattern(pattern).matches(candidate) == expected)
    }

    @Test("match: ignores case when asked, as crawl's does")
    func caseFolding() {
        #expect(GlobPattern("*.png", caseSensitive: false).matches("CAT.PNG"))
        #expect(!GlobPattern("*.png").matches("CAT.PNG"))
    }

    @Test("brace alternatives expand like a shell's")
    func braces() {
        #expect(GlobPattern.expandingBraces("a{b,c{d,e}}f") == ["abf", "acdf", "acef"])
        #expect(GlobPattern.expandingBraces("{x}.{a,b}") == ["{x}.a", "{x}.b"])
        #expect(GlobPattern.expandingBraces("unclosed{a,b") == ["unclosed{a,b"])
    }

    @Test("a crawled file's path: below the start page's folder, else the whole path; never outside")
    func crawlPaths() {
        let plan = CrawlPlan(
            start: WebAddress("http://h/pets/index.html")!, match: GlobPattern("*"), follow: nil,
            depth: 1, delay: 0)
        #expect(plan.filePath(of: WebAddress("http://h/pets/cat/1.png")!) == "cat/1.png")
        #expect(plan.filePath(of: WebAddress("http://h/static/x.png")!) == "static/x.png")
        #expect(plan.filePath(of: WebAddress("http://h/pets/")!) == "index.html")
        #expect(plan.filePath(of: WebAddress("http://h/pets/a%2Fb.png")!) == "a_b.png")
        #expect(plan.filePath(of: WebAddress("http://h/pets/img?id=3")!) == "img?id=3")
        #expect(plan.filePath(of: WebAddress("http://h/pets/%2E%2E/x.png")!) == nil)
        #expect(FolderPath.make(relative: "a//b/../c") == nil)
        #expect(FolderPath.make(relative: "cat/") == "cat")
        #expect(FolderPath.make(relative: "") == nil)
    }
}
