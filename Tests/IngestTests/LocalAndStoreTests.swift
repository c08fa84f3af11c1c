import Foundation
import Store
import Testing

@testable import Ingest

/// Local sources (files, folders, globs), and the local store's ingest records.
struct LocalAndStoreTests {
    @Test("globs and folders copy files at their paths below the fixed part; unchanged ones are known by hash")
    func localSources() throws {
        let root = TemporaryFolder()
        root.write(Array("cat".utf8), to: "raw/cats/1.png")
        root.write(Array("dog".utf8), to: "raw/dogs/2.png")
        root.write(Array("notes".utf8), to: "raw/dogs/notes.txt")
        root.write(Array("hidden".utf8), to: "raw/.git/config")
        root.write(Array("single".utf8), to: "one/file.csv")
        let folder = root.path + "/lake"
        let log = MemoryIngestLog()
        let sources: [IngestSource] = [
            .local(root.path + "/raw/*/*.png"), .local(root.path + "/one/file.csv"),
            .local(root.path + "/nothing/*.png"),
        ]
        let report = try Ingestor.run(
            sources, into: folder, log: log, options: testOptions(), observer: RecordingObserver())
        #expect(report.rows.map(\.file) == ["cats/1.png", "dogs/2.png", "file.csv", nil])
        #expect(report.rows.last?.reason == "no file matches it")
        #expect(root.files("lake") == ["cats/1.png", "dogs/2.png", "file.csv"])
        #expect(log.record("cats/1.png", in: folder)?.source == root.path + "/raw/cats/1.png")
        #expect(log.record("cats/1.png", in: folder)?.lastModified?.hasSuffix(" GMT") == true)

        root.write(Array("dog, changed".utf8), to: "raw/dogs/2.png")
        let again = try Ingestor.run(
            [.local(root.path + "/raw")], into: folder + "2", log: log, options: testOptions(),
            observer: RecordingObserver())
        #expect(again.rows.map(\.file) == ["cats/1.png", "dogs/2.png", "dogs/notes.txt"])
        let third = try Ingestor.run(
            sources.prefix(2).map { $0 }, into: folder, log: log, options: testOptions(),
            observer: RecordingObserver())
        #expect(third.rows.map(\.status) == [.unchanged, .fetched, .unchanged])
        #expect(root.read("lake/dogs/2.png") == Array("dog, changed".utf8))
    }

    @Test("two sources naming the same file: the second is skipped")
    func collisions() throws {
        let root = TemporaryFolder()
        root.write([1], to: "a/x.png")
        root.write([2], to: "b/x.png")
        let report = try Ingestor.run(
            [.local(root.path + "/a/x.png"), .local(root.path + "/b/x.png")],
            into: root.path + "/out", log: MemoryIngestLog(), options: testOptions(),
            observer: RecordingObserver())
        #expect(report.rows.map(\.status) == [.fetched, .skipped])
        #expect(report.rows[1].reason == "'x.png' already comes from \(root.path)/a/x.png")
        #expect(root.read("out/x.png") == [1])
    }

    @Test("sources parse by their scheme")
    func parsing() throws {
        #expect(try IngestSource.parse("https://example.org/a.png") == .web(WebAddress("https://example.org/a.png")!))
        #expect(try IngestSource.parse("s3://bucket/prefix") == .s3("s3://bucket/prefix"))
        #expect(try IngestSource.parse("/data/*.png") == .local("/data/*.png"))
        #expect(throws: IngestError.self) { try IngestSource.parse("ftp://example.org/a") }
        #expect(throws: IngestError.self) { try IngestSource.parse("s3:///key") }
    }

    @Test("the local store keeps one record per file of a folder, replaced when it changes")
    func storeRecords() throws {
        let root = TemporaryFolder()
        let store = try Store.open(at: root.path + "/store")
        let when = Date(timeIntervalSince1970: 1_700_000_000)
        let file = IngestedFile(
            path: "a/b.png", source: "https://example.org/b.png", size: 4, sha256: String(repeating: "a", count: 64),
            etag: "\"x\"", lastModified: "Sun, 06 Nov 1994 08:49:37 GMT", fetched: when, checked: when)
        try store.recordIngested([file], in: root.path + "/data")
        #expect(try store.ingestedFiles(in: root.path + "/data") == [file])
        #expect(try store.ingestedFiles(in: root.path + "/other").isEmpty)
        var changed = file
        changed.size = 5
        changed.etag = nil
        try store.recordIngested([changed], in: root.path + "/data/")
        #expect(try Store.open(at: root.path + "/store").ingestedFiles(in: root.path + "/data") == [changed])
    }
}
