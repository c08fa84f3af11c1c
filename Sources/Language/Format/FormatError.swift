/// Why code was not formatted. Either way the code is left as it was.
public enum FormatError: Error, Sendable, Equatable {
    /// The code does not parse: the parser's errors, in source order.
    case syntax([Diagnostic])
    /// The layout would have changed what the code means: a bug in the formatter,
    /// caught before anything was written.
    case changedMeaning
}

extension FormatError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .syntax(let diagnostics):
            return diagnostics.first.map { d in
                let place = d.span.map { "\($0.start.line):\($0.start.column): " } ?? ""
                return place + d.message
            } ?? "syntax error"
        case .changedMeaning:
            return "the formatted code would parse differently; left unformatted (a bug in the formatter)"
        }
    }
}
