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
/// in comments (`# expect: line`, `# expect stderr: line`, `# expect error: text`).
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
            scripts.append(GoldenScript(feature: url.deletingLastPathComponent().lastPathComponent,
                                        name: url.deletingPathExtension().lastPathComponent, url: url))
        }
        return scripts.sorted { $0.testDescription < $1.testDescription }
    }

    struct Expectations {
        var output: [String] = []
        var stderr: [String] = []
        var error: String?
    }

    static func expectations(in source: String) -> Expectations {
        var expected = Expectations()
        for line in source.components(separatedBy: "\n") {
            guard let hash = line.range(of: "# expect") else { continue }
            let directive = line[hash.upperBound...]
            if let text = value(of: directive, after: ":") {
                expected.output.append(text)
            } else if let text = value(of: directive, after: " stderr:") {
                expected.stderr.append(text)
            } else if let text = value(of: directive, after: " error:") {
                expected.error = text
            }
        }
        return expected
    }

    /// The text after `marker` (one optional space after it dropped), if the directive starts with it.
    private static func value(of directive: Substring, after marker: String) -> String? {
        guard directive.hasPrefix(marker) else { return nil }
        var text = directive.dropFirst(marker.count)
        if text.first == " " { text = text.dropFirst() }
        return String(text)
    }
}

@Suite("Golden scripts")
struct GoldenScriptTests {
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
        let storeFolder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-golden-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: storeFolder) }
        try session.useStore(at: storeFolder)
        let host = RecordingHost()
        let result = session.execute(source, host: host)

        var actual = host.outputLines
        if let display = result.display { actual += RecordingHost.lines(display.plainText) }
        #expect(actual == expected.output, "output of \(script.testDescription)")
        #expect(RecordingHost.lines(host.stderr) == expected.stderr, "stderr of \(script.testDescription)")
        if let error = expected.error {
            let message = result.error?.message ?? "(no error)"
            #expect(message.contains(error), "error of \(script.testDescription): \(message)")
        } else if let error = result.error {
            Issue.record("\(script.testDescription) failed: \(error.traceback(source: source, color: false).joined(separator: "\n"))")
        }
    }
}
