import JupyterKernel
import JupyterWire
import Language
import Render

/// Adapts a language `Session` to the kernel's `Interpreter` protocol: the one place
/// where the kernel's types and the language's types meet.
final class LanguageInterpreter: Interpreter {
    private let session: Session

    init(session: Session) {
        self.session = session
    }

    func close() {
        session.close()
    }

    var languageInfo: LanguageInfo {
        LanguageInfo(
            name: "strata", version: Session.languageVersion, mimetype: "text/x-strata",
            fileExtension: ".strata",
            // Ruby's lexers colour what Strata writes: `#` comments, `nil`, `true`,
            // `if`/`else`/`for`/`in`, and `label:` arguments like symbols.
            pygmentsLexer: "ruby", codemirrorMode: "ruby")
    }

    var banner: String {
        "Strata \(Session.languageVersion): a kernel for the whole deep-learning workflow.\n"
            + "help(f) shows a builtin's signature and documentation."
    }

    func execute(code: String, context: ExecutionContext) -> ExecutionOutcome {
        let host = KernelHost(context: context)
        let result = session.execute(code, host: host)
        if let error = result.error {
            return .failure(kernelError(error, source: code))
        }
        let pages = result.pages.map { Payload.page(DisplayBundle($0)) }
        return .success(result: result.display.map(DisplayBundle.init), payload: pages)
    }

    func evaluate(expression: String, context: ExecutionContext) -> ExpressionOutcome {
        switch session.evaluate(expression: expression, host: KernelHost(context: context)) {
        case .success(let bundle): return .value(DisplayBundle(bundle))
        case .failure(let error): return .failure(kernelError(error, source: expression))
        }
    }

    func complete(code: String, cursor: Int) -> CompletionResult {
        let list = session.complete(code, cursor: cursor)
        let types = list.matches.indices.map { i in
            CompletionType(
                text: list.matches[i],
                type: i < list.kinds.count ? list.kinds[i] : "",
                signature: i < list.signatures.count ? list.signatures[i] : "")
        }
        return CompletionResult(matches: list.matches, cursorStart: list.start, cursorEnd: list.end, types: types)
    }

    func inspect(code: String, cursor: Int, detailLevel: Int) -> DisplayBundle? {
        session.inspect(code, cursor: cursor).map(DisplayBundle.init)
    }

    func handleWidgetEvent(_ event: JupyterKernel.WidgetEvent, context: ExecutionContext) {
        switch event {
        case .click(let widget):
            session.handleWidgetEvent(.click(WidgetID(widget)), host: KernelHost(context: context))
        }
    }

    func isComplete(code: String) -> Completeness {
        switch session.isComplete(code) {
        case .complete: return .complete
        case .incomplete(let indent): return .incomplete(indent: indent)
        case .invalid: return .invalid
        }
    }

    private func kernelError(_ error: CellError, source: String) -> KernelError {
        KernelError(
            name: error.ename, value: error.message,
            traceback: error.traceback(source: source, color: true))
    }
}

extension DisplayBundle {
    init(_ bundle: MimeBundle) {
        self.init(
            data: bundle.data.mapValues { JSONValue.string($0) },
            metadata: bundle.metadata.mapValues { fields in .object(fields.mapValues { .number($0) }) })
    }
}
