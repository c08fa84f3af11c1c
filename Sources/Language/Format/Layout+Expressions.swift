/// Expressions that do not fit on their line.
extension Layout {
    /// Writes `node` from the current column. `indent` is the indentation of the line it
    /// starts on, from which broken brackets and continuation lines indent; `trailing`
    /// is how many characters must still follow it on its last line. `forceBreak` breaks
    /// a bracket or closure even when it would fit (a hugged last argument).
    mutating func expression(_ node: FormatNode, indent: Int, trailing: Int, forceBreak: Bool = false) {
        if !forceBreak, let text = Self.flat(node), printer.fits(text, trailing: trailing) {
            printer.write(text)
            return
        }
        switch node {
        case .token(let text):
            printer.write(text)
        case .group(let inner):
            printer.write("(")
            expression(inner, indent: indent, trailing: trailing + 1)
            printer.write(")")
        case .prefix(let op, let operand):
            printer.write(op)
            expression(operand, indent: indent, trailing: trailing)
        case .chain(let first, let rest):
            chain(first, rest, indent: indent, trailing: trailing)
        case .postfix(let base, let operations):
            postfix(base, operations, indent: indent, trailing: trailing)
        case .bracketed(let bracketed):
            brokenElements(bracketed, open: "[", close: "]", indent: indent)
        case .closure(let parameters, let body):
            block(body, indent: indent, head: parameters.isEmpty ? "" : parameters.joined(separator: ", ") + " in")
        case .conditional(let conditional):
            brokenConditional(conditional, indent: indent, trailing: trailing)
        }
    }

    /// `a +` / `b +` / `c`: a line break after each operator, operands one level in.
    private mutating func chain(_ first: FormatNode, _ rest: [FormatNode.ChainLink], indent: Int, trailing: Int) {
        let continuation = indent + Self.step
        expression(first, indent: indent, trailing: rest.isEmpty ? trailing : rest[0].op.count + 1)
        for (i, link) in rest.enumerated() {
            printer.write(" " + link.op)
            printer.newline(indent: continuation)
            let after = i + 1 < rest.count ? rest[i + 1].op.count + 1 : trailing
            expression(link.operand, indent: continuation, trailing: after)
        }
    }

    /// A base and its members, indexes and calls. With two calls or more through
    /// members (`data.standardize(...).head()`), each `.member` starts a line one level
    /// in; otherwise they follow each other and the calls break their arguments.
    private mutating func postfix(
        _ base: FormatNode, _ operations: [FormatNode.PostfixOperation], indent: Int, trailing: Int
    ) {
        var memberCalls = 0
        for (i, operation) in operations.enumerated() {
            if case .member = operation, i + 1 < operations.count, case .call = operations[i + 1] { memberCalls += 1 }
        }
        guard memberCalls >= 2,
            let firstMember = operations.firstIndex(where: { if case .member = $0 { true } else { false } })
        else {
            expression(base, indent: indent, trailing: Self.widthToFirstBreak(operations[...], then: trailing))
            sequence(operations[...], indent: indent, trailing: trailing)
            return
        }
        let head = operations[..<firstMember]
        expression(base, indent: indent, trailing: Self.widthToFirstBreak(head, then: 0))
        sequence(head, indent: indent, trailing: 0)
        let continuation = indent + Self.step
        var start = firstMember
        while start < operations.count {
            var end = start + 1
            while end < operations.count, !Self.isMember(operations[end]) { end += 1 }
            printer.newline(indent: continuation)
            sequence(operations[start..<end], indent: continuation, trailing: end == operations.count ? trailing : 0)
            start = end
        }
    }

    /// Operations written one after the other, each call choosing its own layout.
    private mutating func sequence(_ operations: ArraySlice<FormatNode.PostfixOperation>, indent: Int, trailing: Int) {
        for i in operations.indices {
            let after = Self.widthToFirstBreak(operations[(i + 1)...], then: trailing)
            switch operations[i] {
            case .member(let name):
                printer.write("." + name)
            case .index(let index):
                printer.write("[")
                expression(index, indent: indent, trailing: after + 1)
                printer.write("]")
            case .call(let arguments, let closures):
                call(arguments, closures, indent: indent, trailing: after)
            }
        }
    }

    private static func isMember(_ operation: FormatNode.PostfixOperation) -> Bool {
        if case .member = operation { return true }
        return false
    }

    /// How many characters the operations put on the line before the first place where
    /// they could break (then `trailing` when they cannot break at all). Measuring only
    /// that far, rather than their one-line width, keeps a choice independent of how
    /// the operations themselves end up laid out, which formatting the output again
    /// must not change.
    static func widthToFirstBreak(_ operations: ArraySlice<FormatNode.PostfixOperation>, then trailing: Int) -> Int {
        var width = 0
        for operation in operations {
            switch operation {
            case .member(let name):
                width += 1 + name.count
            case .index(.token(let text)):
                width += text.count + 2
            case .index:
                return width + 1
            case .call(let arguments, let closures):
                if let arguments {
                    guard arguments.elements.isEmpty, arguments.opening == nil, arguments.dangling.isEmpty else {
                        return width + 1
                    }
                    width += 2
                }
                if let closure = closures.first { return width + 1 + closureHead(closure).count }
            }
        }
        return width + trailing
    }

    /// `if c {` / statements / `} else {` / statements / `}`.
    private mutating func brokenConditional(_ conditional: FormatNode.Conditional, indent: Int, trailing: Int) {
        printer.write("if ")
        expression(conditional.condition, indent: indent, trailing: 2)
        printer.write(" ")
        block(conditional.then, indent: indent)
        switch conditional.elseBranch {
        case nil:
            break
        case .block(let body)?:
            printer.write(" else ")
            block(body, indent: indent)
        case .conditional(let nested)?:
            printer.write(" else ")
            if case .conditional(let inner) = nested {
                brokenConditional(inner, indent: indent, trailing: trailing)
            } else {
                expression(nested, indent: indent, trailing: trailing)
            }
        }
    }
}
