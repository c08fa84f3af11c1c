/// Statement-level grammar rules: statement lists with recovery, bindings, `for`, blocks.
extension ParserState {
    mutating func parseProgram() -> Program {
        Program(statements: parseStatements(inBlock: false))
    }

    /// One expression and nothing else (blank lines and a final `;` allowed around it).
    mutating func parseSingleExpression() -> Expr? {
        while check(.newline) { advance() }
        do {
            let expression = try parseExpression()
            while check(.newline) || check(.semicolon) { advance() }
            if !check(.eof) { throw unexpected(expected: "the end of the expression") }
            return expression
        } catch {
            return nil
        }
    }

    /// Statements separated by newlines or `;`, up to the end of input or, in a block,
    /// up to its closer (left for the caller). Each failed statement is reported and
    /// skipped up to the next boundary, so all errors of a cell are found in one pass.
    mutating func parseStatements(inBlock: Bool) -> [Stmt] {
        var statements: [Stmt] = []
        let level = openers.count
        while true {
            while check(.newline) || check(.semicolon) { advance() }
            let token = current
            if token.kind == .eof { break }
            if token.kind.isCloser {
                if openers.contains(where: { $0.kind.matchingCloser == token.kind }) { break }
                let opener = token.kind == .rightParen ? "(" : token.kind == .rightBracket ? "[" : "{"
                report("unmatched '\(token.text)' with no '\(opener)' before it", at: token.span)
                panicking = true
                advance()
                continue
            }
            do {
                var statement = try parseStatement()
                try endStatement(&statement, inBlock: inBlock)
                statements.append(statement)
                panicking = false
            } catch {
                synchronize(toLevel: level)
            }
        }
        return statements
    }

    /// Checks what follows a statement: `;` (which hides an expression's value), a
    /// newline, the end of input, or the block's closer.
    @inline(never)
    private mutating func endStatement(_ statement: inout Stmt, inBlock: Bool) throws(SyntaxError) {
        let token = current
        switch token.kind {
        case .semicolon:
            if case .expression(let e, _) = statement { statement = .expression(e, suppressed: true) }
            advance()
        case .newline:
            advance()
        case .eof:
            break
        case .rightBrace where inBlock, .rightParen where inBlock, .rightBracket where inBlock:
            break
        case .invalid:
            panicking = true
            throw SyntaxError()
        default:
            throw failure(
                "unexpected \(token.described) after the statement", at: token.span,
                notes: ["statements are separated by a newline or ';'"])
        }
    }

    mutating func parseStatement() throws(SyntaxError) -> Stmt {
        let token = current
        if token.kind == .forKeyword { return try parseFor() }
        if token.kind == .identifier {
            if peek(1).kind == .equal { return try parseAssignment() }
            if destructuringAhead() { return try parseDestructuring() }
        }
        let expression = try parseExpression()
        if let equal = match(.equal) {
            throw failure(
                "cannot assign to this expression; only a name can be assigned, as in 'x = ...'",
                at: expression.span.merged(with: equal.span))
        }
        return .expression(expression, suppressed: false)
    }

    /// `name = value`.
    @inline(never)
    private mutating func parseAssignment() throws(SyntaxError) -> Stmt {
        let name = identifier(advance())
        advance()  // `=`
        skipNewlines()
        let value = try parseOperand()
        return .assign(name: name, value: value, span: name.span.merged(with: value.span))
    }

    /// True when the tokens ahead read `a, b, ... =` (or end right after a comma, so a
    /// half-typed destructuring reports "expected a name" at the end).
    private func destructuringAhead() -> Bool {
        var i = visibleIndex(from: position)
        guard tokens[i].kind == .identifier else { return false }
        i += 1
        var names = 1
        while tokens[i].kind == .comma {
            i += 1
            while tokens[i].kind == .newline { i += 1 }
            if tokens[i].kind == .eof { return true }
            guard tokens[i].kind == .identifier else { return false }
            names += 1
            i += 1
        }
        return names > 1 && tokens[i].kind == .equal
    }

    /// `a, b, c = value`.
    @inline(never)
    private mutating func parseDestructuring() throws(SyntaxError) -> Stmt {
        var names = [identifier(advance())]
        while match(.comma) != nil {
            skipNewlines()
            guard check(.identifier) else {
                if check(.eof) { throw failure("expected a name after ','", at: current.span) }
                throw failure("expected a name after ',' in 'a, b = ...', found \(current.described)", at: current.span)
            }
            let name = identifier(advance())
            if let first = names.first(where: { $0.name == name.name }) {
                report(
                    "'\(name.name)' appears twice on the left of '=' (first at \(first.span.start.line):\(first.span.start.column))",
                    at: name.span)
            }
            names.append(name)
        }
        guard match(.equal) != nil else {
            throw unexpected(expected: "'=' after the names to destructure")
        }
        skipNewlines()
        let value = try parseOperand()
        return .destructure(names: names, value: value, span: names[0].span.merged(with: value.span))
    }

    /// `for name in sequence { body }`.
    @inline(never)
    private mutating func parseFor() throws(SyntaxError) -> Stmt {
        let keyword = advance()
        try enter()
        defer { leave() }
        guard check(.identifier) else { throw unexpected(expected: "a name after 'for'") }
        let variable = identifier(advance())
        guard match(.inKeyword) != nil else { throw unexpected(expected: "'in' after 'for \(variable.name)'") }
        let sequence = try withoutTrailingClosures { (p: inout ParserState) throws(SyntaxError) in
            try p.parseOperand()
        }
        let body = try parseBlock(after: "the sequence of 'for'")
        return .forIn(variable: variable, sequence: sequence, body: body, span: keyword.span.merged(with: body.span))
    }

    /// `{ statements }` after `if`, `else` or `for`; the `{` may be on the next line.
    @inline(never)
    mutating func parseBlock(after context: String) throws(SyntaxError) -> Block {
        let beforeNewlines = position
        skipNewlines()
        guard check(.leftBrace) else {
            position = beforeNewlines
            throw unexpected(expected: "'{' after \(context)")
        }
        let open = advance()
        // Inside the braces a `{` can only be a closure again, as in Swift.
        let saved = allowsTrailingClosure
        allowsTrailingClosure = true
        let statements = parseStatements(inBlock: true)
        allowsTrailingClosure = saved
        let close = try expectCloser(of: open)
        return Block(statements: statements, span: open.span.merged(with: close.span))
    }

    func identifier(_ token: Token) -> Identifier {
        Identifier(name: token.text, span: token.span)
    }

    /// Runs `body` with trailing closures disabled (an `if` condition, a `for` sequence).
    mutating func withoutTrailingClosures<T>(_ body: (inout ParserState) throws(SyntaxError) -> T) throws(SyntaxError)
        -> T
    {
        let saved = allowsTrailingClosure
        allowsTrailingClosure = false
        defer { allowsTrailingClosure = saved }
        return try body(&self)
    }

    /// Runs `body` with trailing closures enabled again (inside brackets and closures).
    mutating func withTrailingClosures<T>(_ body: (inout ParserState) throws(SyntaxError) -> T) throws(SyntaxError) -> T
    {
        let saved = allowsTrailingClosure
        allowsTrailingClosure = true
        defer { allowsTrailingClosure = saved }
        return try body(&self)
    }
}
