/// Grammar rules for bracketed and braced expressions: lists, records, closures, `if`.
extension ParserState {
    /// `[a, b]`, `[]`, `[name: value, ...]` or `[:]`; trailing commas allowed.
    @inline(never)
    mutating func parseBracketed() throws(SyntaxError) -> Expr {
        let open = advance()
        try enter()
        defer { leave() }
        return try withTrailingClosures { (p: inout ParserState) throws(SyntaxError) in
            if p.match(.colon) != nil {
                let close = try p.expectCloser(of: open)
                return .record([], span: open.span.merged(with: close.span))
            }
            if p.check(.identifier) && p.peek(1).kind == .colon {
                return try p.parseRecord(open: open)
            }
            return try p.parseList(open: open)
        }
    }

    @inline(never)
    private mutating func parseList(open: Token) throws(SyntaxError) -> Expr {
        var elements: [Expr] = []
        while !check(.rightBracket) {
            try checkOperand(after: previous ?? open)
            elements.append(try parseExpression())
            if check(.colon) {
                throw failure(
                    "a list cannot hold 'name: value' fields; a record holds only fields, as in [lr: 0.1, units: 64]",
                    at: current.span)
            }
            guard match(.comma) != nil else { break }
        }
        let close = try expectCloser(of: open)
        return .list(elements, span: open.span.merged(with: close.span))
    }

    @inline(never)
    private mutating func parseRecord(open: Token) throws(SyntaxError) -> Expr {
        var fields: [RecordField] = []
        while !check(.rightBracket) {
            guard check(.identifier) else {
                throw unexpected(expected: "a field 'name: value' (a record holds only fields)")
            }
            let name = identifier(advance())
            guard let colon = match(.colon) else {
                throw unexpected(expected: "':' after the field name '\(name.name)'")
            }
            try checkOperand(after: colon)
            let value = try parseExpression()
            if let twin = fields.first(where: { $0.name.name == name.name }) {
                report("field '\(name.name)' is given twice (first at \(position(of: twin.name.span)))", at: name.span)
            }
            fields.append(RecordField(name: name, value: value))
            guard match(.comma) != nil else { break }
        }
        let close = try expectCloser(of: open)
        return .record(fields, span: open.span.merged(with: close.span))
    }

    /// `{ a, b in statements }` or `{ statements }`.
    @inline(never)
    mutating func parseClosure() throws(SyntaxError) -> Expr {
        let open = advance()
        try enter()
        defer { leave() }
        var parameters: [Identifier] = []
        if closureParametersAhead() {
            repeat {
                skipNewlines()
                let name = identifier(advance())
                if let twin = parameters.first(where: { $0.name == name.name }) {
                    report(
                        "parameter '\(name.name)' is named twice (first at \(position(of: twin.span)))", at: name.span)
                }
                parameters.append(name)
                skipNewlines()
            } while match(.comma) != nil
            skipNewlines()
            advance()  // `in`, checked by the lookahead
        }
        let saved = allowsTrailingClosure
        allowsTrailingClosure = true
        let body = parseStatements(inBlock: true)
        allowsTrailingClosure = saved
        let close = try expectCloser(of: open)
        return .closure(parameters: parameters, body: body, span: open.span.merged(with: close.span))
    }

    /// True when the tokens after `{` read `name, name in`.
    private func closureParametersAhead() -> Bool {
        var i = position
        func skip() { while tokens[i].kind == .newline { i += 1 } }
        skip()
        guard tokens[i].kind == .identifier else { return false }
        i += 1
        skip()
        while tokens[i].kind == .comma {
            i += 1
            skip()
            guard tokens[i].kind == .identifier else { return false }
            i += 1
            skip()
        }
        return tokens[i].kind == .inKeyword
    }

    /// `if condition { } else if ... { } else { }`; `else` may start the next line.
    @inline(never)
    mutating func parseIf() throws(SyntaxError) -> Expr {
        let keyword = advance()
        try enter()
        defer { leave() }
        try checkOperand(after: keyword)
        let condition = try withoutTrailingClosures { (p: inout ParserState) throws(SyntaxError) in
            try p.parseExpression()
        }
        let then = try parseBlock(after: "the condition of 'if'")
        var elseBranch: Block?
        if nextSkippingNewlines().kind == .elseKeyword {
            skipNewlines()
            advance()
            if nextSkippingNewlines().kind == .ifKeyword {
                skipNewlines()
                let nested = try parseIf()
                elseBranch = Block(statements: [.expression(nested, suppressed: false)], span: nested.span)
            } else {
                elseBranch = try parseBlock(after: "'else'")
            }
        }
        return .ifElse(
            condition: condition, then: then, elseBranch: elseBranch,
            span: keyword.span.merged(with: elseBranch?.span ?? then.span))
    }

    /// The next token after any newlines, without consuming anything.
    func nextSkippingNewlines() -> Token {
        var i = position
        while tokens[i].kind == .newline { i += 1 }
        return tokens[i]
    }
}
