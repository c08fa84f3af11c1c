/// Thrown inside the parser to unwind to the nearest statement boundary. The
/// diagnostic has already been recorded (or deliberately suppressed) when it is thrown.
struct SyntaxError: Error {}

/// The recursive-descent parser's state: the token cursor, the stack of open brackets,
/// the diagnostics so far and the panic flag. One method per grammar rule lives in
/// `ParserState+Statements.swift` and `ParserState+Expressions.swift`.
///
/// Newlines: the cursor hides newline tokens while the innermost open bracket is `(`
/// or `[`, which is what makes a newline inside them continue the statement; inside
/// `{ }` or at top level they stay visible and separate statements.
struct ParserState {
    let tokens: [Token]
    /// Index of the next unconsumed token (possibly a hidden newline).
    var position = 0
    /// Openers consumed and not yet closed, innermost last.
    var openers: [Token] = []
    var diagnostics: [Diagnostic] = []
    /// Set by an error, cleared once a statement parses cleanly: while set, further
    /// errors are consequences of the first and are not reported.
    var panicking = false
    /// False while parsing an `if` condition or a `for` sequence, where `{` starts the block.
    var allowsTrailingClosure = true
    /// Current nesting of expressions and blocks, bounded by `Parser.maximumNestingDepth`.
    var depth = 0
    /// The last token consumed, for messages such as "expected an expression after '+'".
    var previous: Token?

    init(tokens: [Token]) {
        precondition(tokens.last?.kind == .eof, "the lexer always ends with eof")
        self.tokens = tokens
    }

    // MARK: - Cursor

    /// Newlines are insignificant inside `( )` and `[ ]`.
    var newlinesHidden: Bool {
        guard let top = openers.last else { return false }
        return top.kind != .leftBrace
    }

    /// Index of the next visible token.
    func visibleIndex(from start: Int) -> Int {
        var i = start
        if newlinesHidden {
            while tokens[i].kind == .newline { i += 1 }
        }
        return i
    }

    /// The next visible token.
    var current: Token { tokens[visibleIndex(from: position)] }

    /// The visible token `n` places after the current one (newlines skipped when hidden).
    func peek(_ n: Int) -> Token {
        var i = visibleIndex(from: position)
        for _ in 0..<n {
            if tokens[i].kind == .eof { return tokens[i] }
            i = visibleIndex(from: i + 1)
        }
        return tokens[i]
    }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    /// The next token without hiding newlines: `{` here is on the same line as what precedes it.
    var immediate: Token { tokens[position] }

    /// Consumes the current visible token, keeping the bracket stack in step.
    @discardableResult
    mutating func advance() -> Token {
        let index = visibleIndex(from: position)
        let token = tokens[index]
        if token.kind != .eof { position = index + 1 }
        track(token)
        previous = token
        return token
    }

    /// Consumes the current token if it is of `kind`.
    mutating func match(_ kind: TokenKind) -> Token? {
        check(kind) ? advance() : nil
    }

    /// Consumes newline tokens, where an operator or comma lets the statement go on.
    mutating func skipNewlines() {
        while tokens[position].kind == .newline { position += 1 }
    }

    private mutating func track(_ token: Token) {
        if token.kind.isOpener {
            openers.append(token)
        } else if token.kind.isCloser, let i = openers.lastIndex(where: { $0.kind.matchingCloser == token.kind }) {
            // A closer that skips over unclosed openers closes them too; one that matches
            // nothing is ignored (it has been reported).
            openers.removeSubrange(i...)
        }
    }

    // MARK: - Errors

    /// Records an error unless one is already being recovered from.
    @inline(never)
    mutating func report(_ message: String, at span: SourceSpan, notes: [String] = []) {
        guard !panicking else { return }
        diagnostics.append(Diagnostic(.error, message, span: span, notes: notes))
    }

    /// Records an error and returns the error to throw; enters panic mode.
    @inline(never)
    mutating func failure(_ message: String, at span: SourceSpan, notes: [String] = []) -> SyntaxError {
        report(message, at: span, notes: notes)
        panicking = true
        return SyntaxError()
    }

    /// An error at the current token: "unexpected 'x'" (or, when the input ended,
    /// "expected `what`").
    @inline(never)
    mutating func unexpected(expected what: String) -> SyntaxError {
        let token = current
        switch token.kind {
        case .invalid:
            // The lexer has reported this character.
            panicking = true
            return SyntaxError()
        case .eof, .newline:
            return failure("expected \(what)", at: token.span)
        default:
            return failure("unexpected \(token.described); expected \(what)", at: token.span)
        }
    }

    /// Where an opener was, for "expected ')' to close '(' at 1:5".
    func position(of token: Token) -> String { "\(token.span.start.line):\(token.span.start.column)" }

    /// Consumes the closer of `opener`, or fails with "expected ')' to close '(' at L:C".
    @inline(never)
    mutating func expectCloser(of opener: Token) throws(SyntaxError) -> Token {
        let closer = opener.kind.matchingCloser!
        if let token = match(closer) { return token }
        let closerText = closer == .rightParen ? ")" : closer == .rightBracket ? "]" : "}"
        let token = current
        if token.kind == .invalid {
            panicking = true
            throw SyntaxError()
        }
        var message = "expected '\(closerText)' to close '\(opener.text)' at \(position(of: opener))"
        if token.kind != .eof { message += ", found \(token.described)" }
        // Two values side by side inside brackets usually mean a forgotten comma.
        let missingComma = opener.kind != .leftBrace && ParserState.canStartExpression(token.kind)
        throw failure(message, at: token.span, notes: missingComma ? ["is a ',' missing before it?"] : [])
    }

    /// Enters one level of nesting; fails past `Parser.maximumNestingDepth`.
    mutating func enter() throws(SyntaxError) {
        guard depth < Parser.maximumNestingDepth else {
            throw failure(
                "too deeply nested (more than \(Parser.maximumNestingDepth) levels of brackets, blocks or operators)",
                at: current.span)
        }
        depth += 1
    }

    mutating func leave() { depth -= 1 }

    // MARK: - Recovery

    /// Skips to the next statement boundary of the statement list whose bracket depth
    /// is `level`: a newline or `;` at that depth, the end of input, or a closer that
    /// belongs to an enclosing construct (left for it to consume). Never recurses.
    mutating func synchronize(toLevel level: Int) {
        while true {
            let token = current
            if token.kind == .eof { return }
            if token.kind.isCloser {
                let match = openers.lastIndex { $0.kind.matchingCloser == token.kind }
                // A closer of an enclosing block or call is left for it; a stray one
                // (matching nothing) is skipped.
                if let match, match < level { return }
            }
            if openers.count <= level, token.kind == .newline || token.kind == .semicolon {
                // A clean boundary: what follows is a fresh statement whose errors count.
                panicking = false
                return
            }
            advance()
        }
    }
}
