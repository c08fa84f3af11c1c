/// The syntax tree as the formatter sees it: the parser's tree plus what the parser
/// drops but a layout must keep (grouping parentheses, literals as written, comments,
/// a list written one element per line, a trailing closure). The layout is a function
/// of this tree alone, which is what makes formatting idempotent: formatting the
/// output rebuilds the same tree.
///
/// Chains are flat (`a + b - c` is one chain of three operands, `x.f().g` one postfix
/// chain), so long chains cost no recursion.

/// A comment as written (trailing white space removed).
struct FormatComment: Equatable {
    var text: String
    /// A blank line separates it from what comes before (kept between statements only).
    var blankBefore = false
}

/// One element of a statement list, call, list or record, with its comments.
struct Commented<Element> {
    var element: Element
    /// Comments on their own lines before the element.
    var leading: [FormatComment] = []
    /// Comments after the element: the one on its last line, then any from inside it
    /// that had no better place (after an operator, between `)` and `else`...).
    var trailing: [FormatComment] = []
    /// A blank line separates it from what comes before (kept between statements only).
    var blankBefore = false
}

indirect enum FormatNode {
    /// A name, a keyword literal, or a number or string exactly as written.
    case token(String)
    /// `( inner )`, as the user wrote it.
    case group(FormatNode)
    /// `-x`, `!x`.
    case prefix(String, FormatNode)
    /// Operands joined by binary operators of one precedence: `a + b - c`.
    case chain(first: FormatNode, rest: [ChainLink])
    /// A base and what follows it: `.name`, `[index]`, `(arguments) { closures }`.
    case postfix(base: FormatNode, operations: [PostfixOperation])
    /// `[a, b]`; `[name: value]` (a record: every element labelled; `[:]` when empty).
    case bracketed(Bracketed)
    /// `{ a, b in statements }`.
    case closure(parameters: [String], body: FormatBody)
    /// `if condition { } else ...`.
    case conditional(Conditional)

    struct ChainLink {
        var op: String
        var operand: FormatNode
    }

    enum PostfixOperation {
        case member(String)
        case index(FormatNode)
        /// `arguments` is nil for `f { closure }` (no parentheses); closures may follow
        /// one another (`f(a) { } { }`).
        case call(arguments: Bracketed?, trailingClosures: [FormatNode])
    }

    struct Argument {
        var label: String?
        var value: FormatNode
    }

    /// A call's arguments, a list's elements or a record's fields.
    struct Bracketed {
        var elements: [Commented<Argument>]
        /// The comment at the end of the opener's line.
        var opening: FormatComment?
        /// Comments after the last element, before the closer.
        var dangling: [FormatComment]
        var isRecord = false
        /// Written with a line break right after `[`: stays one element per line.
        var expanded = false
    }

    struct Conditional {
        var condition: FormatNode
        var then: FormatBody
        var elseBranch: ElseBranch?
    }

    enum ElseBranch {
        case block(FormatBody)
        /// `else if ...`: the nested conditional, without braces.
        case conditional(FormatNode)
    }
}

/// The statements of a cell, a block or a closure, and comments after the last one.
struct FormatBody {
    var statements: [Commented<FormatStatement>]
    /// The comment at the end of the `{` line.
    var opening: FormatComment?
    var dangling: [FormatComment]

    var hasComments: Bool {
        opening != nil || !dangling.isEmpty || statements.contains { !$0.leading.isEmpty || !$0.trailing.isEmpty }
    }
}

enum FormatStatement {
    case expression(FormatNode, suppressed: Bool)
    case assign(name: String, value: FormatNode)
    case destructure(names: [String], value: FormatNode)
    case forIn(variable: String, sequence: FormatNode, body: FormatBody)
}
