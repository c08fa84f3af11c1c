import Foundation
import JupyterKernel
import JupyterWire
import Synchronization

/// A tiny language for driving the kernel. Statements are separated by `;`:
/// `print TEXT` (stdout), `warn TEXT` (stderr), `fail`, `sleep` (until interrupted),
/// `input` (reads a name and prints a greeting), `secret` (a password prompt),
/// `display` (display, update, clear), `help` (a pager payload), `let NAME VALUE`,
/// `widget` (a column of a button, a label and an image, shown; each click of the
/// button prints `clicked N` and updates the label), `pause` (a short wait),
/// and an integer literal (the cell's result when it comes last).
final class MockInterpreter: Interpreter {
    var variables: [String: String] = [:]
    /// The widgets `widget` made: button, label, image, column.
    var widgetIDs: [String] = []
    var clicks = 0
    /// The thread of every call, to check that all run on the one execution thread.
    let threads: ThreadRecorder

    init(threads: ThreadRecorder = ThreadRecorder()) {
        self.threads = threads
    }

    let languageInfo = LanguageInfo(
        name: "strata", version: "0.1.0", mimetype: "text/x-strata",
        fileExtension: ".strata", pygmentsLexer: "python", codemirrorMode: "python")
    let banner = "Strata mock"

    private func noteThread() { threads.record() }

    func execute(code: String, context: ExecutionContext) -> ExecutionOutcome {
        noteThread()
        var result: DisplayBundle? = nil
        var payload: [Payload] = []
        for statement in code.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            result = nil
            let words = statement.split(separator: " ", maxSplits: 2).map(String.init)
            switch words.first ?? "" {
            case "print":
                context.output.stream(.stdout, text: (words.dropFirst().joined(separator: " ")) + "\n")
            case "warn":
                context.output.stream(.stderr, text: (words.dropFirst().joined(separator: " ")) + "\n")
            case "fail":
                return .failure(
                    KernelError(name: "ValueError", value: "boom", traceback: ["\u{1B}[31mValueError\u{1B}[0m: boom"]))
            case "sleep":
                let deadline = Date().addingTimeInterval(20)
                while !context.cancellation.isCancelled && Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.005)
                }
                return .failure(KernelError(name: "KeyboardInterrupt", value: "interrupted", traceback: []))
            case "input", "secret":
                do throws(InputError) {
                    let name = try context.input.readLine(prompt: "name? ", password: words[0] == "secret")
                    context.output.stream(.stdout, text: "hello \(name)\n")
                } catch {
                    switch error {
                    case .notAllowed:
                        return .failure(
                            KernelError(name: "StdinNotAllowed", value: "input is not allowed", traceback: []))
                    case .interrupted:
                        return .failure(KernelError(name: "KeyboardInterrupt", value: "interrupted", traceback: []))
                    }
                }
            case "display":
                context.output.display(.plain("first"), displayID: "d1")
                context.output.updateDisplay(.plain("second"), displayID: "d1")
                context.output.display(
                    DisplayBundle(data: ["text/html": "<b>x</b>"], metadata: ["isolated": true]),
                    displayID: nil)
                context.output.clearOutput(wait: true)
            case "help":
                payload.append(.page(.plain("print(value): writes value")))
            case "widget":
                guard let widgets = context.widgets else {
                    return .failure(KernelError(name: "NoWidgets", value: "no widgets here", traceback: []))
                }
                let button = widgets.create(.button(label: "press", style: .primary))
                let label = widgets.create(.label("not clicked"))
                let image = widgets.create(.image(Data([0x89, 0x50, 0x4E, 0x47])))
                let column = widgets.create(.column([button, label, image]))
                widgetIDs = [button, label, image, column]
                do throws(WidgetError) {
                    context.output.display(try widgets.view(of: column, text: "a widget"), displayID: nil)
                } catch {
                    return .failure(KernelError(name: "WidgetError", value: error.description, traceback: []))
                }
            case "pause":
                Thread.sleep(forTimeInterval: 0.3)
            case "let" where words.count == 3:
                variables[words[1]] = words[2]
            case let word where Int(word) != nil:
                result = .plain(word)
            default:
                return .failure(
                    KernelError(name: "SyntaxError", value: "unknown statement '\(statement)'", traceback: []))
            }
        }
        return .success(result: result, payload: payload)
    }

    func handleWidgetEvent(_ event: WidgetEvent, context: ExecutionContext) {
        noteThread()
        guard case .click(let widget) = event, widget == widgetIDs.first else { return }
        clicks += 1
        context.output.stream(.stdout, text: "clicked \(clicks)\n")
        try? context.widgets?.update(widgetIDs[1], to: .label("clicked \(clicks)"))
    }

    func evaluate(expression: String, context: ExecutionContext) -> ExpressionOutcome {
        noteThread()
        context.output.stream(.stdout, text: "side output that must not appear\n")
        if let value = variables[expression] { return .value(.plain(value)) }
        return .failure(KernelError(name: "NameError", value: "'\(expression)' is not defined", traceback: []))
    }

    static let words = ["print", "prompt", "range"]

    func complete(code: String, cursor: Int) -> CompletionResult {
        noteThread()
        let scalars = Array(code.unicodeScalars.prefix(cursor))
        let start = (scalars.lastIndex { !CharacterSet.letters.contains($0) }.map { $0 + 1 }) ?? 0
        let prefix = String(String.UnicodeScalarView(scalars[start...]))
        let matches = Self.words.filter { $0.hasPrefix(prefix) }
        return CompletionResult(
            matches: matches, cursorStart: start, cursorEnd: cursor,
            types: matches.map { CompletionType(text: $0, type: "function", signature: "\($0)(x)") })
    }

    func inspect(code: String, cursor: Int, detailLevel: Int) -> DisplayBundle? {
        noteThread()
        guard code.hasPrefix("print") else { return nil }
        return DisplayBundle(data: ["text/plain": .string(detailLevel > 0 ? "print(x) in detail" : "print(x)")])
    }

    func isComplete(code: String) -> Completeness {
        noteThread()
        if code.hasSuffix(":") { return .incomplete(indent: "    ") }
        if code.hasPrefix(")") { return .invalid }
        if code.contains("?") { return .unknown }
        return .complete
    }
}

/// The distinct threads that called an interpreter.
final class ThreadRecorder: Sendable {
    private let threads = Mutex<Set<UInt64>>([])
    var count: Int { threads.withLock { $0.count } }
    func record() {
        let id = UInt64(pthread_self())
        threads.withLock { _ = $0.insert(id) }
    }
}
