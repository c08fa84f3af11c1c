/// Lays the formatter's tree out as text. The rules, in order of preference:
///
/// - A node that fits on the rest of its line is written on one line (`flat`).
/// - Otherwise its brackets break: a call's arguments, a list's elements and a record's
///   fields go one per line, indented one level, with the closer on a line of its own;
///   when only the last argument is a list, record or closure, the call hugs it
///   (`sequential([` ... `])`). A closure or block puts its statements on lines of
///   their own. Operator chains break after each operator; member chains with two
///   calls or more break before each `.`.
/// - Statements go one per line, blank lines between them shrink to one, and comments
///   stay where they were: on their own lines before an element, or at the end of the
///   element's line.
///
/// Every choice depends on the tree and the column alone, so formatting the output
/// gives the output again.
struct Layout {
    var printer = LayoutPrinter()

    static let step = LayoutPrinter.indentWidth

    /// The text of a whole cell, without a final line break.
    static func text(of body: FormatBody) -> String {
        var layout = Layout()
        layout.statements(body, indent: 0, startOnNewLine: false)
        return layout.printer.text
    }

    // MARK: - Statements

    /// The statements and comments of a body, each on its own line at `indent`. With
    /// `startOnNewLine`, a line break comes before the first (inside `{ }`).
    mutating func statements(_ body: FormatBody, indent: Int, startOnNewLine: Bool) {
        var isFirst = true
        for item in body.statements {
            for comment in item.leading {
                startLine(blank: comment.blankBefore, indent: indent, isFirst: &isFirst, startOnNewLine: startOnNewLine)
                printer.write(comment.text)
            }
            startLine(blank: item.blankBefore, indent: indent, isFirst: &isFirst, startOnNewLine: startOnNewLine)
            statement(item.element, indent: indent)
            trailingComments(item.trailing, indent: indent)
        }
        for comment in body.dangling {
            startLine(blank: comment.blankBefore, indent: indent, isFirst: &isFirst, startOnNewLine: startOnNewLine)
            printer.write(comment.text)
        }
    }

    private mutating func startLine(blank: Bool, indent: Int, isFirst: inout Bool, startOnNewLine: Bool) {
        defer { isFirst = false }
        if isFirst {
            if startOnNewLine { printer.newline(indent: indent) }
        } else if blank {
            printer.blankLine(indent: indent)
        } else {
            printer.newline(indent: indent)
        }
    }

    /// The comments after an element: the first at the end of its line, two spaces
    /// after it; any others on lines of their own.
    mutating func trailingComments(_ comments: [FormatComment], indent: Int) {
        for (i, comment) in comments.enumerated() {
            if i == 0 {
                printer.write("  " + comment.text)
            } else {
                printer.newline(indent: indent)
                printer.write(comment.text)
            }
        }
    }

    mutating func statement(_ statement: FormatStatement, indent: Int) {
        switch statement {
        case .expression(let node, let suppressed):
            expression(node, indent: indent, trailing: suppressed ? 1 : 0)
            if suppressed { printer.write(";") }
        case .assign(let name, let value):
            printer.write(name + " = ")
            expression(value, indent: indent, trailing: 0)
        case .destructure(let names, let value):
            printer.write(names.joined(separator: ", ") + " = ")
            expression(value, indent: indent, trailing: 0)
        case .forIn(let variable, let sequence, let body):
            printer.write("for " + variable + " in ")
            expression(sequence, indent: indent, trailing: 2)
            printer.write(" ")
            block(body, indent: indent)
        }
    }

    /// `{ statements }` broken over lines (`{}` when empty).
    mutating func block(_ body: FormatBody, indent: Int, head: String = "") {
        if body.statements.isEmpty && !body.hasComments {
            printer.write(head.isEmpty ? "{}" : "{ " + head + " }")
            return
        }
        printer.write(head.isEmpty ? "{" : "{ " + head)
        if let opening = body.opening { printer.write("  " + opening.text) }
        statements(body, indent: indent + Self.step, startOnNewLine: true)
        printer.newline(indent: indent)
        printer.write("}")
    }
}
