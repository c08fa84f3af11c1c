import Foundation
import Store
import Testing

@testable import Ingest

/// The whole loop against a real (loopback) server: what a crawl fetches and skips,
/// what it records, the conditional second run, retries, timeouts and dropped
/// connections, and that no partial file is ever left behind.
@Suite(.serialized)
struct FetchLoopTests {
    static let page = """
        <html><body>
        <a href="a.png">a</a> <img src="b.png"> <a href="private/c.png">c</a>
        <a href="about.html">about</a> <a href="http://other.invalid/d.png">elsewhere</a>
        <a href="/elsewhere/e.png">outside the start folder</a>
        </body></html>
        """

    /// A gallery: `a.png` has an ETag, `b.png` a Last-Modified, `e.png` both; each
    /// answers conditional requests as RFC 9110 says.
    static func gallery() -> TestSite {
        TestSite { request in
            let files: [String: (body: String, etag: String?, modified: String?)] = [
                "/gallery/a.png": ("AAAA", "\"a-1\"", nil),
                "/gallery/b.png": ("BBBBBB", nil, "Sun, 06 Nov 1994 08:49:37 GMT"),
                "/elsewhere/e.png": ("EE", "\"e-1\"", "Sun, 06 Nov 1994 08:49:37 GMT"),
                "/gallery/private/c.png": ("CCC", nil, nil),
            ]
            switch request.path {
            case "/robots.txt":
                return .text("User-agent: *\nDisallow: /gallery/private/\n", type: "text/plain")
            case "/gallery/", "/gallery/index.html":
                return .text(FetchLoopTests.page)
            default:
                guard let file = files[request.path] else { return TestSite.Response(status: 404) }
                var headers: [(String, String)] = [("Content-Type", "image/png")]
                if let etag = file.etag { headers.append(("ETag", etag)) }
                if let modified = file.modified { headers.append(("Last-Modified", modified)) }
                if let asked = request.headers["if-none-match"], asked == file.etag {
                    return TestSite.Response(status: 304, headers: headers)
                }
                if request.headers["if-none-match"] == nil, let since = request.headers["if-modified-since"],
                    since == file.modified
                {
                    return TestSite.Response(status: 304, headers: headers)
                }
                return TestSite.Response(headers: headers, body: Array(file.body.utf8))
            }
        }
    }

    @Test("a crawl fetches what matches, skips robots and non-matching links, and records each file")
    func crawlAndRecord() throws {
        let site = FetchLoopTests.gallery()
        defer { site.stop() }
        let root = TemporaryFolder()
        let folder = root.path + "/pets"
        let log = MemoryIngestLog()
        let plan = CrawlPlan(
            start: WebAddress(site.base + "/gallery/")!, match: GlobPattern("*.PNG", caseSensitive: false),
            follow: nil, depth: 1, delay: 0)
        let report = try Ingestor.run(
            [.crawl(plan)], into: folder, log: log, options: testOptions(),
            observer: RecordingObserver())
        #expect(report.row("/gallery/a.png")?.status == .fetched)
        #expect(report.row("/gallery/b.png")?.status == .fetched)
        #expect(report.row("/elsewhere/e.png")?.file == "elsewhere/e.png")
        #expect(report.row("/private/c.png")?.status == .skipped)
        #expect(report.row("/private/c.png")?.reason == "robots.txt disallows it (Disallow: /gallery/private/)")
        #expect(report.row("/about.html")?.status == .skipped)
        #expect(report.row("other.invalid/d.png")?.reason?.contains("another site") == true)
        #expect(report.pagesRead == 1)
        #expect(site.requests(for: "/gallery/private/c.png").isEmpty)
        #expect(site.requests(for: "/about.html").isEmpty)
        #expect(site.requests(for: "/robots.txt").count == 1)
        #expect(site.requests.allSatisfy { $0.headers["user-agent"] == "Strata/0.0.1 (+ingest)" })

        #expect(root.files() == ["pets/a.png", "pets/b.png", "pets/elsewhere/e.png"])
        let a = try #require(log.record("a.png", in: folder))
        #expect(a.source == site.base + "/gallery/a.png")
        #expect(a.sha256 == "63c1dd951ffedf6f7fd968ad4efa39b8ed584f162f46e715114ee184f8de9201")  // SHA-256 of "AAAA"
        #expect(a.size == 4 && a.etag == "\"a-1\"" && a.lastModified == nil)
        #expect(log.record("b.png", in: folder)?.lastModified == "Sun, 06 Nov 1994 08:49:37 GMT")

        // The second run asks conditionally and transfers nothing.
        let again = try Ingestor.run(
            [.crawl(plan)], into: folder, log: log, options: testOptions(),
            observer: RecordingObserver())
        #expect(again.count(.fetched) == 0)
        #expect(again.count(.unchanged) == 3)
        #expect(site.requests(for: "/gallery/a.png").last?.headers["if-none-match"] == "\"a-1\"")
        #expect(
            site.requests(for: "/gallery/b.png").last?.headers["if-modified-since"] == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(site.requests(for: "/elsewhere/e.png").last?.headers["if-none-match"] == "\"e-1\"")
        #expect(again.row("/gallery/a.png")?.sha256 == a.sha256)

        // A file changed on disk is fetched again, unconditionally.
        root.write(Array("changed".utf8), to: "pets/a.png")
        let third = try Ingestor.run(
            [.crawl(plan)], into: folder, log: log, options: testOptions(),
            observer: RecordingObserver())
        #expect(third.row("/gallery/a.png")?.status == .fetched)
        #expect(site.requests(for: "/gallery/a.png").last?.headers["if-none-match"] == nil)
        #expect(root.read("pets/a.png") == Array("AAAA".utf8))
        #expect(root.files() == ["pets/a.png", "pets/b.png", "pets/elsewhere/e.png"])
    }

