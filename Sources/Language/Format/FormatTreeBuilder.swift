/// Builds the formatter's tree from a cell that parsed without errors, its tokens and
/// its comments.
///
/// The parser's tree has no parentheses and keeps literals as values, so the builder
/// walks the tree and the tokens side by side: each node's tokens run from its first
/// to its last token (found from its span and its children's), a `(` just before and
/// its partner just after them are the node's own parentheses, and a literal's text is
/// its token's text.
struct FormatTreeBuilder {
    /// A node and the indexes of its first and last tokens, its parentheses included.
    struct Built {
        var node: FormatNode
        var first: Int
        var last: Int
    }

    /// The tokens without line breaks and comments (ending with `.eof`).
    private let tokens: [Token]
    /// Token index by source offset of the token's start.
    private let indexAtOffset: [Int: Int]
    /// For each bracket, the index of its partner; -1 for other tokens.
    private let partner: [Int]
    /// The `(` tokens that open a call's arguments rather than a group.
    private var callParens = Set<Int>()
    private var comments: CommentPool

    /// - Parameter tokens: the cell's tokens, comments included.
    init(tokens all: [Token]) {
        let significant = all.filter { $0.kind != .newline && $0.kind != .comment }
        var indexAtOffset: [Int: Int] = [:]
        var partner = Array(repeating: -1, count: significant.count)
        var open: [Int] = []
        for (i, token) in significant.enumerated() {
            indexAtOffset[token.span.start.offset] = i
            if token.kind.isOpener {
                open.append(i)
            } else if token.kind.isCloser, let o = open.popLast() {
                partner[o] = i
                partner[i] = o
            }
        }
        tokens = significant
        self.indexAtOffset = indexAtOffset
        self.partner = partner
        comments = CommentPool(all.filter { $0.kind == .comment })
    }

    /// The whole cell.
    mutating func build(_ program: Program) -> FormatBody {
        body(program.statements, interior: 0..<Int.max, openerLine: nil)
    }

    // MARK: - Statements

    private mutating func body(_ statements: [Stmt], interior: Range<Int>, openerLine: Int?) -> FormatBody {
        let (items, opening, dangling) = distribute(count: statements.count, interior: interior, openerLine: openerLine)
        {
            builder, i in builder.statement(statements[i])
        }
        return FormatBody(statements: items, opening: opening, dangling: dangling)
    }

    /// The statements of a `{ }` block whose `{` is the token at `open`.
    private mutating func block(_ statements: [Stmt], open: Int) -> (body: FormatBody, close: Int) {
        let close = partner[open]
        let interior = tokens[open].span.end.offset..<tokens[close].span.start.offset
        return (body(statements, interior: interior, openerLine: tokens[open].span.end.line), close)
    }

    private mutating func statement(_ statement: Stmt) -> (FormatStatement, first: Int, last: Int) {
        switch statement {
        case .expression(let e, let suppressed):
            let built = expression(e)
            return (.expression(built.node, suppressed: suppressed), built.first, built.last)
        case .assign(let name, let value, _):
            let first = index(name.span)
            let built = expression(value)
            return (.assign(name: name.name, value: built.node), first, built.last)
        case .destructure(let names, let value, _):
            let first = index(names[0].span)
            let built = expression(value)
            return (.destructure(names: names.map(\.name), value: built.node), first, built.last)
        case .forIn(let variable, let sequence, let body, let span):
            let first = index(span)
            let built = expression(sequence)
            let (formatted, close) = block(body.statements, open: index(body.span))
            return (.forIn(variable: variable.name, sequence: built.node, body: formatted), first, close)
        }
    }

    // MARK: - Expressions

    mutating func expression(_ expression: Expr) -> Built {
        var built = core(expression)
        wrapInGroups(&built)
        return built
    }

    /// Adds the parentheses that enclose exactly the node's tokens.
    private mutating func wrapInGroups(_ built: inout Built) {
        while built.first > 0, tokens[built.first - 1].kind == .leftParen, !callParens.contains(built.first - 1),
            partner[built.first - 1] == built.last + 1
        {
            built = Built(node: .group(built.node), first: built.first - 1, last: built.last + 1)
        }
    }

    private mutating func core(_ expression: Expr) -> Built {
        switch expression {
        case .number(_, let span), .string(_, let span), .bool(_, let span), .nil(let span):
            let i = index(span)
            return Built(node: .token(tokens[i].text), first: i, last: i)
        case .name(let id):
            let i = index(id.span)
            return Built(node: .token(id.name), first: i, last: i)
        case .list(let elements, let span):
            return bracketed(elements.map { (nil, $0) }, open: index(span), isRecord: false)
        case .record(let fields, let span):
            return bracketed(fields.map { ($0.name, $0.value) }, open: index(span), isRecord: true)
        case .unary(let op, let operand, let span):
            let first = index(span)
            let built = self.expression(operand)
            return Built(node: .prefix(op.rawValue, built.node), first: first, last: built.last)
        case .binary:
            return chain(expression)
        case .call, .member, .index:
            return postfix(expression)
        case .closure(let parameters, let body, let span):
            let open = index(span)
            let (formatted, close) = block(body, open: open)
            return Built(node: .closure(parameters: parameters.map(\.name), body: formatted), first: open, last: close)
        case .ifElse(let condition, let then, let elseBranch, let span):
            return conditional(condition, then, elseBranch, first: index(span))
        }
    }

