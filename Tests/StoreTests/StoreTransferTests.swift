import Foundation
import Testing

@testable import Store

/// `StoreTransfer` (push and pull) from a folder store to each kind of destination: a
/// folder, and PostgreSQL + S3 when the team services run. Runs arrive whole (params,
/// history, tags, weights, artifacts, data lineage), tracked versions with every file,
/// sweeps with their trials; a second transfer sends nothing.
@Suite struct StoreTransferTests {
    struct Destination: Sendable, CustomTestStringConvertible {
        let name: String
        let make: @Sendable () throws -> (store: any StoreExchange, keepAlive: AnyObject?)
        var testDescription: String { name }
    }

    static let destinations: [Destination] =
        [
            Destination(name: "SQLite and folder") {
                let folder = TemporaryFolder()
                return (try Store.open(at: folder.path), folder)
            }
        ] + (TeamBackend.postgresURL == nil ? [] : [Destination(name: "PostgreSQL and S3") { try TeamBackend.make() }])

    /// A folder store with a tracked folder, two runs (one reading the tracked data, with
    /// an artifact and a tag) and a sweep of two trials, one attached to a run.
    static func source() throws -> (store: Store, data: TrackedVersion, folders: [TemporaryFolder]) {
        let storeFolder = TemporaryFolder()
        let raw = TemporaryFolder()
        for index in 0..<25 {
            raw.write("row \(index)\n" + String(repeating: "x", count: index * 40), to: "part\(index % 3)/\(index).csv")
        }
        let store = try Store.open(at: storeFolder.path)
        let tracked = try store.track(raw.path)
        let version = try #require(try store.trackedVersions(path: nil).first)
        #expect(version.id == tracked.id)
        let use = DataUse(
            role: "train", name: "raw", contentID: tracked.id.hex, schema: .record([]),
            lineage: .record([("source", .string(raw.path))]))
        let first = try store.beginRun(
            name: "first", params: .record([("lr", .number(0.1))]), modelSpec: "{}",
            preprocessing: nil, data: [use], source: "fit(a)")
        for epoch in 1...4 { try store.appendEpoch(first, epoch: epoch, metrics: ["loss": 1 / Double(epoch)]) }
        try store.addArtifact(
            first, name: "curves.svg", data: Data("<svg>first</svg>".utf8), mediaType: "image/svg+xml")
        try store.tag(first, "baseline")
        try store.finishRun(
            first, outcome: .completed, metrics: ["loss": 0.25], weights: Data("weights one".utf8), error: nil)
        let second = try store.beginRun(
            name: "second", params: .record([("lr", .number(0.01))]), modelSpec: nil,
            preprocessing: nil, data: [], source: "fit(b)")
        try store.finishRun(second, outcome: .failed, metrics: [:], weights: nil, error: "diverged")
        let definition = SweepDefinition(
            name: "lr-search", space: .record([("lr", .record([("choice", .list([.number(0.1)]))]))]),
            method: "random", seed: 3, objective: nil, goal: .min, pruner: nil, trials: 2)
        try store.openSweep(definition)
        for value in [0.5, 0.7] {
            let trial = try #require(
                try store.claimTrial(sweep: "lr-search", limit: 2) { _ in .record([("lr", .number(value))]) })
            if trial.number == 1 { try store.attachRun(first, sweep: "lr-search", number: 1) }
            try store.finishTrial(
                sweep: "lr-search", number: trial.number, state: .finished, value: value,
                runID: trial.number == 1 ? first : nil, error: nil)
        }
        return (store, version, [storeFolder, raw])
    }

    @Test(arguments: destinations)
    func everythingArrivesAndASecondTransferSendsNothing(_ destination: Destination) throws {
        let (source, version, folders) = try Self.source()
        let (target, keep) = try destination.make()
        defer { withExtendedLifetime((keep, folders)) {} }
        let report = try StoreTransfer(from: source, to: target, jobs: 4).run(TransferSelection(everything: true))
        #expect(
            report.runsCopied == 2 && report.dataVersionsCopied == 1 && report.sweeps == 1 && report.trialsCopied == 2)
        // 25 files, the manifest, one run's weights and artifact.
        #expect(report.objectsSent == 28 && report.objectsPresent == 0)

        for name in ["first", "second"] {
            let original = try source.run(name)
            let copy = try target.run(name)
            #expect(copy == original)
        }
        let copied = try target.run("first")
        #expect(try target.object(copied.weights!) == Data("weights one".utf8))
        #expect(try target.object(copied.artifacts[0].object) == Data("<svg>first</svg>".utf8))
        #expect(
            try target.runs(sort: "created", limit: nil, filter: RunFilter(tag: "baseline")).map(\.name) == ["first"])
        #expect(try target.trackedVersions(path: nil) == [version])
        let manifest = try Manifest.decode(try target.object(version.id), id: version.id)
        for entry in manifest.entries { #expect(try target.object(entry.object) == source.object(entry.object)) }
        #expect(try target.sweep(named: "lr-search") == source.sweep(named: "lr-search"))
        #expect(try target.trials(sweep: "lr-search").map(\.value) == [0.5, 0.7])
        #expect(try target.trials(sweep: "lr-search")[0].run == copied.id)

        let again = try StoreTransfer(from: source, to: target).run(TransferSelection(everything: true))
        #expect(again.runsCopied == 0 && again.runsPresent == 2 && again.objectsSent == 0)
        #expect(again.dataVersionsCopied == 0 && again.dataVersionsPresent == 1)
    }

    @Test(arguments: destinations)
    func oneRunBringsItsObjectsAndNothingElse(_ destination: Destination) throws {
        let (source, _, folders) = try Self.source()
        let (target, keep) = try destination.make()
        defer { withExtendedLifetime((keep, folders)) {} }
        let report = try StoreTransfer(from: source, to: target).run(TransferSelection(runs: ["first"]))
        #expect(report.runsCopied == 1 && report.objectsSent == 2 && report.dataVersionsCopied == 0)
        #expect(try target.runs(sort: "created", limit: nil, filter: .all).map(\.name) == ["first"])
        #expect(try target.sweeps().isEmpty)
        #expect(throws: StoreError.self) {
            try StoreTransfer(from: source, to: target).run(TransferSelection(runs: ["nope"]))
        }
    }

    @Test func pullingBackIntoAFreshFolderGivesTheSameStore() throws {
        let (source, version, folders) = try Self.source()
        let middle = TemporaryFolder()
        let last = TemporaryFolder()
        defer { withExtendedLifetime((folders, middle, last)) {} }
        let hop = try Store.open(at: middle.path)
        try StoreTransfer(from: source, to: hop).run(TransferSelection(data: [String(version.id.hex.prefix(8))]))
        let end = try Store.open(at: last.path)
        let report = try StoreTransfer(from: hop, to: end).run(TransferSelection(everything: true))
        #expect(report.dataVersionsCopied == 1 && report.objectsSent == 26 && report.runsCopied == 0)
        #expect(try end.verify().isConsistent)
        let out = TemporaryFolder()
        try end.checkout(version.id.hex, to: out.path + "/data")
        #expect(
            try FileManager.default.subpathsOfDirectory(atPath: out.path + "/data").filter { $0.hasSuffix(".csv") }
                .count == 25)
    }
}