    @Test("failures are retried with backoff, then reported; nothing partial is left")
    func failures() throws {
        let flakyCalls = Counter()
        let site = TestSite { request in
            switch request.path {
            case "/broken.png": return TestSite.Response(status: 500)
            case "/missing.png": return TestSite.Response(status: 404)
            case "/forbidden.png": return TestSite.Response(status: 403)
            case "/flaky.png":
                return flakyCalls.next() == 1
                    ? TestSite.Response(status: 503, headers: [("Retry-After", "0")])
                    : TestSite.Response(body: Array("fine".utf8))
            case "/slow.png": return TestSite.Response(body: Array("late".utf8), delay: 1.5)
            case "/dropped.png": return TestSite.Response(body: Array(repeating: 7, count: 4000), drop: true)
            default: return TestSite.Response(status: 404)
            }
        }
        defer { site.stop() }
        let root = TemporaryFolder()
        let names = ["broken.png", "missing.png", "forbidden.png", "flaky.png", "slow.png", "dropped.png"]
        let sources = names.map { IngestSource.web(WebAddress(site.base + "/" + $0)!) }
        let report = try Ingestor.run(
            sources, into: root.path + "/data", log: MemoryIngestLog(),
            options: testOptions(retries: 2, timeout: 0.3), observer: RecordingObserver())
        #expect(report.row("/broken.png")?.reason == "500 Internal Server Error after 3 attempts")
        #expect(site.requests(for: "/broken.png").count == 3)
        #expect(report.row("/missing.png")?.reason == "404 Not Found after 3 attempts")
        // A refusal that no retry can change is reported at once.
        #expect(report.row("/forbidden.png")?.reason == "403 Forbidden")
        #expect(site.requests(for: "/forbidden.png").count == 1)
        #expect(report.row("/flaky.png")?.status == .fetched)
        #expect(report.row("/flaky.png")?.attempts == 2)
        #expect(report.row("/slow.png")?.reason == "timed out after 3 attempts")
        #expect(report.row("/dropped.png")?.status == .failed)
        #expect(site.requests(for: "/dropped.png").count == 3)
        #expect(root.files() == ["data/flaky.png"])
    }

