import Foundation
import Language
import Render
import Store
import Testing

/// A session in a temporary folder, whose store is the folder's `.strata/`; a second
/// session on the same folder shares the store, as two notebooks side by side would.
struct ExperimentSession {
    let session: Session
    let folder: String

    init(folder: String? = nil) {
        let folder =
            folder
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-experiments-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        self.folder = folder
        session = Session(environment: SessionEnvironment(workingDirectory: folder))
    }

    /// Runs `source`, failing the test on an error; returns the result's plain text.
    @discardableResult
    func run(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let result = session.execute(source, host: RecordingHost())
        if let error = result.error {
            Issue.record("\(source) failed: \(error.message)", sourceLocation: sourceLocation)
        }
        return result.display?.plainText ?? ""
    }

    func display(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> MimeBundle {
        try #require(session.execute(source, host: RecordingHost()).display, sourceLocation: sourceLocation)
    }

    /// The error message `source` fails with, or nil.
    func error(_ source: String) -> String? {
        session.execute(source, host: RecordingHost()).error?.message
    }

    /// `print(expr)`'s output, without the newline.
    func printed(_ expression: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let host = RecordingHost()
        let result = session.execute("print(\(expression))", host: host)
        if let error = result.error {
            Issue.record("\(expression) failed: \(error.message)", sourceLocation: sourceLocation)
        }
        return String(host.stdout.dropLast())
    }
}

/// Two tiny runs on iris, `iris-a` (adam) and `iris-b` (sgd), in a fresh store.
struct ExperimentFixture {
    let first: ExperimentSession

    static let setup = """
        iris = dataset("iris")
        train, val, test = split(iris, [0.7, 0.15, 0.15], seed: 3)
        """

    init() {
        first = ExperimentSession()
        first.run(ExperimentFixture.setup)
        first.run(
            """
            a = fit(sequential([dense(8, activation: "relu"), dense(3)]), train, val: val, epochs: 3, batch: 16,
                    seed: 1, name: "iris-a")
            b = fit(sequential([dense(4), dense(3)]), train, val: val, epochs: 2, batch: 16,
                    optimizer: sgd(lr: 0.1), seed: 2, name: "iris-b");
            """)
    }

    /// Another session on the same store, with the same splits.
    func secondSession() -> ExperimentSession {
        let other = ExperimentSession(folder: first.folder)
        other.run(ExperimentFixture.setup)
        return other
    }

    func store() throws -> Store { try Store.open(at: first.folder + "/.strata") }
}

@Suite("Experiment builtins")
struct ExperimentBuiltinTests {
    @Test("a run read back in another session has the same fields and scores the same")
    func storedRunFields() {
        let fixture = ExperimentFixture()
        let other = fixture.secondSession()
        for field in ["name", "status", "params", "metrics", "history", "data", "tags", "epochs.len"] {
            let expression = field == "epochs.len" ? "len(%.epochs)" : "%.\(field)"
            let mine = fixture.first.printed(expression.replacingOccurrences(of: "%", with: "a"))
            let theirs = other.printed(expression.replacingOccurrences(of: "%", with: "run(\"iris-a\")"))
            #expect(mine == theirs, "\(field)")
        }
        #expect(other.printed("run(\"iris-a\").id") == fixture.first.printed("a.id"))
        #expect(other.printed("evaluate(run(\"iris-a\"), test)") == fixture.first.printed("evaluate(a, test)"))
        #expect(other.printed("predict(run(\"iris-b\"), test)") == fixture.first.printed("predict(b, test)"))
        #expect(other.printed("evaluate(restore(\"iris-b\"), test)") == fixture.first.printed("evaluate(b, test)"))
        // A restored model trains further like any model.
        other.run("m = restore(\"iris-a\"); fit(m, train, epochs: 1, name: \"iris-a2\");")
        #expect(other.printed("len(runs())") == "3")
    }

