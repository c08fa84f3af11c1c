import Foundation
import Language
import Render
import Synchronization
import Testing

/// A host that records everything a cell writes or shows, answers `input` from a
/// queue (or refuses, like a front end with allow_stdin false), and can pretend the
/// user interrupted after a number of polls.
final class RecordingHost: Language.Host, @unchecked Sendable {
    enum Event: Equatable {
        case stdout(String)
        case stderr(String)
        case display(MimeBundle, id: String?)
        case update(MimeBundle, id: String)
        case clear(wait: Bool)
    }

    private let recorded = Mutex<[Event]>([])
    private let polls = Atomic<Int>(0)
    private let inputs: Mutex<[String]>
    private let allowInput: Bool
    private let interruptAfterPolls: Int?
    private let prompts = Mutex<[String]>([])

    /// - Parameters:
    ///   - inputs: answers to `input`, in order; nil means input is not allowed.
    ///   - interruptAfterPolls: `isInterrupted` turns true once polled this many times.
    init(inputs: [String]? = nil, interruptAfterPolls: Int? = nil) {
        self.inputs = Mutex(inputs ?? [])
        self.allowInput = inputs != nil
        self.interruptAfterPolls = interruptAfterPolls
    }

    var events: [Event] { recorded.withLock { $0 } }
    var askedPrompts: [String] { prompts.withLock { $0 } }

    var stdout: String {
        events.map { if case .stdout(let text) = $0 { text } else { "" } }.joined()
    }

    var stderr: String {
        events.map { if case .stderr(let text) = $0 { text } else { "" } }.joined()
    }

    /// Standard output and shown values' text, in the order they happened, as lines.
    var outputLines: [String] {
        var text = ""
        for event in events {
            switch event {
            case .stdout(let chunk): text += chunk
            case .display(let bundle, _):
                if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
                text += bundle.plainText + "\n"
            default: break
            }
        }
        return RecordingHost.lines(text)
    }

    static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    func write(_ text: String, to stream: Language.OutputStream) {
        recorded.withLock { $0.append(stream == .stdout ? .stdout(text) : .stderr(text)) }
    }

    func display(_ bundle: MimeBundle, id: String?) { recorded.withLock { $0.append(.display(bundle, id: id)) } }
    func update(_ bundle: MimeBundle, id: String) { recorded.withLock { $0.append(.update(bundle, id: id)) } }
    func clearOutput(wait: Bool) { recorded.withLock { $0.append(.clear(wait: wait)) } }

    func readLine(prompt: String) throws(HostInputError) -> String {
        prompts.withLock { $0.append(prompt) }
        guard allowInput else { throw .notAllowed }
        return inputs.withLock { $0.isEmpty ? "" : $0.removeFirst() }
    }

    var isInterrupted: Bool {
        guard let interruptAfterPolls else { return false }
        return polls.add(1, ordering: .relaxed).newValue > interruptAfterPolls
    }
}

/// One golden script: a `.strata` file run as one cell, with its expectations written
/// in whole-line comments:
///
/// - `# expect: line`: the next line of output (standard output and shown values, in order);
/// - `# expect stderr: line`: the next line of standard error;
/// - `# expect error at 3:9-3:14: text`: the cell fails with a message containing `text`,
///   pointing at the span from line 3, column 9 to line 3, column 14 (1-based; the end
///   is the position just after the span, as `SourceSpan.end` is).
///
/// Any other comment starting with `# exp` (`# expct:`, `# expect eror:`) fails the
/// script, naming its line, so a misspelled expectation never passes silently.
///
/// Re-recording: `STRATA_RECORD_GOLDEN=1 swift test --filter "Golden scripts"` rewrites
/// each script's expectations in the source tree from what it actually produced (in
/// place when the lines match up one for one, else as a block at the end), for a
/// deliberate change of output; review the diff before committing it.
struct GoldenScript: CustomTestStringConvertible, Sendable {
    let feature: String
    let name: String
    let url: URL

    var testDescription: String { "\(feature)/\(name)" }

