/// Expression grammar rules, loosest first: `||`, `&&`, comparisons (non-chaining),
/// `+ -`, `* / %`, `**` (right-associative), prefix `- !`, postfix call/member/index.
extension ParserState {
    /// The binary precedence levels handled by one loop each.
    enum Precedence: Int {
        case or, and, comparison, additive, multiplicative

        init?(_ op: BinaryOperator) {
            switch op {
            case .or: self = .or
            case .and: self = .and
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: self = .comparison
            case .add, .subtract: self = .additive
            case .multiply, .divide, .remainder: self = .multiplicative
            case .power: return nil
            }
        }

        var tighter: Precedence? { Precedence(rawValue: rawValue + 1) }
    }

    static func canStartExpression(_ kind: TokenKind) -> Bool {
        switch kind {
        case .number, .string, .identifier, .trueKeyword, .falseKeyword, .nilKeyword,
            .leftParen, .leftBracket, .leftBrace, .ifKeyword, .minus, .bang:
            return true
        default:
            return false
        }
    }

    mutating func parseExpression() throws(SyntaxError) -> Expr {
        try parseBinary(.or)
    }

    /// Fails unless the current token can start the operand that must follow `token`:
    /// "expected an expression after '+'".
    @inline(never)
    mutating func checkOperand(after token: Token) throws(SyntaxError) {
        let next = current
        // `for` and `else` get their own messages from `parsePrimary`.
        guard !Self.canStartExpression(next.kind), next.kind != .forKeyword, next.kind != .elseKeyword else { return }
        if next.kind == .invalid {
            panicking = true
            throw SyntaxError()
        }
        let message = "expected an expression after '\(token.text)'"
        switch next.kind {
        case .eof, .newline, .semicolon, .comma, .rightParen, .rightBracket, .rightBrace:
            throw failure(message, at: next.span)
        default:
            throw failure("\(message), found \(next.described)", at: next.span)
        }
    }

    /// An expression that must follow the token just consumed (`=`, `in`...).
    mutating func parseOperand() throws(SyntaxError) -> Expr {
        if let previous { try checkOperand(after: previous) }
        return try parseExpression()
    }

    /// Precedence climbing: operands are `**`-expressions; operators at `level` or
    /// tighter are folded in, left-associatively. One function for all levels keeps the
    /// stack shallow for deeply nested input.
    private mutating func parseBinary(_ level: Precedence) throws(SyntaxError) -> Expr {
        var left = try parsePower()
        var lastComparison: Token?
        while let op = current.kind.binaryOperator, let precedence = Precedence(op),
            precedence.rawValue >= level.rawValue
        {
            let opToken = advance()
            skipNewlines()
            try checkOperand(after: opToken)
            let right: Expr
            if let tighter = precedence.tighter {
                right = try parseBinary(tighter)
            } else {
                right = try parsePower()
            }
            if precedence == .comparison {
                if let lastComparison { reportChainedComparison(lastComparison, opToken) }
                lastComparison = opToken
            }
            left = .binary(op, left, right, opSpan: opToken.span, span: left.span.merged(with: right.span))
        }
        return left
    }

    @inline(never)
    private mutating func reportChainedComparison(_ first: Token, _ second: Token) {
        report(
            "comparisons cannot be chained; write 'a \(first.text) b && b \(second.text) c' instead of 'a \(first.text) b \(second.text) c'",
            at: second.span)
    }

    /// `unary ** power`: right-associative, and looser than prefix `-` as the contract orders it.
    private mutating func parsePower() throws(SyntaxError) -> Expr {
        let base = try parseUnary()
        guard check(.starStar) else { return base }
        let opToken = advance()
        skipNewlines()
        try checkOperand(after: opToken)
        try enter()
        defer { leave() }
        let exponent = try parsePower()
        return .binary(.power, base, exponent, opSpan: opToken.span, span: base.span.merged(with: exponent.span))
    }

    private mutating func parseUnary() throws(SyntaxError) -> Expr {
        guard check(.minus) || check(.bang) else { return try parsePostfix() }
        let opToken = advance()
        try checkOperand(after: opToken)
        try enter()
        defer { leave() }
        let operand = try parseUnary()
        let op: UnaryOperator = opToken.kind == .minus ? .negate : .not
        return .unary(op, operand, span: opToken.span.merged(with: operand.span))
    }

    private mutating func parsePostfix() throws(SyntaxError) -> Expr {
        var expression = try parsePrimary()
        while true {
            continueChainOnNextLine()
            switch current.kind {
            case .leftParen:
                expression = try parseCall(callee: expression)
            case .dot:
                expression = try parseMember(of: expression)
            case .leftBracket:
                expression = try parseIndex(of: expression)
            case .leftBrace
            where immediate.kind == .leftBrace && allowsTrailingClosure && Self.takesTrailingClosure(expression):
                expression = Self.appending(try parseClosure(), to: expression)
            default:
                return expression
            }
        }
    }

    // The rules below are kept out of line: the recursion for nested brackets passes
    // through `parsePostfix` and `parsePrimary`, whose frames must stay small.

