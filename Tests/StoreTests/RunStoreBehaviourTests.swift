import Foundation
import Testing

@testable import Store

/// What every store of runs promises, whatever keeps the runs: written once against
/// `RunStore`, run for each backend. A new backend joins by adding one line to
/// `backends`.
@Suite struct RunStoreBehaviourTests {
    struct Backend: Sendable, CustomTestStringConvertible {
        let name: String
        let make: @Sendable () throws -> (store: any RunStore, keepAlive: AnyObject?)
        var testDescription: String { name }
    }

    static let backends: [Backend] =
        [
            Backend(name: "SQLite and folder") {
                let folder = TemporaryFolder()
                return (try Store.open(at: folder.path), folder)
            },
            Backend(name: "memory") { (MemoryStore(), nil) },
        ] + (TeamBackend.postgresURL == nil ? [] : [Backend(name: "PostgreSQL and S3") { try TeamBackend.make() }])

    static let iris = DataUse(
        role: "train", name: "iris", contentID: String(repeating: "1", count: 64),
        schema: .record([("columns", .number(4))]), lineage: .record([("source", .string("bundled"))]))

    @Test(arguments: backends)
    func aRunIsVisibleFromItsStartAndEndsAsRecorded(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        let params = ParamValue.record([("epochs", .number(3)), ("optimizer", .record([("name", .string("adam"))]))])
        let id = try store.beginRun(
            name: "iris-mlp", params: params, modelSpec: #"{"format":"strata-model"}"#,
            preprocessing: #"{"format":"strata-preprocessing"}"#, data: [Self.iris], source: "fit(model, train)")
        let running = try store.run(id.rawValue)
        #expect(running.status == .running && running.summary.outcome == nil && running.metrics.isEmpty)
        try store.appendEpoch(id, epoch: 1, metrics: ["loss": 1.0, "accuracy": 0.5])
        try store.appendEpoch(id, epoch: 2, metrics: ["loss": 0.5, "accuracy": 0.75])
        #expect(try store.run("iris-mlp").history.map(\.epoch) == [1, 2])
        let figure = try store.addArtifact(
            id, name: "curves.svg", data: Data("<svg/>".utf8), mediaType: "image/svg+xml")
        try store.finishRun(
            id, outcome: .stoppedEarly(stoppedEpoch: 2, keptEpoch: 1), metrics: ["loss": 1.0],
            weights: Data([1, 2, 3]), error: nil)
        let run = try store.run(String(id.rawValue.prefix(14)))
        #expect(run.status == .finished && run.summary.outcome == .stoppedEarly(stoppedEpoch: 2, keptEpoch: 1))
        #expect(run.summary.outcome?.keptEpoch == 1 && run.summary.ended != nil)
        #expect(run.metrics == ["loss": 1.0] && run.params == params && run.source == "fit(model, train)")
        #expect(run.modelSpec == #"{"format":"strata-model"}"#)
        #expect(run.preprocessing == #"{"format":"strata-preprocessing"}"#)
        #expect(run.history[1].metrics["loss"] == 0.5 && run.data == [Self.iris])
        #expect(try store.object(run.weights!) == Data([1, 2, 3]))
        #expect(run.artifacts == [Artifact(name: "curves.svg", object: figure, mediaType: "image/svg+xml")])
        #expect(try store.object(figure) == Data("<svg/>".utf8))
    }

    @Test(arguments: backends)
    func outcomesReadBackAsWritten(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        let outcomes: [RunOutcome] = [
            .completed, .stoppedEarly(stoppedEpoch: 9, keptEpoch: 4),
            .interrupted(epoch: 3, batch: 5, batches: 7), .failed,
        ]
        for (index, outcome) in outcomes.enumerated() {
            let id = try store.beginRun(
                name: "run\(index)", params: .record([]), modelSpec: nil, preprocessing: nil, data: [], source: "")
            try store.finishRun(
                id, outcome: outcome, metrics: [:], weights: nil, error: outcome == .failed ? "boom" : nil)
            let summary = try store.run(id.rawValue).summary
            #expect(summary.outcome == outcome && summary.status == outcome.status)
            #expect(summary.error == (outcome == .failed ? "boom" : nil))
        }
        #expect(throws: StoreError.unknownRun("0000000000zzzzzz")) {
            try store.finishRun(
                RunID(rawValue: "0000000000zzzzzz"), outcome: .completed, metrics: [:], weights: nil,
                error: nil)
        }
    }

