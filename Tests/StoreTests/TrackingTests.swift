import Foundation
import Testing

@testable import Store

@Suite struct TrackingTests {
    @Test func addStatusCheckoutRoundTrip() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        data.write("same", to: "a.txt")
        data.write("same", to: "nested/b.txt")
        data.write("other", to: "nested/deeper/c.txt")
        let first = try store.track(data.path)
        #expect(first.files == 3)
        #expect(first.newObjects == 2)  // equal content is stored once
        #expect(first.isNewVersion)
        #expect(try store.status(data.path).isClean)
        let again = try store.track(data.path)
        #expect(again.id == first.id)
        #expect(!again.isNewVersion)

        data.write("changed", to: "a.txt")
        data.write("new", to: "added.txt")
        try FileManager.default.removeItem(atPath: data.path + "/nested/deeper/c.txt")
        let status = try store.status(data.path)
        #expect(status.modified == ["a.txt"])
        #expect(status.added == ["added.txt"])
        #expect(status.removed == ["nested/deeper/c.txt"])
        #expect(status.unchanged == 1)

        let out = TemporaryFolder()
        let result = try store.checkout(String(first.id.hex.prefix(10)), to: out.path + "/v1")
        #expect(result.files == 3)
        #expect(try String(contentsOfFile: out.path + "/v1/a.txt", encoding: .utf8) == "same")
        #expect(try String(contentsOfFile: out.path + "/v1/nested/deeper/c.txt", encoding: .utf8) == "other")
        #expect(try store.verify().isConsistent)
    }

    @Test func addLeavesNoStagingBehindAndGcClearsAnInterruptedOne() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        for index in 0..<40 {
            data.write(String(repeating: "x", count: index * 997), to: "d\(index % 3)/f\(index).bin")
        }
        let result = try store.track(data.path, threads: 4)
        #expect(result.newObjects == 40)
        let tmp = storeFolder.path + "/objects/tmp"
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty)

        // What a killed `strata add` leaves: a worker's staging folder with a copy in it.
        let leftover = tmp + "/999-1"
        try FileManager.default.createDirectory(atPath: leftover, withIntermediateDirectories: false)
        FileManager.default.createFile(atPath: leftover + "/0.tmp", contents: Data("half".utf8))
        let verify = try store.verify()
        #expect(verify.isConsistent)
        #expect(verify.temporaries == 1)
        #expect(try store.collectGarbage(gracePeriod: 3600).removedTemporaries == 0)
        #expect(try store.collectGarbage(gracePeriod: 0).removedTemporaries == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty)
        #expect(try store.status(data.path).isClean)
    }

    @Test(arguments: [1, 5000, 1 << 30])
    func storingInstallsEveryObjectWhateverThePackSize(packSize: Int) throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        for index in 0..<60 { data.write(String(repeating: "\(index % 50)", count: 100 + index * 37), to: "f\(index)") }
        let files = try FolderScanner.scan(data.path, skipping: storeFolder.path).1
        let (ids, newObjects) = try store.objects.store(files, threads: 3, packSize: packSize)
        #expect(ids.count == 60)
        #expect(newObjects == Set(ids).count)
        for (file, id) in zip(files, ids) {
            #expect(try store.objects.data(id) == FileManager.default.contents(atPath: file.absolutePath))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: storeFolder.path + "/objects/tmp").isEmpty)
    }

    @Test func aFileThatVanishesFailsTheAddAndLeavesNoCopiesBehind() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        for index in 0..<30 { data.write(String(repeating: "y", count: 1000 + index), to: "f\(index)") }
        let files = try FolderScanner.scan(data.path, skipping: storeFolder.path).1
        try FileManager.default.removeItem(atPath: data.path + "/f17")
        #expect {
            try store.objects.store(files, threads: 2, packSize: 1)
        } throws: { error in
            "\(error)".contains("f17")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: storeFolder.path + "/objects/tmp").isEmpty)
        #expect(try store.verify().isConsistent)
    }

    @Test func runsAreLinkedToTheTrackedVersionsWhoseFilesTheyRead() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        data.write("a,b\n1,2\n", to: "tables/t.csv")
        data.write("unrelated", to: "notes.txt")
        let first = try store.track(data.path)
        let file = data.path + "/tables/t.csv"
        let sha = try store.sourceFileHash(file)
        func use(_ sha256: String) -> DataUse {
            DataUse(
                role: "train", name: "t", contentID: String(repeating: sha256 == sha ? "1" : "2", count: 64),
                schema: .record([]),
                lineage: .record([
                    ("operation", .string("split")),
                    (
                        "sources",
                        .list([
                            .record([
                                ("path", .string(file)), ("sha256", .string(sha256)),
                                ("size", .number(8)),
                            ])
                        ])
                    ),
                ]))
        }
        let run = try store.beginRun(name: nil, params: .record([]), data: [use(sha)], source: "")
        let unrelated = try store.beginRun(
            name: nil, params: .record([]), data: [use(String(repeating: "f", count: 64))],
            source: "")
        let version = try #require(try store.trackedVersion(holding: file, sha256: sha))
        #expect(version.id == first.id)
        #expect(try store.trackedVersion(holding: file, sha256: String(repeating: "f", count: 64)) == nil)
        #expect(try store.trackedVersion(holding: data.path + "/elsewhere.csv", sha256: sha) == nil)
        #expect(try store.runsUsing(version) == [run])
        #expect(!(try store.runsUsing(version)).contains(unrelated))

        // The file changes and is added again: the run stays with the version it read.
        data.write("a,b\n3,4\n", to: "tables/t.csv")
        let second = try store.track(data.path)
        let newest = try #require(try store.trackedVersions(path: data.path).first)
        #expect(newest.id == second.id)
        #expect(try store.runsUsing(newest).isEmpty)
        #expect(try store.trackedVersion(holding: file, sha256: sha)?.id == first.id)
    }

    @Test func manifestEncodingIsCanonical() throws {
        let id = ObjectID(hex: String(repeating: "0", count: 64))!
        let manifest = Manifest(entries: [
            .init(path: "b", size: 1, mode: 0o644, object: id),
            .init(path: "a\nb\\c", size: 2, mode: 0o755, object: id),
        ])
        let text = String(decoding: manifest.encoded(), as: UTF8.self)
        #expect(text == "strata-manifest 1\n0755 2 \(id) a\\nb\\\\c\n0644 1 \(id) b\n")
        #expect(try Manifest.decode(manifest.encoded(), id: id) == manifest)
    }

    @Test(arguments: [
        ("", "missing header"),
        ("strata-manifest 1\n0644 1 \(String(repeating: "a", count: 64)) x", "truncated"),
        ("strata-manifest 1\n0684 1 \(String(repeating: "a", count: 64)) x\n", "line 2"),
        ("strata-manifest 1\n0644 -1 \(String(repeating: "a", count: 64)) x\n", "line 2"),
        ("strata-manifest 1\n0644 1 \(String(repeating: "A", count: 64)) x\n", "line 2"),
        ("strata-manifest 1\n0644 1 \(String(repeating: "a", count: 63)) x\n", "line 2"),
        ("strata-manifest 1\n0644 1 \(String(repeating: "a", count: 64)) \n", "line 2"),
        ("strata-manifest 1\n0644 1 \(String(repeating: "a", count: 64)) a\n0644 1\n", "line 3"),
    ])
    func malformedManifestsAreRejectedWithTheLine(text: String, expected: String) throws {
        let id = ObjectID(hex: String(repeating: "0", count: 64))!
        #expect {
            try Manifest.decode(Data(text.utf8), id: id)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func manifestPathsWithInvalidUTF8AreRejected() throws {
        let id = ObjectID(hex: String(repeating: "0", count: 64))!
        var bytes = Array("strata-manifest 1\n0644 1 \(String(repeating: "b", count: 64)) ".utf8)
        bytes += [0xFF, 0xFE, 0x0A]
        #expect(throws: StoreError.self) { try Manifest.decode(Data(bytes), id: id) }
    }

    @Test func unsortedEntriesAreSortedByTheirBytes() {
        let id = ObjectID(hex: String(repeating: "0", count: 64))!
        let manifest = Manifest(entries: [
            .init(path: "b", size: 1, mode: 0o644, object: id),
            .init(path: "B", size: 1, mode: 0o644, object: id),
            .init(path: "a/z", size: 1, mode: 0o600, object: id),
        ])
        #expect(manifest.entries.map(\.path) == ["B", "a/z", "b"])
        #expect(String(decoding: manifest.encoded(), as: UTF8.self).contains("0600 1 "))
    }

    @Test func gcRemovesOnlyUnreferencedObjects() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        let loose = try store.putObject(Data("nobody refers to me".utf8))
        let run = try store.beginRun(name: nil, params: .record([]), data: [], source: "")
        try store.finishRun(run, outcome: .completed, metrics: [:], weights: Data("kept".utf8), error: nil)
        let kept = try store.run(run.rawValue).weights!
        #expect(try store.collectGarbage(gracePeriod: 3600).removedObjects == 0)
        let report = try store.collectGarbage(gracePeriod: 0)
        #expect(report.removedObjects == 1)
        #expect(!store.objects.contains(loose))
        #expect(store.objects.contains(kept))
        #expect(try store.verify().isConsistent)
    }

    @Test func bundleCarriesRunsBetweenStores() throws {
        let one = TemporaryFolder()
        let two = TemporaryFolder()
        let source = try Store.open(at: one.path)
        let run = try source.beginRun(
            name: "carried", params: .record([("seed", .number(7))]), data: [RunTests.iris],
            source: "fit()")
        try source.appendEpoch(run, epoch: 1, metrics: ["loss": 0.25])
        try source.finishRun(run, outcome: .completed, metrics: ["accuracy": 1], weights: Data([9, 9]), error: nil)
        try source.tag(run, "best")
        let bundle = one.path + "/bundle.tar"
        #expect(try source.exportBundle(runs: ["carried"], to: bundle) == 1)
        let target = try Store.open(at: two.path)
        let report = try target.importBundle(bundle)
        #expect(report.importedRuns == [run])
        let copied = try target.run("carried")
        #expect(copied.params == .record([("seed", .number(7))]))
        #expect(copied.history.first?.metrics["loss"] == 0.25)
        #expect(copied.summary.tags == ["best"])
        #expect(try target.object(copied.weights!) == Data([9, 9]))
        #expect(copied.data.first?.name == "iris")
        #expect(try target.importBundle(bundle).skippedRuns == [run])
        #expect(try target.verify().isConsistent)
    }
}