    static var all: [GoldenScript] {
        guard let root = Bundle.module.url(forResource: "Scripts", withExtension: nil),
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        else { return [] }
        var scripts: [GoldenScript] = []
        for case let url as URL in enumerator where url.pathExtension == "strata" {
            scripts.append(
                GoldenScript(
                    feature: url.deletingLastPathComponent().lastPathComponent,
                    name: url.deletingPathExtension().lastPathComponent, url: url))
        }
        return scripts.sorted { $0.testDescription < $1.testDescription }
    }

    /// The script in the source tree (the test bundle holds a copy), for re-recording.
    var sourcePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Scripts/\(feature)/\(name).strata").path
    }

    /// A failing cell's expected message fragment and span.
    struct ExpectedError: Equatable {
        var text: String
        /// `3:9-3:14`.
        var span: String
    }

    struct Expectations: Equatable {
        var output: [String] = []
        var stderr: [String] = []
        var error: ExpectedError?
        /// Comments that look like expectations and are not, with their line numbers.
        var unknown: [(line: Int, text: String)] = []

        static func == (a: Expectations, b: Expectations) -> Bool {
            a.output == b.output && a.stderr == b.stderr && a.error == b.error
        }

        /// The expectation comments, in the order the runner reads them.
        var lines: [String] {
            output.map { "# expect: " + $0 } + stderr.map { "# expect stderr: " + $0 }
                + (error.map { ["# expect error at \($0.span): \($0.text)"] } ?? [])
        }
    }

    static func expectations(in source: String) -> Expectations {
        var expected = Expectations()
        for (index, line) in source.components(separatedBy: "\n").enumerated() {
            guard line.hasPrefix("# exp") else { continue }
            if let text = value(of: line, after: "# expect:") {
                expected.output.append(text)
            } else if let text = value(of: line, after: "# expect stderr:") {
                expected.stderr.append(text)
            } else if let rest = value(of: line, after: "# expect error at"),
                let colon = rest.range(of: ": ") ?? rest.range(of: ":", options: .backwards),
                isSpan(String(rest[..<colon.lowerBound]))
            {
                expected.error = ExpectedError(
                    text: String(rest[colon.upperBound...]), span: String(rest[..<colon.lowerBound]))
            } else {
                // `# expect error:` without a span included: spans are checked too now.
                if expected.error == nil, let text = value(of: line, after: "# expect error:") {
                    expected.error = ExpectedError(text: text, span: "")
                }
                expected.unknown.append((index + 1, line))
            }
        }
        return expected
    }

    /// `3:9-3:14`.
    static func isSpan(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 2
            && parts.allSatisfy { part in
                let numbers = part.split(separator: ":")
                return numbers.count == 2 && numbers.allSatisfy { Int($0) != nil }
            }
    }

    /// `3:9-3:14` for a span.
    static func spanText(_ span: SourceSpan) -> String {
        "\(span.start.line):\(span.start.column)-\(span.end.line):\(span.end.column)"
    }

    /// The text after `marker` (one optional space after it dropped), if the line starts with it.
    private static func value(of line: String, after marker: String) -> String? {
        guard line.hasPrefix(marker) else { return nil }
        var text = line.dropFirst(marker.count)
        if text.first == " " { text = text.dropFirst() }
        return String(text)
    }

    /// Rewrites the script in the source tree so its expectations are `actual`: each
    /// expectation line replaced in place when the kinds line up one for one, else all
    /// of them removed and `actual` appended as one block.
    func record(_ actual: Expectations, source: String) throws {
        let current = GoldenScript.expectations(in: source)
        guard actual != current || !current.unknown.isEmpty else { return }
        var lines = source.components(separatedBy: "\n")
        let positions = lines.indices.filter { lines[$0].hasPrefix("# exp") }
        let onlySpansMissing = current.unknown.allSatisfy { $0.text.hasPrefix("# expect error:") }
        let sameShape =
            onlySpansMissing && current.output.count == actual.output.count
            && current.stderr.count == actual.stderr.count && (current.error == nil) == (actual.error == nil)
        if sameShape {
            var outputs = actual.output.makeIterator(), errors = actual.stderr.makeIterator()
            for position in positions {
                if lines[position].hasPrefix("# expect:") {
                    lines[position] = "# expect: " + outputs.next()!
                } else if lines[position].hasPrefix("# expect stderr:") {
                    lines[position] = "# expect stderr: " + errors.next()!
                } else if let error = actual.error {
                    lines[position] = "# expect error at \(error.span): \(error.text)"
                }
            }
        } else {
            for position in positions.reversed() { lines.remove(at: position) }
            while lines.last == "" { lines.removeLast() }
            lines += actual.lines + [""]
        }
        try lines.joined(separator: "\n").write(toFile: sourcePath, atomically: true, encoding: .utf8)
    }
}

