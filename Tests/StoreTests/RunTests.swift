import Foundation
import Testing

@testable import Store

@Suite struct RunTests {
    static let iris = DataUse(
        role: "train", name: "iris", contentID: String(repeating: "1", count: 64),
        schema: .record([("columns", .number(4))]),
        lineage: .record([("source", .string("bundled"))]))

    @Test func runLifecycleIsVisibleAtEveryStep() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        let params = ParamValue.record([("epochs", .number(3)), ("optimizer", .record([("name", .string("adam"))]))])
        let id = try store.beginRun(
            name: "iris-mlp", params: params, data: [RunTests.iris], source: "fit(model, train)")
        #expect(try store.run(id.rawValue).status == .running)
        try store.appendEpoch(id, epoch: 1, metrics: ["loss": 1.0, "accuracy": 0.5])
        try store.appendEpoch(id, epoch: 2, metrics: ["loss": 0.5, "accuracy": 0.75])
        // A second process (another Store value) sees the epochs before the run ends.
        let other = try Store.open(at: folder.path)
        #expect(try other.run("iris-mlp").history.map(\.epoch) == [1, 2])
        try store.finishRun(id, outcome: .completed, metrics: ["accuracy": 0.9], weights: Data([1, 2, 3]), error: nil)
        let run = try other.run(String(id.rawValue.prefix(14)))
        #expect(run.status == .finished)
        #expect(run.metrics == ["accuracy": 0.9])
        #expect(run.params == params)
        #expect(run.source == "fit(model, train)")
        #expect(run.history[1].metrics["loss"] == 0.5)
        #expect(run.data.map(\.name) == ["iris"])
        #expect(try store.object(run.weights!) == Data([1, 2, 3]))
        #expect(try store.datasets().map(\.runCount) == [1])
        #expect(try store.verify().isConsistent)
    }

    @Test func openingWithoutCreatingFindsNoStoreAndMakesNone() throws {
        let folder = TemporaryFolder()
        let missing = folder.path + "/.strata"
        #expect(throws: StoreError.noStore(path: missing)) { try Store.open(at: missing, creating: false) }
        #expect(!FileManager.default.fileExists(atPath: missing))
        // An empty folder is not a store either, and stays empty.
        #expect(throws: StoreError.noStore(path: folder.path)) { try Store.open(at: folder.path, creating: false) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        _ = try Store.open(at: missing)
        #expect(try Store.open(at: missing, creating: false).runCount() == 0)
    }

    @Test func aRunWhoseProcessIsGoneKeepsItsLastEpochsMetrics() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        let killed = try store.beginRun(name: "killed", params: .record([]), data: [], source: "")
        try store.appendEpoch(killed, epoch: 1, metrics: ["loss": 1.0, "accuracy": 0.5])
        try store.appendEpoch(killed, epoch: 2, metrics: ["loss": 0.5, "accuracy": 0.75, "val_loss": .nan])
        for (name, accuracy) in [("low", 0.2), ("high", 0.9)] {
            let id = try store.beginRun(name: name, params: .record([]), data: [], source: "")
            try store.finishRun(id, outcome: .completed, metrics: ["accuracy": accuracy], weights: nil, error: nil)
        }
        // As if its process had been SIGKILLed: no process has the largest pid there can be.
        try store.write { db in
            try db.execute(sql: "UPDATE runs SET pid = ? WHERE id = ?", arguments: [Int(Int32.max), killed.rawValue])
        }
        try store.settleOrphanedRuns()
        let run = try store.run("killed")
        #expect(run.status == .interrupted && run.summary.outcome == .processGone(lastEpoch: 2))
        #expect(run.metrics["loss"] == 0.5 && run.metrics["accuracy"] == 0.75 && run.metrics["val_loss"]?.isNaN == true)
        #expect(run.summary.ended == run.history.last?.time)
        // It is not blank, so it sorts by its metrics like any other run.
        #expect(try store.runs(sort: "-accuracy").map(\.name) == ["high", "killed", "low"])
    }

    @Test func referencesResolveOrFailClearly() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        let first = try store.beginRun(name: "a", params: .record([]), data: [], source: "")
        let second = try store.beginRun(name: "a", params: .record([]), data: [], source: "")
        #expect(try store.resolveRun("a") == second)
        #expect(try store.resolveRun(first.rawValue) == first)
        #expect(throws: StoreError.unknownRun("nope")) { try store.resolveRun("nope") }
        // Both ids start with the same time digits: a short prefix is ambiguous.
        #expect { try store.resolveRun(String(first.rawValue.prefix(3))) } throws: { error in
            guard case StoreError.ambiguousRun(_, let matches) = error else { return false }
            return matches.count == 2
        }
    }

    @Test func runsSortByFieldsAndMetrics() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        for (name, accuracy) in [("low", 0.2), ("high", 0.9), ("mid", 0.5)] {
            let id = try store.beginRun(name: name, params: .record([]), data: [], source: "")
            try store.finishRun(id, outcome: .completed, metrics: ["accuracy": accuracy], weights: nil, error: nil)
        }
        let failed = try store.beginRun(name: "broken", params: .record([]), data: [], source: "")
        try store.finishRun(failed, outcome: .failed, metrics: [:], weights: nil, error: "boom")
        #expect(try store.runs().map(\.name) == ["broken", "mid", "high", "low"])
        #expect(try store.runs(sort: "-accuracy").map(\.name) == ["high", "mid", "low", "broken"])
        #expect(try store.runs(sort: "accuracy", limit: 2).map(\.name) == ["low", "mid"])
        #expect(try store.runs(sort: "name").map(\.name) == ["broken", "high", "low", "mid"])
        #expect(throws: StoreError.self) { try store.runs(sort: "nonsense") }
        try store.tag(failed, "oops")
        #expect(try store.run("broken").summary.tags == ["oops"])
        #expect(try store.run("broken").summary.error == "boom")
    }

    @Test func cellHistorySessionsAndSearch() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        let one = try store.startHistorySession()
        let two = try store.startHistorySession()
        #expect(two == one + 1)
        try store.appendHistory(session: one, line: 1, source: "1 + 1")
        try store.appendHistory(session: two, line: 1, source: "x = [1]")
        try store.appendHistory(session: two, line: 2, source: "1 + 1")
        #expect(try store.historyTail(n: 2).map(\.source) == ["x = [1]", "1 + 1"])
        #expect(try store.historyRange(session: two, start: 2, stop: nil).map(\.line) == [2])
        #expect(try store.historySearch(pattern: "1 +*", n: nil, unique: true).map(\.session) == [two])
        #expect(try store.historySearch(pattern: "x = [1]", n: nil, unique: false).count == 1)
    }
}
