/// One-line forms. A node has one when nothing in it must start a new line: no comment,
/// no list the user wrote one element per line, no block of several statements, no `for`.
extension Layout {
    static func flat(_ node: FormatNode) -> String? {
        switch node {
        case .token(let text):
            return text
        case .group(let inner):
            return flat(inner).map { "(" + $0 + ")" }
        case .prefix(let op, let operand):
            return flat(operand).map { op + $0 }
        case .chain(let first, let rest):
            guard var text = flat(first) else { return nil }
            for link in rest {
                guard let operand = flat(link.operand) else { return nil }
                text += " " + link.op + " " + operand
            }
            return text
        case .postfix(let base, let operations):
            guard var text = flat(base) else { return nil }
            for operation in operations {
                guard let piece = flat(operation) else { return nil }
                text += piece
            }
            return text
        case .bracketed(let bracketed):
            if bracketed.expanded && !bracketed.elements.isEmpty { return nil }
            if bracketed.isRecord && bracketed.elements.isEmpty {
                return bracketed.opening == nil && bracketed.dangling.isEmpty ? "[:]" : nil
            }
            return flatElements(bracketed).map { "[" + $0 + "]" }
        case .closure(let parameters, let body):
            guard let inner = flatBody(body) else { return nil }
            let head = parameters.isEmpty ? "" : parameters.joined(separator: ", ") + " in"
            switch (head.isEmpty, inner.isEmpty) {
            case (true, true): return "{}"
            case (true, false): return "{ " + inner + " }"
            case (false, true): return "{ " + head + " }"
            case (false, false): return "{ " + head + " " + inner + " }"
            }
        case .conditional(let conditional):
            guard let condition = flat(conditional.condition), let then = flatBlock(conditional.then) else {
                return nil
            }
            var text = "if " + condition + " " + then
            switch conditional.elseBranch {
            case nil:
                break
            case .block(let body)?:
                guard let block = flatBlock(body) else { return nil }
                text += " else " + block
            case .conditional(let nested)?:
                guard let nested = flat(nested) else { return nil }
                text += " else " + nested
            }
            return text
        }
    }

    static func flat(_ operation: FormatNode.PostfixOperation) -> String? {
        switch operation {
        case .member(let name):
            return "." + name
        case .index(let index):
            return flat(index).map { "[" + $0 + "]" }
        case .call(let arguments, let closures):
            var text = ""
            if let arguments {
                guard let inner = flatElements(arguments) else { return nil }
                text = "(" + inner + ")"
            }
            for closure in closures {
                guard let closure = flat(closure) else { return nil }
                text += " " + closure
            }
            return text
        }
    }

    /// `a, label: b` without the brackets; nil when a comment needs its own line.
    static func flatElements(_ bracketed: FormatNode.Bracketed) -> String? {
        guard bracketed.opening == nil, bracketed.dangling.isEmpty else { return nil }
        var pieces: [String] = []
        for item in bracketed.elements {
            guard item.leading.isEmpty, item.trailing.isEmpty, let value = flat(item.element.value) else { return nil }
            pieces.append(item.element.label.map { $0 + ": " + value } ?? value)
        }
        return pieces.joined(separator: ", ")
    }

    /// `{ statement }` or `{}`.
    static func flatBlock(_ body: FormatBody) -> String? {
        flatBody(body).map { $0.isEmpty ? "{}" : "{ " + $0 + " }" }
    }

    /// The one statement of a body ("" for none); nil for more, a comment or a `for`.
    static func flatBody(_ body: FormatBody) -> String? {
        guard !body.hasComments, body.statements.count <= 1 else { return nil }
        guard let statement = body.statements.first?.element else { return "" }
        return flat(statement)
    }

    static func flat(_ statement: FormatStatement) -> String? {
        switch statement {
        case .expression(let node, let suppressed):
            return flat(node).map { suppressed ? $0 + ";" : $0 }
        case .assign(let name, let value):
            return flat(value).map { name + " = " + $0 }
        case .destructure(let names, let value):
            return flat(value).map { names.joined(separator: ", ") + " = " + $0 }
        case .forIn:
            return nil
        }
    }
}