    @Test("an unknown run is an error with the closest name")
    func unknownRun() {
        let fixture = ExperimentFixture()
        #expect(
            fixture.first.error("run(\"iris_a\")")
                == "run: no run with id, id prefix or name 'iris_a' (did you mean \"iris-a\"?)")
        #expect(fixture.first.error("run(\"zzzz\")") == "run: no run with id, id prefix or name 'zzzz'")
        #expect(
            fixture.first.error("run(3)") == "run: the argument must be a run (or a run's id or name), got a number")
        #expect(fixture.first.error("compare(a, \"nope\")")?.hasPrefix("compare: no run with id") == true)
    }

    @Test("an id prefix that matches several runs lists them")
    func ambiguousPrefix() throws {
        let fixture = ExperimentFixture()
        let a = fixture.first.printed("a.id"), b = fixture.first.printed("b.id")
        // The ids begin with the time they were made, so the two share a prefix.
        let common = String(zip(a, b).prefix { $0 == $1 }.map(\.0))
        try #require(!common.isEmpty)
        let message = fixture.first.error("run(\"\(common)\")") ?? ""
        #expect(message == "run: '\(common)' matches 2 runs (\(min(a, b)), \(max(a, b))): give more of the id")
        // One character more names one run.
        let longer = String(b.prefix(common.count + 1))
        #expect(fixture.first.printed("run(\"\(longer)\").name") == "iris-b")
    }

    @Test("runs() is a table of the runs and a sequence of run values")
    func runsTable() throws {
        let fixture = ExperimentFixture()
        let display = try fixture.first.display("runs()")
        #expect(display.data["text/html"]?.contains("<table>") == true)
        #expect(display.data["text/markdown"]?.contains("| id | name | status | created |") == true)
        let plain = display.plainText
        #expect(plain.contains("runs: 2, newest first"))
        #expect(plain.contains("val_accuracy"))
        let lines = plain.components(separatedBy: "\n")
        let a = try #require(lines.firstIndex { $0.contains("iris-a") })
        let b = try #require(lines.firstIndex { $0.contains("iris-b") })
        #expect(b < a)
        // The short id shown is enough to find the run.
        let shortID = try #require(lines[a].split(separator: " ").first.map(String.init))
        #expect(shortID.count < 16)
        #expect(fixture.first.printed("run(\"\(shortID)\").name") == "iris-a")

        #expect(
            fixture.first.printed("runs(sort: \"-val_accuracy\", limit: nil)[0].metrics.val_accuracy")
                == fixture.first.printed("max(a.metrics.val_accuracy, b.metrics.val_accuracy)"))
    }

    @Test("runs() in an empty store says so")
    func emptyRuns() throws {
        let empty = ExperimentSession()
        let display = try empty.display("runs()")
        #expect(display.plainText.hasPrefix("no runs yet"))
        #expect(empty.printed("len(runs())") == "0")
    }

    @Test(
        "bad runs() arguments name the argument",
        arguments: [
            ("runs(limit: 0)", "runs: 'limit' must be a positive integer, got 0"),
            ("runs(sort: 3)", "runs: 'sort' must be a string, got a number"),
            ("runs(sort: \"-\")", "runs: 'sort' must name a field or metric"),
            ("runs(sort: \"val_acuracy\")", "runs: cannot sort by \"val_acuracy\" (did you mean \"val_accuracy\"?)"),
        ])
    func badRunsArguments(source: String, expected: String) {
        let fixture = ExperimentFixture()
        let message = fixture.first.error(source) ?? "(no error)"
        #expect(message.hasPrefix(expected), "\(source): \(message)")
    }

    @Test("compare shows params and metrics side by side, marks differences and overlays the curves")
    func compareDisplay() throws {
        let fixture = ExperimentFixture()
        let display = try fixture.first.display("compare(a, b)")
        let plain = display.plainText
        #expect(plain.contains("iris-a") && plain.contains("iris-b"))
        let lines = plain.components(separatedBy: "\n")
        let optimizer = try #require(lines.first { $0.contains("optimizer.name") })
        #expect(optimizer.hasPrefix("≠") && optimizer.contains("adam") && optimizer.contains("sgd"))
        let loss = try #require(lines.first { $0.contains(" loss ") && !$0.contains("metric") })
        #expect(!loss.hasPrefix("≠"), "both use the default loss: \(loss)")
        #expect(display.data["image/png"] != nil && display.data["image/svg+xml"] != nil)
        #expect(display.data["text/html"]?.contains("<img src=\"data:image/png;base64,") == true)
        let curves = fixture.first.run("plot(compare(a, b))")
        #expect(curves.contains("iris-a (val)") && curves.contains("iris-b (val)"), "\(curves)")
        #expect(fixture.first.printed("compare(runs()).runs.len()") == "2")
    }

    @Test("a damaged weights object: restore names it and no wrong weights are used")
    func corruptedWeights() throws {
        let fixture = ExperimentFixture()
        let store = try fixture.store()
        let record = try store.run("iris-a")
        let object = try #require(record.weights)
        let path = store.objects.path(of: object)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x01
        // Objects are read-only on disk; replace the file as a damaging process would.
        try FileManager.default.removeItem(atPath: path)
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let other = fixture.secondSession()
        let message = other.error("restore(\"iris-a\")") ?? "(no error)"
        #expect(message.hasPrefix("restore: object \(object.hex) is corrupt"), "\(message)")
        // The run still shows what it recorded; its weights are not used.
        #expect(other.printed("run(\"iris-a\").status") == "finished")
        #expect(other.error("evaluate(run(\"iris-a\"), test)")?.contains("has no usable trained weights") == true)
        // The other run is intact.
        #expect(other.printed("type(restore(\"iris-b\"))") == "model")
    }

    @Test("tag adds labels the store keeps; bad labels are refused")
    func tags() {
        let fixture = ExperimentFixture()
        #expect(fixture.first.printed("tag(\"iris-b\", [\"best\", \"sgd\"]).tags") == "[\"best\", \"sgd\"]")
        #expect(fixture.first.printed("run(b).tags") == "[\"best\", \"sgd\"]")
        #expect(fixture.secondSession().printed("run(\"iris-b\").tags") == "[\"best\", \"sgd\"]")
        #expect(fixture.first.error("tag(a, \" \")") == "tag: a tag cannot be empty or only spaces, got \" \"")
        #expect(fixture.first.error("tag(a, 3)") == "tag: 'label' must be a string or a list of strings, got a number")
    }

    @Test("an interrupted run reads back interrupted, with where it stopped and its weights")
    func interruptedRun() {
        let fixture = ExperimentFixture()
        // Each batch polls once; 7 batches an epoch, so training stops in epoch 3.
        let host = RecordingHost(interruptAfterPolls: 20)
        let result = fixture.first.session.execute(
            "fit(sequential([dense(3)]), train, epochs: 50, batch: 16, name: \"cut\")", host: host)
        #expect(result.error?.ename == "KeyboardInterrupt")
        let other = fixture.secondSession()
        #expect(other.printed("run(\"cut\").status, len(run(\"cut\").history.loss)") == "interrupted 2")
        #expect(other.printed("run(\"cut\")").contains("interrupted at epoch 3, batch"))
        #expect(other.printed("len(predict(restore(\"cut\"), test))") == "22")
    }

    @Test("a run on data with a text column reads back with the one-hot features it was trained on")
    func categoricalFeatures() throws {
        let session = ExperimentSession()
        var csv = "size,colour,label\n"
        for index in 0..<40 {
            let colour = ["red", "green", "blue"][index % 3]
            csv += "\(Double(index % 7) / 7),\(colour),\(index % 3 == 0 ? "yes" : "no")\n"
        }
        try csv.write(toFile: session.folder + "/shapes.csv", atomically: true, encoding: .utf8)
        session.run(
            """
            shapes = load_csv("shapes.csv", target: "label")
            r = fit(sequential([dense(2)]), shapes, epochs: 2, batch: 8, name: "shapes");
            """)
        let other = ExperimentSession(folder: session.folder)
        other.run("shapes = load_csv(\"shapes.csv\", target: \"label\")")
        #expect(other.printed("evaluate(run(\"shapes\"), shapes)") == session.printed("evaluate(r, shapes)"))
        #expect(other.printed("predict(restore(\"shapes\"), shapes)") == session.printed("predict(r, shapes)"))
        let message = other.error("evaluate(run(\"shapes\"), select(shapes, [\"size\"]))") ?? ""
        #expect(message == "evaluate: the data lacks the column 'colour' the model was trained on", "\(message)")
    }

    @Test("run.sources names the files behind the data, through a split, with the tracked version holding them")
    func runSourcesNameTrackedVersions() throws {
        let session = ExperimentSession()
        try FileManager.default.createDirectory(atPath: session.folder + "/raw", withIntermediateDirectories: true)
        var csv = "x,label\n"
        for index in 0..<30 { csv += "\(index % 5),\(index % 2 == 0 ? "even" : "odd")\n" }
        try csv.write(toFile: session.folder + "/raw/points.csv", atomically: true, encoding: .utf8)
        session.run(
            """
            v1 = track("raw")
            train, val = split(load_csv("raw/points.csv", target: "label"), [0.8, 0.2], seed: 1)
            r = fit(sequential([dense(2)]), train, val: val, epochs: 1, name: "pts");
            """)
        #expect(session.printed("len(r.sources)") == "1")
        #expect(session.printed("r.sources[0].path") == session.folder + "/raw/points.csv")
        #expect(session.printed("r.sources[0].tracked == v1") == "true")
        #expect(session.printed("len(r.sources[0].sha256)") == "64")
        // Read back in another session: the same sources. A new version of the folder
        // does not change what the run read.
        try (csv + "4,even\n").write(toFile: session.folder + "/raw/points.csv", atomically: true, encoding: .utf8)
        let v1 = session.printed("v1")
        let other = ExperimentSession(folder: session.folder)
        other.run("v2 = track(\"raw\")")
        #expect(other.printed("run(\"pts\").sources[0].tracked") == v1)
        #expect(other.printed("v2") != v1)
        // Untracked data: the file is named, the version is nil.
        other.run("r2 = fit(sequential([dense(3)]), dataset(\"iris\"), epochs: 1);")
        #expect(other.printed("r2.sources[0].tracked") == "nil")
    }
}

@Suite struct UnavailableStoreTests {
    /// `.strata` is a file, so no store opens: fit still trains (its run is kept in
    /// memory for the session) and says once that it was not saved; runs, run, compare
    /// and restore answer from this session's runs.
    @Test func fitWithoutAStoreWarnsAndKeepsTheSessionsRuns() throws {
        let session = ExperimentSession()
        FileManager.default.createFile(atPath: session.folder + "/.strata", contents: Data("not a folder".utf8))
        let host = RecordingHost()
        let result = session.session.execute(
            """
            iris = dataset("iris")
            r = fit(sequential([dense(3)]), iris, epochs: 2, seed: 1, name: "memory-only")
            """, host: host)
        #expect(result.error == nil)
        #expect(host.stderr.hasPrefix("fit: the run was not saved to the store: "))
        #expect(host.stderr.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1)
        #expect(session.printed("r.status") == "finished")
        #expect(session.printed("len(runs())") == "1")
        let table = try session.display("runs()").plainText
        #expect(table.contains("memory-only") && table.contains("this session's runs only"))
        #expect(session.printed("run(\"memory-only\").id == r.id") == "true")
        #expect(session.printed("evaluate(restore(r), iris).loss == evaluate(r, iris).loss") == "true")
    }
}