    @Test(arguments: backends)
    func referencesResolveOrFailClearly(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        let first = try store.beginRun(
            name: "a", params: .record([]), modelSpec: nil, preprocessing: nil, data: [], source: "")
        let second = try store.beginRun(
            name: "a", params: .record([]), modelSpec: nil, preprocessing: nil, data: [], source: "")
        #expect(try store.resolveRun("a") == second, "a name means its newest run")
        #expect(try store.resolveRun(first.rawValue) == first)
        #expect(try store.resolveRun(first.rawValue.uppercased()) == first, "prefixes match in any case")
        #expect(throws: StoreError.unknownRun("nope")) { try store.resolveRun("nope") }
        #expect(throws: StoreError.unknownRun("")) { try store.resolveRun("") }
        // Both ids start with the same time digits: a short prefix is ambiguous.
        #expect { try store.resolveRun(String(first.rawValue.prefix(3))) } throws: { error in
            guard case StoreError.ambiguousRun(_, let matches) = error else { return false }
            return matches.sorted() == [first.rawValue, second.rawValue].sorted()
        }
    }

    @Test(arguments: backends)
    func runsSortByFieldsAndMetrics(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        for (name, accuracy) in [("low", 0.2), ("high", 0.9), ("mid", 0.5)] {
            let id = try store.beginRun(
                name: name, params: .record([]), modelSpec: nil, preprocessing: nil, data: [], source: "")
            try store.finishRun(id, outcome: .completed, metrics: ["accuracy": accuracy], weights: nil, error: nil)
        }
        let failed = try store.beginRun(
            name: "broken", params: .record([]), modelSpec: nil, preprocessing: nil, data: [], source: "")
        try store.finishRun(failed, outcome: .failed, metrics: [:], weights: nil, error: "boom")
        _ = try store.beginRun(name: nil, params: .record([]), modelSpec: nil, preprocessing: nil, data: [], source: "")
        #expect(try store.runs().map(\.name) == [nil, "broken", "mid", "high", "low"])
        #expect(try store.runs(sort: "created").map(\.name) == ["low", "high", "mid", "broken", nil])
        #expect(try store.runs(sort: "-accuracy").map(\.name) == ["high", "mid", "low", nil, "broken"])
        #expect(try store.runs(sort: "accuracy", limit: 2).map(\.name) == ["low", "mid"])
        #expect(try store.runs(sort: "name").map(\.name) == ["broken", "high", "low", "mid", nil])
        #expect(try store.runs(sort: "ended").last?.status == .running, "a running run has no end: last")
        #expect(try store.runCount() == 5 && store.metricNames() == ["accuracy"])
        #expect(throws: StoreError.unknownSortField("nonsense", known: Store.runSortFields + ["accuracy"])) {
            try store.runs(sort: "nonsense", limit: nil)
        }
        try store.tag(failed, "oops")
        try store.tag(failed, "oops")
        try store.tag(failed, "another")
        #expect(try store.run("broken").summary.tags == ["another", "oops"])
        #expect(throws: StoreError.unknownRun("0000000000zzzzzz")) {
            try store.tag(RunID(rawValue: "0000000000zzzzzz"), "x")
        }
    }

    @Test(arguments: backends)
    func runsFilterByTagStatusAndSweep(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        let sweepParams = ParamValue.record([("sweep", .string("grid")), ("lr", .number(0.1))])
        let trial = try store.beginRun(
            name: "trial", params: sweepParams, modelSpec: nil, preprocessing: nil, data: [], source: "")
        try store.finishRun(trial, outcome: .completed, metrics: ["accuracy": 0.9], weights: nil, error: nil)
        let tagged = try store.beginRun(
            name: "tagged", params: .record([]), modelSpec: nil, preprocessing: nil, data: [], source: "")
        try store.tag(tagged, "sweep:grid")
        try store.tag(tagged, "best")
        try store.finishRun(tagged, outcome: .failed, metrics: [:], weights: nil, error: "boom")
        _ = try store.beginRun(
            name: "other", params: .record([("sweep", .string("random"))]), modelSpec: nil,
            preprocessing: nil, data: [], source: "")
        func names(_ filter: RunFilter, sort: String = "-created") throws -> [String?] {
            try store.runs(sort: sort, limit: nil, filter: filter).map(\.name)
        }
        #expect(try names(.all) == ["other", "tagged", "trial"])
        #expect(try names(RunFilter(sweep: "grid")) == ["tagged", "trial"])
        #expect(try names(RunFilter(sweep: "grid"), sort: "-accuracy") == ["trial", "tagged"])
        #expect(try names(RunFilter(tag: "best")) == ["tagged"])
        #expect(try names(RunFilter(status: .running)) == ["other"])
        #expect(try names(RunFilter(status: .finished, sweep: "grid")) == ["trial"])
        #expect(try names(RunFilter(tag: "best", status: .finished)) == [])
        #expect(try store.runCount(filter: RunFilter(sweep: "grid")) == 2 && store.runCount() == 3)
        #expect(try store.runs(sort: "-created", limit: 1, filter: RunFilter(sweep: "grid")).map(\.name) == ["tagged"])
    }

    @Test(arguments: backends)
    func runsFilterByNameAndDataVersionAndComeAPageAtATime(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        let other = DataUse(
            role: "train", name: "digits", contentID: "2" + String(repeating: "f", count: 63), schema: .record([]),
            lineage: .record([]))
        for (index, name) in ["Iris-MLP", "iris-cnn", "digits_50%", "digits-cnn", "baseline"].enumerated() {
            let id = try store.beginRun(
                name: name, params: .record([]), modelSpec: nil, preprocessing: nil,
                data: index < 2 ? [Self.iris] : (index < 4 ? [other] : []), source: "")
            try store.finishRun(
                id, outcome: .completed, metrics: ["loss": Double(index)], weights: nil, error: nil)
        }
        func names(_ filter: RunFilter, sort: String = "-created", limit: Int? = nil, offset: Int = 0) throws
            -> [String?]
        {
            try store.runs(sort: sort, limit: limit, offset: offset, filter: filter).map(\.name)
        }
        // Names match as a part, ignoring case; `%` and `_` are plain characters.
        #expect(try names(RunFilter(name: "IRIS")) == ["iris-cnn", "Iris-MLP"])
        #expect(try names(RunFilter(name: "_50%")) == ["digits_50%"])
        #expect(try names(RunFilter(name: "%")) == ["digits_50%"])
        // A data version by its whole content id or the start of one.
        #expect(try names(RunFilter(data: Self.iris.contentID)) == ["iris-cnn", "Iris-MLP"])
        #expect(try names(RunFilter(data: "2ff")) == ["digits-cnn", "digits_50%"])
        #expect(try names(RunFilter(data: "3")) == [])
        #expect(try store.runCount(filter: RunFilter(name: "cnn", data: "2")) == 1)
        // Pages: the same order as the whole list, cut.
        let all = try names(.all, sort: "loss")
        #expect(all == ["Iris-MLP", "iris-cnn", "digits_50%", "digits-cnn", "baseline"])
        #expect(try names(.all, sort: "loss", limit: 2, offset: 2) == Array(all[2..<4]))
        #expect(try names(.all, sort: "loss", limit: 2, offset: 4) == [all[4]])
        #expect(try names(.all, sort: "loss", limit: 2, offset: 9) == [])
        #expect(try names(.all, sort: "-created", limit: nil, offset: 3) == ["iris-cnn", "Iris-MLP"])
    }

    @Test(arguments: backends)
    func objectsAreNamedByTheirContent(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        let id = try store.putObject(Data("abc".utf8))
        #expect(id.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try store.putObject(Data("abc".utf8)) == id)
        #expect(try store.object(id) == Data("abc".utf8))
        let absent = ObjectID(trusted: String(repeating: "0", count: 64))
        #expect(throws: StoreError.objectMissing(absent)) { try store.object(absent) }
    }
}
