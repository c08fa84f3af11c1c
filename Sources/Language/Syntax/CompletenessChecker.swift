/// Whether a cell is ready to run, for Jupyter's `is_complete_request` (a console
/// asks it when the user presses Enter).
public enum CompletenessVerdict: Sendable, Equatable {
    /// Parses as it stands; empty input is complete.
    case complete
    /// Unfinished: an open `(`, `[` or `{`, an unterminated string, a trailing operator
    /// or comma. `indent` is what to put at the start of the next line.
    case incomplete(indent: String)
    /// Has an error that no continuation can fix (`)` with no opener, `1 +* 2`, `a = = b`).
    case invalid
}

/// Decides `CompletenessVerdict`s by parsing: every error that sits at the end of the
/// input could still be fixed by typing more; any other error cannot.
public enum CompletenessChecker {
    /// Indentation per open bracket in `incomplete(indent:)`.
    public static let indentUnit = "  "

    public static func check(_ source: String) -> CompletenessVerdict {
        let (tokens, lexical) = Lexer.tokenize(source)
        let end = tokens.last!.span.start.offset

        // Brackets first: a closer that matches no opener can never be fixed.
        var open: [TokenKind] = []
        for token in tokens {
            if token.kind.isOpener {
                open.append(token.kind)
            } else if token.kind.isCloser {
                guard let last = open.last, last.matchingCloser == token.kind else { return .invalid }
                open.removeLast()
            }
        }
        let indent = String(repeating: indentUnit, count: open.count)

        // An unterminated string runs to the end: only what comes before it can be wrong.
        if let string = tokens.last(where: { $0.kind == .string }), string.isUnterminatedString {
            let before = lexical.filter { ($0.span?.start.offset ?? 0) < string.span.start.offset }
            if !before.isEmpty { return .invalid }
            let result = Parser.parse(source)
            let fatal = result.diagnostics.contains { ($0.span?.start.offset ?? 0) < string.span.start.offset }
            return fatal ? .invalid : .incomplete(indent: indent)
        }

        let result = Parser.parse(source)
        if result.diagnostics.isEmpty { return .complete }
        // Errors at the end of input ("expected an expression after '+'", "expected ')'")
        // mean the cell is unfinished; anything earlier is a real mistake.
        let fixable = result.diagnostics.allSatisfy { d in
            guard let span = d.span else { return false }
            return span.start.offset >= end || isTrailingNewlineOnly(tokens, from: span.start.offset)
        }
        return fixable ? .incomplete(indent: indent) : .invalid
    }

    /// True when only newlines lie between `offset` and the end: an error pointing at
    /// the final line break is an error at the end.
    private static func isTrailingNewlineOnly(_ tokens: [Token], from offset: Int) -> Bool {
        tokens.allSatisfy { $0.span.end.offset <= offset || $0.kind == .newline || $0.kind == .eof }
    }
}