    /// `[...]` (a list or record literal) whose `[` is the token at `open`.
    private mutating func bracketed(_ elements: [(label: Identifier?, value: Expr)], open: Int, isRecord: Bool) -> Built
    {
        let close = partner[open]
        var formatted = arguments(elements, open: open, close: close)
        formatted.isRecord = isRecord
        // `[` ends its line: the user laid the elements out one per line.
        formatted.expanded = tokens[open + 1].span.start.line > tokens[open].span.start.line
        return Built(node: .bracketed(formatted), first: open, last: close)
    }

    /// The elements between the brackets at `open` and `close`.
    private mutating func arguments(_ elements: [(label: Identifier?, value: Expr)], open: Int, close: Int)
        -> FormatNode.Bracketed
    {
        let interior = tokens[open].span.end.offset..<tokens[close].span.start.offset
        let (items, opening, dangling) = distribute(
            count: elements.count, interior: interior,
            openerLine: tokens[open].span.end.line
        ) { builder, i in
            let (label, value) = elements[i]
            let built = builder.expression(value)
            let first = label.map { builder.index($0.span) } ?? built.first
            return (FormatNode.Argument(label: label?.name, value: built.node), first, built.last)
        }
        return FormatNode.Bracketed(elements: items, opening: opening, dangling: dangling)
    }

    /// Binary operators of one precedence, gathered along the left operands (the parser
    /// folds `a + b + c` to the left), so a long chain is a loop, not a recursion.
    private mutating func chain(_ expression: Expr) -> Built {
        guard case .binary(let topOperator, let topLeft, _, _, _) = expression else {
            preconditionFailure("not a binary expression")
        }
        let level = ParserState.Precedence(topOperator)
        var spine = [expression]
        var current = topLeft
        if level != nil {
            while case .binary(let op, let left, _, _, _) = current, ParserState.Precedence(op) == level {
                spine.append(current)
                current = left
            }
        }
        var built = self.expression(current)
        var head = built.node
        var links: [FormatNode.ChainLink] = []
        for (k, node) in spine.reversed().enumerated() {
            guard case .binary(let op, _, let right, _, _) = node else { continue }
            let operand = self.expression(right)
            links.append(FormatNode.ChainLink(op: op.rawValue, operand: operand.node))
            built.last = operand.last
            if k < spine.count - 1 {
                // An inner operation in parentheses, `(a + b) + c`, starts the chain again.
                built.node = .chain(first: head, rest: links)
                wrapInGroups(&built)
                if case .group = built.node {
                    head = built.node
                    links = []
                }
            }
        }
        built.node = links.isEmpty ? head : .chain(first: head, rest: links)
        return built
    }

    /// Calls, members and indexes, gathered along their objects: `x.f(a).g[0]`.
    private mutating func postfix(_ expression: Expr) -> Built {
        var spine: [Expr] = []
        var current = expression
        walk: while true {
            switch current {
            case .call(let callee, _, _):
                spine.append(current)
                current = callee
            case .member(let object, _, _), .index(let object, _, _):
                spine.append(current)
                current = object
            default:
                break walk
            }
        }
        var built = self.expression(current)
        var base = built.node
        var operations: [FormatNode.PostfixOperation] = []
        for (k, node) in spine.reversed().enumerated() {
            switch node {
            case .member(_, let name, _):
                operations.append(.member(name.name))
                built.last = index(name.span)
            case .index(_, let inner, _):
                let open = built.last + 1
                operations.append(.index(self.expression(inner).node))
                built.last = partner[open]
            case .call(_, let arguments, _):
                let (operation, last) = call(arguments, after: built.last)
                operations.append(operation)
                built.last = last
            default:
                continue
            }
            if k < spine.count - 1 {
                built.node = .postfix(base: base, operations: operations)
                wrapInGroups(&built)
                if case .group = built.node {
                    base = built.node
                    operations = []
                }
            }
        }
        built.node = operations.isEmpty ? base : .postfix(base: base, operations: operations)
        return built
    }

