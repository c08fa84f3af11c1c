/// What the code before a cursor says about what is being typed there: inside a
/// string, after `expr.`, inside a call, or a plain name. Built from the tokens of
/// the text before the cursor, so it works on half-written code and never evaluates it.
struct CursorContext {
    enum Position {
        /// Inside an unterminated string literal; `text` is its decoded content so far,
        /// `contentStart` the offset just after the opening quote.
        case string(text: String, contentStart: Int)
        /// Inside a comment, or right after a closed string: nothing to offer.
        case none
        /// After `receiver.`; `receiver` is the chain of names before the dot
        /// (`run.params.` gives `["run", "params"]`), empty when it is not a plain chain.
        case member(receiver: [String])
        /// Anywhere a name can be typed.
        case name
    }

    /// The innermost call whose parentheses hold the cursor.
    struct EnclosingCall {
        /// The function's name as written (`round` in `round(` and in `x.round(`).
        var callee: String
        /// True for `x.callee(`, where `x` fills the first positional parameter.
        var isMethod: Bool
        /// Receiver chain for methods, as in `Position.member`.
        var receiver: [String]
        /// Labels already written in this call.
        var usedLabels: [String]
        /// True when the cursor starts an argument (after `(` or `,`), where a label may go.
        var atArgumentStart: Bool
    }

    var position: Position
    /// The identifier being typed (possibly empty) and where it starts.
    var partial: String
    var start: Int
    var call: EnclosingCall?

    /// Analyses `source` up to `cursor` (a Unicode-scalar offset, clamped to the source).
    init(source: String, cursor: Int) {
        let scalars = Array(source.unicodeScalars)
        let cursor = min(max(cursor, 0), scalars.count)
        var prefix = String.UnicodeScalarView()
        prefix.append(contentsOf: scalars[0..<cursor])
        var tokens = Lexer.tokenize(String(prefix), keepComments: true).tokens
        if tokens.last?.kind == .eof { tokens.removeLast() }

        partial = ""
        start = cursor
        call = nil
        position = .name

        if let last = tokens.last, last.span.end.offset == cursor {
            switch last.kind {
            case .string:
                if last.isUnterminatedString {
                    let content = String(last.text.dropFirst())
                    position = .string(
                        text: StringLiteral.decode("\"" + content + "\"").value,
                        contentStart: last.span.start.offset + 1)
                } else {
                    position = .none
                }
                return
            case .comment:
                position = .none
                return
            case .number:
                // `3.` is a number being typed, not a member access.
                position = .none
                return
            case .identifier:
                partial = last.text
                start = last.span.start.offset
                tokens.removeLast()
            default:
                if last.kind.isKeyword {
                    partial = last.text
                    start = last.span.start.offset
                    tokens.removeLast()
                }
            }
        }

        // Line breaks and comments inside a call or a member chain do not change what
        // is being completed (`iris\n  .describe()`, `f(1,\n  la`).
        tokens.removeAll { $0.kind == .newline || $0.kind == .comment }
        if let dot = tokens.last, dot.kind == .dot {
            position = .member(receiver: CursorContext.receiverChain(tokens.dropLast()))
        }
        call = CursorContext.enclosingCall(tokens)
    }

    /// `a.b.c` read backwards from the end of `tokens`; empty unless it is such a chain.
    static func receiverChain(_ tokens: ArraySlice<Token>) -> [String] {
        var names: [String] = []
        var index = tokens.endIndex - 1
        while index >= tokens.startIndex, tokens[index].kind == .identifier {
            names.insert(tokens[index].text, at: 0)
            guard index - 1 >= tokens.startIndex, tokens[index - 1].kind == .dot else { return names }
            index -= 2
        }
        // The chain began at something other than a name (`f(x).a.`), which only
        // running code could resolve.
        return []
    }

    /// The call whose `(` is the innermost unclosed opener before the cursor.
    static func enclosingCall(_ tokens: [Token]) -> EnclosingCall? {
        var openers: [Int] = []
        for (index, token) in tokens.enumerated() {
            if token.kind.isOpener {
                openers.append(index)
            } else if token.kind.isCloser, !openers.isEmpty {
                openers.removeLast()
            }
        }
        guard let open = openers.last, tokens[open].kind == .leftParen,
            open > 0, tokens[open - 1].kind == .identifier
        else { return nil }
        let callee = tokens[open - 1].text
        let isMethod = open > 1 && tokens[open - 2].kind == .dot
        let receiver = isMethod ? receiverChain(tokens[..<(open - 2)]) : []

        var usedLabels: [String] = []
        var depth = 0
        var index = open + 1
        while index < tokens.count {
            let token = tokens[index]
            if token.kind.isOpener { depth += 1 }
            if token.kind.isCloser { depth -= 1 }
            if depth == 0, token.kind == .identifier, index + 1 < tokens.count, tokens[index + 1].kind == .colon {
                usedLabels.append(token.text)
            }
            index += 1
        }
        let previous = tokens.last!.kind
        let atStart =
            previous == .leftParen && tokens.count - 1 == open || previous == .comma && depthIsCall(tokens, open)
        return EnclosingCall(
            callee: callee, isMethod: isMethod, receiver: receiver, usedLabels: usedLabels,
            atArgumentStart: atStart)
    }

    /// True when the last token sits directly in the call opened at `open`, not in a
    /// nested bracket.
    private static func depthIsCall(_ tokens: [Token], _ open: Int) -> Bool {
        var depth = 0
        for token in tokens[(open + 1)...] {
            if token.kind.isOpener { depth += 1 }
            if token.kind.isCloser { depth -= 1 }
        }
        return depth == 0
    }
}
