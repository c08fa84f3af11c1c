/// One problem `strata lint` reports: which rule, what it says, and where.
public struct LintFinding: Sendable, Equatable {
    public var rule: LintRule
    /// The message, in the runtime's words where the runtime would fail the same way:
    /// `unknown name 'dens' (did you mean 'dense'?)`.
    public var message: String
    /// Where in the file or cell; lines and columns count from 1.
    public var span: SourceSpan
    /// The notebook's code cell (1-based among code cells); nil for a `.strata` file.
    public var cell: Int?
    /// The binding the finding is about (`val` for `standardize(val)`), so the notebook
    /// can warn once per rule and binding in a session.
    public var subject: String?

    public init(rule: LintRule, message: String, span: SourceSpan, cell: Int? = nil, subject: String? = nil) {
        self.rule = rule
        self.message = message
        self.span = span
        self.cell = cell
        self.subject = subject
    }

    public var severity: Diagnostic.Severity { rule.severity }

    /// Source order: by cell, then position.
    static func inSourceOrder(_ a: LintFinding, _ b: LintFinding) -> Bool {
        if (a.cell ?? 0) != (b.cell ?? 0) { return (a.cell ?? 0) < (b.cell ?? 0) }
        if a.span.start.offset != b.span.start.offset { return a.span.start.offset < b.span.start.offset }
        return a.rule.rawValue < b.rule.rawValue
    }
}