    /// A call's arguments, the callee ending at token `calleeLast`: in parentheses, and
    /// the closures after them; or closures alone (`f { } { }` is one call).
    private mutating func call(_ arguments: [Argument], after calleeLast: Int) -> (
        FormatNode.PostfixOperation, last: Int
    ) {
        let open = calleeLast + 1
        var last = calleeLast
        var formatted: FormatNode.Bracketed?
        var inside = arguments[...]
        if tokens[open].kind == .leftParen {
            callParens.insert(open)
            last = partner[open]
            // The closures that start after the `)` follow it; the others are inside.
            let close = last
            let split =
                arguments.lastIndex { argument in
                    if argument.label == nil, case .closure(_, _, let span) = argument.value {
                        return index(span) < close
                    }
                    return true
                }.map { $0 + 1 } ?? 0
            inside = arguments[..<split]
            formatted = self.arguments(inside.map { ($0.label, $0.value) }, open: open, close: close)
        } else {
            inside = []
        }
        var closures: [FormatNode] = []
        for argument in arguments[inside.count...] {
            let closure = expression(argument.value)
            closures.append(closure.node)
            last = closure.last
        }
        return (.call(arguments: formatted, trailingClosures: closures), last)
    }

    private mutating func conditional(_ condition: Expr, _ then: Block, _ elseBranch: Block?, first: Int) -> Built {
        let formattedCondition = expression(condition).node
        let (thenBody, thenClose) = block(then.statements, open: index(then.span))
        var last = thenClose
        var formattedElse: FormatNode.ElseBranch?
        if let elseBranch {
            // `else if` is a block holding the nested `if`, with the nested `if`'s span.
            if elseBranch.statements.count == 1, case .expression(let nested, false) = elseBranch.statements[0],
                case .ifElse = nested, nested.span == elseBranch.span
            {
                let built = expression(nested)
                formattedElse = .conditional(built.node)
                last = built.last
            } else {
                let (body, close) = block(elseBranch.statements, open: index(elseBranch.span))
                formattedElse = .block(body)
                last = close
            }
        }
        let node = FormatNode.conditional(
            .init(condition: formattedCondition, then: thenBody, elseBranch: formattedElse))
        return Built(node: node, first: first, last: last)
    }

    // MARK: - Comments

    /// Builds `count` elements of a statement list or bracket and gives each comment
    /// between `interior`'s ends to one of them: a comment inside an element that no
    /// inner list took trails it; one on the line where an element ends trails that
    /// element; one at the end of the opener's line (`openerLine`) stays there; one on a
    /// line of its own leads the next element, or, after the last, dangles before the closer.
    private mutating func distribute<Element>(
        count: Int, interior: Range<Int>, openerLine: Int?,
        element build: (inout FormatTreeBuilder, Int) -> (Element, first: Int, last: Int)
    ) -> ([Commented<Element>], opening: FormatComment?, dangling: [FormatComment]) {
        var elements: [Element] = []
        var extents: [(first: Token, last: Token)] = []
        var leading: [[Token]] = []
        var trailing: [[Token]] = []
        for i in 0..<count {
            let (element, first, last) = build(&self, i)
            elements.append(element)
            extents.append((tokens[first], tokens[last]))
            leading.append([])
            trailing.append(comments.take(tokens[first].span.start.offset..<tokens[last].span.end.offset))
        }
        var dangling: [Token] = []
        var opening: Token?
        var next = 0
        for comment in comments.take(interior) {
            while next < count, extents[next].first.span.start.offset < comment.span.start.offset { next += 1 }
            if next == 0, opening == nil, comment.span.start.line == openerLine {
                opening = comment
            } else if next > 0, extents[next - 1].last.span.end.line == comment.span.start.line {
                trailing[next - 1].append(comment)
            } else if next < count {
                leading[next].append(comment)
            } else {
                dangling.append(comment)
            }
        }

        // Blank lines before each element and comment, in the order they are written.
        var lastLine: Int?
        func formatted(_ comment: Token) -> FormatComment {
            let line = comment.span.start.line
            defer { lastLine = line }
            return FormatComment(
                text: Self.trimmed(comment.text), blankBefore: lastLine.map { line - $0 >= 2 } ?? false)
        }
        var items: [Commented<Element>] = []
        for i in 0..<count {
            var item = Commented(element: elements[i])
            item.leading = leading[i].map(formatted)
            let startLine = extents[i].first.span.start.line
            item.blankBefore = lastLine.map { startLine - $0 >= 2 } ?? false
            lastLine = extents[i].last.span.end.line
            item.trailing = trailing[i].map { FormatComment(text: Self.trimmed($0.text)) }
            items.append(item)
        }
        return (items, opening.map { FormatComment(text: Self.trimmed($0.text)) }, dangling.map(formatted))
    }

    private static func trimmed(_ text: String) -> String {
        var text = text
        while let last = text.unicodeScalars.last,
            last == " " || last == "\t" || last == "\r" || last == "\u{0B}" || last == "\u{0C}"
        {
            text.unicodeScalars.removeLast()
        }
        return text
    }

    // MARK: - Tokens

    /// The index of the token that starts where `span` starts.
    private func index(_ span: SourceSpan) -> Int {
        guard let i = indexAtOffset[span.start.offset] else {
            preconditionFailure("no token starts at offset \(span.start.offset)")
        }
        return i
    }
}