    @Test("a robots.txt that answers 5xx keeps the crawl off the site; a 404 one allows all")
    func robotsAvailability() throws {
        for (status, fetched) in [(503, false), (404, true)] {
            let site = TestSite { request in
                switch request.path {
                case "/robots.txt": return TestSite.Response(status: status)
                case "/": return .text("<a href='x.png'>x</a>")
                default: return TestSite.Response(body: [1, 2, 3])
                }
            }
            defer { site.stop() }
            let root = TemporaryFolder()
            let plan = CrawlPlan(
                start: WebAddress(site.base + "/")!, match: GlobPattern("*.png"), follow: nil, depth: 1,
                delay: 0)
            let report = try Ingestor.run(
                [.crawl(plan)], into: root.path + "/site", log: MemoryIngestLog(),
                options: testOptions(retries: 1), observer: RecordingObserver())
            #expect((report.count(.fetched) == 1) == fetched)
            // 5xx is retried; 4xx is final at once.
            #expect(site.requests(for: "/robots.txt").count == (fetched ? 1 : 2))
        }
    }

    @Test("follow and depth decide which pages are read")
    func followAndDepth() throws {
        let site = TestSite { request in
            switch request.path {
            case "/robots.txt": return TestSite.Response(status: 404)
            case "/": return .text("<a href='/gallery/1.html'>g</a> <a href='/blog/1.html'>b</a>")
            case "/gallery/1.html": return .text("<img src='g.png'>")
            case "/blog/1.html": return .text("<img src='b.png'>")
            default: return TestSite.Response(body: [9])
            }
        }
        defer { site.stop() }
        let root = TemporaryFolder()
        let plan = CrawlPlan(
            start: WebAddress(site.base + "/")!, match: GlobPattern("*.png"),
            follow: GlobPattern("*/gallery/*"), depth: 2, delay: 0)
        let report = try Ingestor.run(
            [.crawl(plan)], into: root.path + "/site", log: MemoryIngestLog(),
            options: testOptions(), observer: RecordingObserver())
        #expect(report.row("/gallery/g.png")?.status == .fetched)
        #expect(report.row("/blog/1.html")?.status == .skipped)
        #expect(site.requests(for: "/blog/1.html").isEmpty)
        #expect(report.pagesRead == 2)
    }

    @Test("the delay spaces requests to a site")
    func delay() throws {
        let site = TestSite { request in
            request.path == "/" ? .text("<a href='1.png'></a><a href='2.png'></a>") : TestSite.Response(body: [1])
        }
        defer { site.stop() }
        let root = TemporaryFolder()
        let plan = CrawlPlan(
            start: WebAddress(site.base + "/")!, match: GlobPattern("*.png"), follow: nil, depth: 1,
            delay: 0.2)
        let started = Date()
        _ = try Ingestor.run(
            [.crawl(plan)], into: root.path + "/site", log: MemoryIngestLog(), options: testOptions(),
            observer: RecordingObserver())
        // robots.txt, the page and two files: three gaps of at least 0.2 s.
        #expect(site.requests.count == 4)
        #expect(Date().timeIntervalSince(started) >= 0.6)
    }

    @Test("an interrupted ingest stops, keeps and records what it fetched")
    func interrupted() throws {
        let site = TestSite { _ in TestSite.Response(body: [1, 2]) }
        defer { site.stop() }
        let root = TemporaryFolder()
        let log = MemoryIngestLog()
        let observer = RecordingObserver()
        observer.stopAfter = 1
        let sources = (1...3).map { IngestSource.web(WebAddress(site.base + "/\($0).png")!) }
        #expect(throws: IngestError.self) {
            try Ingestor.run(sources, into: root.path + "/data", log: log, options: testOptions(), observer: observer)
        }
        #expect(root.files() == ["data/1.png"])
        #expect(log.record("1.png", in: root.path + "/data") != nil)
        #expect(site.requests.count == 1)
    }

    @Test("a second ingest into a folder in use is refused")
    func busyFolder() throws {
        let root = TemporaryFolder()
        let first = try IngestFolder(path: root.path + "/data")
        #expect(throws: IngestError.folderBusy(path: root.path + "/data")) {
            _ = try IngestFolder(path: root.path + "/data")
        }
        _ = first
    }

    @Test("temporary files a crashed ingest left beside the folder are removed")
    func leftovers() throws {
        let root = TemporaryFolder()
        root.write([1], to: ".data.ingest-abc123")
        root.write([1], to: ".other.ingest-abc123")
        _ = try IngestFolder(path: root.path + "/data")
        #expect(root.files() == [".other.ingest-abc123"])
    }
}

/// A thread-safe counter for handlers that answer differently each time.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.withLock {
            value += 1; return value
        }
    }
}
