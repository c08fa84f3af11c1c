/// A cell's failure as Jupyter shows it: `ename`, `evalue` (`message`) and the
/// diagnostics that become the traceback.
public struct CellError: Error {
    /// `"SyntaxError"`, `"RuntimeError"` or `"KeyboardInterrupt"`.
    public var ename: String
    /// The first diagnostic's message, or `3 syntax errors (first: ...)` when there are several.
    public var message: String
    public var diagnostics: [Diagnostic]

    public init(ename: String, message: String, diagnostics: [Diagnostic]) {
        self.ename = ename
        self.message = message
        self.diagnostics = diagnostics
    }

    /// Every syntax error of a cell that did not run.
    init(syntaxErrors: [Diagnostic]) {
        let first = syntaxErrors.first?.message ?? "syntax error"
        self.init(
            ename: "SyntaxError",
            message: syntaxErrors.count <= 1 ? first : "\(syntaxErrors.count) syntax errors (first: \(first))",
            diagnostics: syntaxErrors)
    }

    init(_ error: RuntimeError) {
        self.init(ename: error.ename, message: error.message, diagnostics: [error.diagnostic])
    }

    /// The traceback lines: each diagnostic drawn with its source line and carets.
    /// - Parameters:
    ///   - source: the cell's source, which the spans point into.
    ///   - color: ANSI colours, as Jupyter front ends and terminals show them.
    public func traceback(source: String, color: Bool) -> [String] {
        diagnostics.map { DiagnosticRenderer.render($0, source: source, color: color) }
    }
}
