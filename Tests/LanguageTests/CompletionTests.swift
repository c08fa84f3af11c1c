import Foundation
import Language
import Testing

@Suite("Completion")
struct CompletionTests {
    /// A session with a few bindings, and the cursor at the end of `source` unless
    /// `source` contains `|`, which marks the cursor (and is removed).
    func complete(_ source: String, setup: String = "", directory: String? = nil) -> (CompletionList, String) {
        let session = directory.map { makeSession(directory: $0) } ?? makeSession()
        if !setup.isEmpty { _ = session.execute(setup, host: RecordingHost()) }
        let scalars = Array(source.unicodeScalars)
        let cursor = scalars.firstIndex(of: "|") ?? scalars.count
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars.filter { $0 != "|" })
        return (session.complete(String(text), cursor: cursor), String(text))
    }

    @Test("labels inside a call, replacing the partial label")
    func labels() {
        let (list, _) = complete("round(2, di")
        #expect(list.matches.first == "digits:")
        #expect(list.kinds.first == "label")
        #expect(list.start == 9)
        #expect(list.end == 11)
        #expect(list.signatures.first == "round(x, digits: 0)")
    }

    @Test("labels already given are not offered again; labels only where an argument starts")
    func usedLabels() {
        let (list, _) = complete("print(1, sep: \",\", ")
        #expect(list.matches.contains("end:"))
        #expect(!list.matches.contains("sep:"))
        let (multiline, _) = complete("print(1,\n      se")
        #expect(multiline.matches.first == "sep:")
        let (valuePosition, _) = complete("round(2, digits: ")
        #expect(!valuePosition.matches.contains("digits:"))
    }

    @Test("names: bindings, builtins and keywords by prefix")
    func names() {
        let (list, _) = complete("ra", setup: "rate = 0.1\nrank = { x in x }")
        #expect(list.matches == ["rank", "rate", "range"])
        #expect(list.kinds == ["function", "variable", "function"])
        #expect(list.start == 0 && list.end == 2)
        let (keywords, _) = complete("x = fal")
        #expect(keywords.matches == ["false"])
        #expect(keywords.kinds == ["keyword"])
    }

    @Test("members: record fields first, then functions usable as methods")
    func members() {
        let (list, _) = complete("cfg.", setup: "cfg = [lr: 0.1, units: 64]")
        #expect(Array(list.matches.prefix(2)) == ["lr", "units"])
        #expect(Array(list.kinds.prefix(2)) == ["field", "field"])
        #expect(list.matches.contains("len"))
        #expect(list.matches.contains("round"))
        // No positional parameter: cannot be called as a method.
        #expect(!list.matches.contains("clear_output"))
        #expect(list.start == 4 && list.end == 4)

        let (partial, _) = complete("cfg.u", setup: "cfg = [lr: 0.1, units: 64]")
        // The field first; then `uniform`, a builtin usable as a method (`cfg.uniform(1)`).
        #expect(partial.matches == ["units", "uniform"])
        #expect(partial.start == 4)
    }

    @Test("members of a nested field chain")
    func nestedMembers() {
        let (list, _) = complete("c.opt.n", setup: "c = [opt: [name: \"adam\", lr: 1]]")
        #expect(list.matches == ["name", "num"])
        #expect(list.kinds == ["field", "function"])
    }

    @Test("members of an expression that cannot be resolved without running it: functions only")
    func unresolvedMembers() {
        let (list, _) = complete("f(1).le")
        #expect(list.matches == ["learning_curve", "len"])
    }

    @Test("completion never runs code")
    func noSideEffects() {
        let session = makeSession()
        let host = RecordingHost()
        _ = session.execute("xs = [1]", host: host)
        _ = session.complete("print(\"boom\").", cursor: 14)
        _ = session.complete("xs.", cursor: 3)
        #expect(host.events.isEmpty)
    }

    @Test("paths inside strings, relative to the working directory")
    func paths() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "strata-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        _ = FileManager.default.createFile(atPath: root.appendingPathComponent("data/iris.csv").path, contents: Data())
        _ = FileManager.default.createFile(atPath: root.appendingPathComponent("data/wine.csv").path, contents: Data())
        _ = FileManager.default.createFile(atPath: root.appendingPathComponent("dates.txt").path, contents: Data())
        _ = FileManager.default.createFile(atPath: root.appendingPathComponent(".hidden").path, contents: Data())

        let (top, _) = complete("load_csv(\"da", directory: root.path)
        #expect(top.matches == ["data/", "dates.txt"])
        #expect(top.kinds == ["path", "path"])
        #expect(top.start == 10 && top.end == 12)

        let (inner, _) = complete("load_csv(\"data/i", directory: root.path)
        #expect(inner.matches == ["data/iris.csv"])
        #expect(inner.start == 10)

        let (all, _) = complete("x = \"", directory: root.path)
        #expect(all.matches == ["data/", "dates.txt"])
    }

    @Test("nothing inside comments or right after a closed string")
    func nothing() {
        #expect(complete("# ra").0.matches.isEmpty)
        #expect(complete("\"abc\"").0.matches.isEmpty)
    }

    @Test("the cursor may sit in the middle of the source")
    func middleCursor() {
        let (list, text) = complete("x = rou|nd(1)")
        #expect(text == "x = round(1)")
        #expect(list.matches == ["round"])
        #expect(list.start == 4 && list.end == 7)
    }

    @Test("offsets count Unicode scalars")
    func unicodeOffsets() {
        let (list, _) = complete("s = \"héllo\"; ro")
        #expect(list.start == 13 && list.end == 15)
        #expect(list.matches == ["round"])
    }
}
