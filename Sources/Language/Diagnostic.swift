/// A problem found in the user's code, with where it is. Turning it into text is the
/// job of `DiagnosticRenderer`, so the kernel's traceback, `strata run`'s stderr and
/// the golden tests all draw the same caret lines.
public struct Diagnostic: Sendable, Equatable, Error {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var message: String
    public var span: SourceSpan?
    public var notes: [String]

    public init(_ severity: Severity = .error, _ message: String, span: SourceSpan?, notes: [String] = []) {
        self.severity = severity
        self.message = message
        self.span = span
        self.notes = notes
    }
}
