import Render

/// A running Strata session: the bindings and builtins that live across cells, and
/// the four things a front end asks of a language (execute, complete, inspect, is it
/// complete). The kernel adapts it to Jupyter; `strata run` feeds it a notebook's cells.
///
/// Not thread-safe: one caller at a time (the kernel has one execution thread).
public final class Session {
    /// The language's version, as `language_info.version` reports it.
    public static let languageVersion = "0.1.0"

    let state: SessionState

    /// A session with the standard builtins.
    public convenience init(environment: SessionEnvironment) {
        self.init(environment: environment, registry: .standard())
    }

    /// A session with the given builtins (the standard set plus modules' own).
    public init(environment: SessionEnvironment, registry: BuiltinRegistry) {
        state = SessionState(environment: environment, registry: registry)
    }

    /// The session's builtins.
    public var registry: BuiltinRegistry { state.registry }

    /// Per-session objects modules keep (stores, caches).
    public var services: SessionServices { state.services }

    /// Names bound in the session so far, sorted.
    public var boundNames: [String] { state.globals.visibleNames }

    /// Parse (all syntax errors at once; nothing runs if any) and run a cell.
    ///
    /// Output goes to `host` as it happens. On a runtime error, output already written
    /// and bindings already made stay. Before it runs, the linter's leakage rules
    /// (S302-S305) warn on stderr about the cell, once per rule and binding.
    public func execute(_ source: String, host: Host) -> CellResult {
        LargeStack.run {
            let parsed = Parser.parse(source)
            let errors = parsed.diagnostics.filter { $0.severity == .error }
            guard errors.isEmpty else { return CellResult(error: CellError(syntaxErrors: errors)) }
            warnAboutLeakage(in: parsed.program, source: source, host: host)
            state.currentCell = CellOrigin(source: source)
            let evaluator = Evaluator(state: state, host: host, stackBudget: LargeStack.budget)
            do throws(RuntimeError) {
                let value = try evaluator.run(parsed.program)
                return CellResult(display: value?.displayBundle(), pages: evaluator.pages)
            } catch {
                return CellResult(pages: evaluator.pages, error: CellError(error))
            }
        }
    }

    /// One `user_expressions` entry: its display, or an error. A nil value displays as `nil`.
    public func evaluate(expression: String, host: Host) -> Result<MimeBundle, CellError> {
        LargeStack.run {
            let (parsed, diagnostics) = Parser.parseExpression(expression)
            let errors = diagnostics.filter { $0.severity == .error }
            guard errors.isEmpty, let parsed else { return .failure(CellError(syntaxErrors: errors)) }
            let evaluator = Evaluator(state: state, host: host, stackBudget: LargeStack.budget)
            do throws(RuntimeError) {
                return .success(try evaluator.evaluate(parsed, in: state.globals).displayBundle())
            } catch {
                return .failure(CellError(error))
            }
        }
    }

    /// Completion candidates at `cursor` (a Unicode-scalar offset into `source`).
    /// Never runs user code.
    public func complete(_ source: String, cursor: Int) -> CompletionList {
        Completer(state: state).complete(source, cursor: cursor)
    }

    /// Help for the name under or just before `cursor`, or for the function whose call
    /// the cursor is in; nil when there is nothing to say. Never runs user code.
    public func inspect(_ source: String, cursor: Int) -> MimeBundle? {
        Inspector(state: state).inspect(source, cursor: cursor)
    }

    /// Whether `source` is ready to run, as front ends ask before sending a line.
    public func isComplete(_ source: String) -> CompletenessVerdict {
        CompletenessChecker.check(source)
    }
}
