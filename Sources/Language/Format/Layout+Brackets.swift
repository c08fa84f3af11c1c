/// Calls' arguments, lists' elements and records' fields that do not fit on their line.
extension Layout {
    /// `(arguments)` and trailing closures, from just after the callee.
    mutating func call(_ arguments: FormatNode.Bracketed?, _ closures: [FormatNode], indent: Int, trailing: Int) {
        if let text = Self.flat(FormatNode.PostfixOperation.call(arguments: arguments, trailingClosures: closures)),
            printer.fits(text, trailing: trailing)
        {
            printer.write(text)
            return
        }
        guard let firstClosure = closures.first else {
            guard let arguments else { return }
            if !hugLastArgument(arguments, indent: indent, trailing: trailing) {
                brokenElements(arguments, open: "(", close: ")", indent: indent)
            }
            return
        }
        // A trailing closure stays on the line of the `)` (or of the `}` before it),
        // opening its body there.
        if let arguments {
            if let inner = Self.flatElements(arguments),
                printer.fits("(" + inner + ") " + Self.closureHead(firstClosure))
            {
                printer.write("(" + inner + ")")
            } else {
                brokenElements(arguments, open: "(", close: ")", indent: indent)
            }
        }
        for (i, closure) in closures.enumerated() {
            printer.write(" ")
            let after = i + 1 < closures.count ? 1 + Self.closureHead(closures[i + 1]).count : trailing
            expression(closure, indent: indent, trailing: after)
        }
    }

    /// `{ p in` or `{`: what a closure puts on its first line.
    static func closureHead(_ node: FormatNode) -> String {
        guard case .closure(let parameters, _) = node, !parameters.isEmpty else { return "{" }
        return "{ " + parameters.joined(separator: ", ") + " in"
    }

    /// `f(a, [` / elements / `])`: when the last argument is a list, record or closure
    /// with something inside, the others fit on the line, and no comment sits between
    /// arguments. Returns false (writing nothing) when the call cannot hug.
    private mutating func hugLastArgument(_ arguments: FormatNode.Bracketed, indent: Int, trailing: Int) -> Bool {
        guard let last = arguments.elements.last, arguments.opening == nil, arguments.dangling.isEmpty,
            arguments.elements.allSatisfy({ $0.leading.isEmpty && $0.trailing.isEmpty })
        else { return false }
        let opener: String
        switch last.element.value {
        case .bracketed(let list) where !list.elements.isEmpty || list.opening != nil || !list.dangling.isEmpty:
            opener = list.isRecord && list.elements.isEmpty ? "[:" : "["
        case .closure(_, let body) where !body.statements.isEmpty || body.hasComments:
            opener = Self.closureHead(last.element.value)
        default:
            return false
        }
        var head: [String] = []
        for item in arguments.elements.dropLast() {
            guard let value = Self.flat(item.element.value) else { return false }
            head.append(item.element.label.map { $0 + ": " + value } ?? value)
        }
        head.append(last.element.label.map { $0 + ": " } ?? "")
        let prefix = "(" + head.joined(separator: ", ")
        guard printer.fits(prefix + opener) else { return false }
        printer.write(prefix)
        expression(last.element.value, indent: indent, trailing: trailing + 1, forceBreak: true)
        printer.write(")")
        return true
    }

    /// `(` or `[`, then each element on its own line one level in, then the closer on
    /// a line of its own at `indent`. A list of numbers fills its lines instead.
    mutating func brokenElements(_ bracketed: FormatNode.Bracketed, open: String, close: String, indent: Int) {
        let inner = indent + Self.step
        printer.write(open)
        if bracketed.isRecord && bracketed.elements.isEmpty { printer.write(":") }
        if let opening = bracketed.opening { printer.write("  " + opening.text) }
        if let numbers = Self.numbers(bracketed) {
            printer.newline(indent: inner)
            for (i, number) in numbers.enumerated() {
                let piece = i + 1 < numbers.count ? number + "," : number
                if i > 0 {
                    if printer.fits(" " + piece) { printer.write(" ") } else { printer.newline(indent: inner) }
                }
                printer.write(piece)
            }
        } else {
            for (i, item) in bracketed.elements.enumerated() {
                let isLast = i + 1 == bracketed.elements.count
                for comment in item.leading {
                    printer.newline(indent: inner)
                    printer.write(comment.text)
                }
                printer.newline(indent: inner)
                if let label = item.element.label { printer.write(label + ": ") }
                expression(item.element.value, indent: inner, trailing: isLast ? 0 : 1)
                if !isLast { printer.write(",") }
                trailingComments(item.trailing, indent: inner)
            }
        }
        for comment in bracketed.dangling {
            printer.newline(indent: inner)
            printer.write(comment.text)
        }
        printer.newline(indent: indent)
        printer.write(close)
    }

    /// The elements' texts when all are numbers (`3`, `-0.5`) without comments.
    private static func numbers(_ bracketed: FormatNode.Bracketed) -> [String]? {
        guard !bracketed.isRecord, !bracketed.elements.isEmpty else { return nil }
        var texts: [String] = []
        for item in bracketed.elements {
            guard item.leading.isEmpty, item.trailing.isEmpty, item.element.label == nil else { return nil }
            switch item.element.value {
            case .token(let text) where text.first?.isNumber == true:
                texts.append(text)
            case .prefix("-", .token(let text)) where text.first?.isNumber == true:
                texts.append("-" + text)
            default:
                return nil
            }
        }
        return texts
    }
}