@Suite("Golden scripts")
struct GoldenScriptTests {
    static let recording =
        ProcessInfo.processInfo.environment["STRATA_RECORD_GOLDEN"].map { !$0.isEmpty && $0 != "0" } ?? false

    @Test("the scripts are found")
    func scriptsExist() {
        #expect(GoldenScript.all.count >= 14)
    }

    @Test(arguments: GoldenScript.all)
    func script(_ script: GoldenScript) throws {
        let source = try String(contentsOf: script.url, encoding: .utf8)
        let expected = GoldenScript.expectations(in: source)
        let directory = script.url.deletingLastPathComponent().path
        let session = Session(environment: SessionEnvironment(workingDirectory: directory))
        // Each script gets a store of its own, so runs from other scripts (or earlier
        // test runs) never show in its output.
        let storeFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "strata-golden-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: storeFolder) }
        try session.useStore(at: storeFolder)
        let host = RecordingHost()
        let result = session.execute(source, host: host)

        var actual = GoldenScript.Expectations(output: host.outputLines, stderr: RecordingHost.lines(host.stderr))
        if let display = result.display { actual.output += RecordingHost.lines(display.plainText) }
        if let error = result.error {
            let span = error.diagnostics.first?.span.map(GoldenScript.spanText) ?? "0:0-0:0"
            // A recorded message is the whole first line; a hand-written one may be a fragment.
            let text =
                expected.error.map { error.message.contains($0.text) ? $0.text : error.message }
                ?? error.message.components(separatedBy: "\n")[0]
            actual.error = GoldenScript.ExpectedError(text: text, span: span)
        }
        if GoldenScriptTests.recording {
            try script.record(actual, source: source)
            return
        }
        for (line, text) in expected.unknown {
            let message =
                "\(script.testDescription):\(line): not an expectation (# expect:, # expect stderr:, "
                + "# expect error at L:C-L:C:): \(text)"
            Issue.record(Comment(rawValue: message))
        }
        #expect(actual.output == expected.output, "output of \(script.testDescription)")
        #expect(actual.stderr == expected.stderr, "stderr of \(script.testDescription)")
        if let error = expected.error {
            let message = result.error?.message ?? "(no error)"
            #expect(message.contains(error.text), "error of \(script.testDescription): \(message)")
            #expect(actual.error?.span == error.span, "error span of \(script.testDescription)")
        } else if let error = result.error {
            Issue.record(
                "\(script.testDescription) failed: \(error.traceback(source: source, color: false).joined(separator: "\n"))"
            )
        }
    }

    /// The directive parser itself: spans, misspellings and the one-for-one re-record.
    @Test func directivesAreStrict() {
        let parsed = GoldenScript.expectations(
            in: """
                x = 1
                # expect: 1
                # expect stderr: warned
                # expect error at 2:5-2:9: unknown name
                # expct: typo
                # expect output: wrong kind
                # expect error: no span
                """)
        #expect(parsed.output == ["1"] && parsed.stderr == ["warned"])
        #expect(parsed.error == GoldenScript.ExpectedError(text: "unknown name", span: "2:5-2:9"))
        #expect(parsed.unknown.map(\.line) == [5, 6, 7])
    }
}