    /// `object.name`.
    @inline(never)
    private mutating func parseMember(of object: Expr) throws(SyntaxError) -> Expr {
        advance()
        guard check(.identifier) else { throw unexpected(expected: "a member name after '.'") }
        let name = identifier(advance())
        return .member(object: object, name: name, span: object.span.merged(with: name.span))
    }

    /// `object[index]`.
    @inline(never)
    private mutating func parseIndex(of object: Expr) throws(SyntaxError) -> Expr {
        let open = advance()
        try enter()
        defer { leave() }
        let index = try withTrailingClosures { (p: inout ParserState) throws(SyntaxError) in
            try p.checkOperand(after: open)
            return try p.parseExpression()
        }
        let close = try expectCloser(of: open)
        return .index(object: object, index: index, span: object.span.merged(with: close.span))
    }

    /// `( expression )`: the inner expression itself.
    @inline(never)
    private mutating func parseGroup() throws(SyntaxError) -> Expr {
        let open = advance()
        try enter()
        defer { leave() }
        let inner = try withTrailingClosures { (p: inout ParserState) throws(SyntaxError) in
            try p.checkOperand(after: open)
            return try p.parseExpression()
        }
        _ = try expectCloser(of: open)
        return inner
    }

    /// A line that starts with `.` continues the previous one (`data\n  .describe()`).
    private mutating func continueChainOnNextLine() {
        guard immediate.kind == .newline else { return }
        var i = position
        while tokens[i].kind == .newline { i += 1 }
        if tokens[i].kind == .dot { position = i }
    }

    /// Only names, calls, members and indexes take a trailing closure, so `3 { }` or
    /// `if c { } { }` is an error rather than a call.
    private static func takesTrailingClosure(_ expression: Expr) -> Bool {
        switch expression {
        case .name, .call, .member, .index: return true
        default: return false
        }
    }

    /// `f(a) { }` appends the closure to the call's arguments; `f { }` makes a call.
    @inline(never)
    private static func appending(_ closure: Expr, to expression: Expr) -> Expr {
        let argument = Argument(label: nil, value: closure)
        if case .call(let callee, let arguments, let span) = expression {
            return .call(callee: callee, arguments: arguments + [argument], span: span.merged(with: closure.span))
        }
        return .call(callee: expression, arguments: [argument], span: expression.span.merged(with: closure.span))
    }

    /// `callee(positional..., label: value...)`.
    @inline(never)
    private mutating func parseCall(callee: Expr) throws(SyntaxError) -> Expr {
        let open = advance()
        try enter()
        defer { leave() }
        let arguments = try withTrailingClosures { (p: inout ParserState) throws(SyntaxError) in
            try p.parseArguments(open: open)
        }
        let close = try expectCloser(of: open)
        return .call(callee: callee, arguments: arguments, span: callee.span.merged(with: close.span))
    }

    @inline(never)
    private mutating func parseArguments(open: Token) throws(SyntaxError) -> [Argument] {
        var arguments: [Argument] = []
        var firstLabel: Identifier?
        while !check(.rightParen) {
            if check(.identifier) && peek(1).kind == .colon {
                let label = identifier(advance())
                let colon = advance()
                try checkOperand(after: colon)
                let value = try parseExpression()
                if let twin = arguments.first(where: { $0.label?.name == label.name })?.label {
                    report("label '\(label.name)' is given twice (first at \(position(of: twin.span)))", at: label.span)
                }
                firstLabel = firstLabel ?? label
                arguments.append(Argument(label: label, value: value))
            } else {
                try checkOperand(after: previous ?? open)
                let value = try parseExpression()
                if let firstLabel {
                    report(
                        "a positional argument cannot follow a labelled one ('\(firstLabel.name):' at \(position(of: firstLabel.span)))",
                        at: value.span)
                }
                arguments.append(Argument(label: nil, value: value))
            }
            guard match(.comma) != nil else { break }
        }
        return arguments
    }

    private mutating func parsePrimary() throws(SyntaxError) -> Expr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            return .number(token.numberValue ?? .nan, span: token.span)
        case .string:
            advance()
            return .string(token.stringValue ?? "", span: token.span)
        case .trueKeyword, .falseKeyword:
            advance()
            return .bool(token.kind == .trueKeyword, span: token.span)
        case .nilKeyword:
            advance()
            return .nil(span: token.span)
        case .identifier:
            return .name(identifier(advance()))
        case .leftParen:
            return try parseGroup()
        case .leftBracket:
            return try parseBracketed()
        case .leftBrace:
            return try parseClosure()
        case .ifKeyword:
            return try parseIf()
        case .elseKeyword:
            throw failure("'else' without an 'if' before it", at: token.span)
        case .forKeyword:
            throw failure("'for' is a statement and cannot be used as a value", at: token.span)
        default:
            throw unexpected(expected: "an expression")
        }
    }

    func position(of span: SourceSpan) -> String { "\(span.start.line):\(span.start.column)" }
}
