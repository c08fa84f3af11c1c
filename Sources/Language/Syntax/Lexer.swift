/// Turns source text into tokens. It never fails: problems (an unterminated string,
/// an unknown escape, a stray character) become diagnostics next to a best-effort
/// token, so completion and inspect can work on half-typed code.
///
/// Spans count Unicode scalars: `offset` from the start of the source, `line` and
/// `column` from 1.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    /// The source as UTF-8, and where each scalar starts in it (plus the end), so token
    /// texts are cut from bytes rather than rebuilt scalar by scalar.
    private let utf8: [UInt8]
    private let utf8Starts: [Int]
    private let keepComments: Bool
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    private var diagnostics: [Diagnostic] = []

    /// - Parameter keepComments: emit `.comment` tokens (the parser does not want them;
    ///   a tool that must know whether the cursor sits in a comment does).
    public init(source: String, keepComments: Bool = false) {
        self.scalars = Array(source.unicodeScalars)
        self.utf8 = Array(source.utf8)
        var starts: [Int] = []
        starts.reserveCapacity(scalars.count + 1)
        var position = 0
        for scalar in scalars {
            starts.append(position)
            position += UTF8.width(scalar)
        }
        starts.append(position)
        self.utf8Starts = starts
        self.keepComments = keepComments
    }

    /// All tokens, ending with `.eof`, and the problems found on the way.
    public mutating func tokenize() -> (tokens: [Token], diagnostics: [Diagnostic]) {
        index = 0; line = 1; column = 1
        tokens = []; diagnostics = []
        while index < scalars.count {
            scanToken()
        }
        let end = location
        tokens.append(Token(kind: .eof, text: "", span: SourceSpan(start: end, end: end)))
        return (tokens, diagnostics)
    }

    /// Convenience: the tokens and diagnostics of `source`.
    public static func tokenize(_ source: String, keepComments: Bool = false) -> (
        tokens: [Token], diagnostics: [Diagnostic]
    ) {
        var lexer = Lexer(source: source, keepComments: keepComments)
        return lexer.tokenize()
    }

    // MARK: - Scanning

    private var location: SourceLocation { SourceLocation(offset: index, line: line, column: column) }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let i = index + ahead
        return i < scalars.count ? scalars[i] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func scanToken() {
        let c = scalars[index]
        let start = location
        switch c {
        case " ", "\t", "\r", "\u{0B}", "\u{0C}", "\u{FEFF}":
            advance()
        case "\n":
            advance()
            emit(.newline, from: start)
        case "#":
            while let n = peek(), n != "\n" { advance() }
            if keepComments { emit(.comment, from: start) }
        case "\"":
            scanString(from: start)
        case "0"..."9":
            scanNumber(from: start)
        case "a"..."z", "A"..."Z", "_":
            while let n = peek(), Self.isIdentifierContinue(n) { advance() }
            let text = self.text(from: start)
            emit(TokenKind.keyword(text) ?? .identifier, from: start)
        default:
            scanOperator(c, from: start)
        }
    }

    private mutating func scanOperator(_ c: Unicode.Scalar, from start: SourceLocation) {
        advance()
        let next = peek()
        let kind: TokenKind
        switch c {
        case "+": kind = .plus
        case "-": kind = .minus
        case "*":
            if next == "*" { advance(); kind = .starStar } else { kind = .star }
        case "/": kind = .slash
        case "%": kind = .percent
        case "=":
            if next == "=" { advance(); kind = .equalEqual } else { kind = .equal }
        case "!":
            if next == "=" { advance(); kind = .bangEqual } else { kind = .bang }
        case "<":
            if next == "=" { advance(); kind = .lessEqual } else { kind = .less }
        case ">":
            if next == "=" { advance(); kind = .greaterEqual } else { kind = .greater }
        case "&" where next == "&": advance(); kind = .ampAmp
        case "|" where next == "|": advance(); kind = .pipePipe
        case "(": kind = .leftParen
        case ")": kind = .rightParen
        case "[": kind = .leftBracket
        case "]": kind = .rightBracket
        case "{": kind = .leftBrace
        case "}": kind = .rightBrace
        case ",": kind = .comma
        case ":": kind = .colon
        case ";": kind = .semicolon
        case ".": kind = .dot
        default:
            scanInvalid(first: c, from: start)
            return
        }
        emit(kind, from: start)
    }

    /// A run of characters the language does not use becomes one `.invalid` token and
    /// one diagnostic, so `@@@` is one mistake, not three.
    private mutating func scanInvalid(first c: Unicode.Scalar, from start: SourceLocation) {
        while let n = peek(), Self.isInvalidStart(n), !(n == "&" && peek(1) == "&"), !(n == "|" && peek(1) == "|") {
            advance()
        }
        let text = self.text(from: start)
        var message =
            text.unicodeScalars.count == 1 ? "unexpected character '\(text)'" : "unexpected characters '\(text)'"
        if text == "&" { message += " (did you mean '&&'?)" }
        if text == "|" { message += " (did you mean '||'?)" }
        if text == "'" || text.hasPrefix("'") { message += " (strings use double quotes)" }
        report(message, from: start, to: location)
        emit(.invalid, from: start)
    }

    private mutating func scanNumber(from start: SourceLocation) {
        while let n = peek(), Self.isDigit(n) { advance() }
        if peek() == ".", let n = peek(1), Self.isDigit(n) {
            advance()
            while let n = peek(), Self.isDigit(n) { advance() }
        }
        if let e = peek(), e == "e" || e == "E" {
            var ahead = 1
            if let s = peek(1), s == "+" || s == "-" { ahead = 2 }
            if let d = peek(ahead), Self.isDigit(d) {
                for _ in 0..<ahead { advance() }
                while let n = peek(), Self.isDigit(n) { advance() }
            } else {
                // `1e` or `2e+`: the marker belongs to the number, so the error covers
                // it; `Token.numberValue` reads such a token as its mantissa.
                for _ in 0..<ahead { advance() }
                report("expected digits after the exponent in '\(text(from: start))'", from: start, to: location)
            }
        }
        emit(.number, from: start)
    }

    private mutating func scanString(from start: SourceLocation) {
        advance()  // opening quote
        var terminated = false
        while let c = peek() {
            if c == "\"" { advance(); terminated = true; break }
            if c == "\\" {
                let escapeStart = location
                advance()
                guard let e = peek() else { break }
                advance()
                if !(e == "n" || e == "t" || e == "\"" || e == "\\") {
                    let shown = e == "\n" ? "\\ followed by a line break" : "\\" + String(e)
                    report(
                        "unknown escape '\(shown)' in string (use \\n \\t \\\" or \\\\)",
                        from: escapeStart, to: location)
                }
                continue
            }
            advance()
        }
        if !terminated {
            let afterQuote = SourceLocation(offset: start.offset + 1, line: start.line, column: start.column + 1)
            diagnostics.append(
                Diagnostic(
                    .error, "unterminated string", span: SourceSpan(start: start, end: afterQuote),
                    notes: ["add a closing '\"'"]))
        }
        emit(.string, from: start)
    }

    // MARK: - Helpers

    private mutating func emit(_ kind: TokenKind, from start: SourceLocation) {
        tokens.append(Token(kind: kind, text: text(from: start), span: SourceSpan(start: start, end: location)))
    }

    private mutating func report(_ message: String, from start: SourceLocation, to end: SourceLocation) {
        diagnostics.append(Diagnostic(.error, message, span: SourceSpan(start: start, end: end)))
    }

    private func text(from start: SourceLocation) -> String {
        textBetween(start.offset, index)
    }

    private func textBetween(_ from: Int, _ to: Int) -> String {
        String(decoding: utf8[utf8Starts[from]..<utf8Starts[to]], as: UTF8.self)
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }

    static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    /// Characters that can start no token (and are not whitespace).
    private static func isInvalidStart(_ c: Unicode.Scalar) -> Bool {
        if isIdentifierContinue(c) { return false }
        switch c {
        case " ", "\t", "\r", "\n", "\u{0B}", "\u{0C}", "\u{FEFF}", "#", "\"",
            "+", "-", "*", "/", "%", "=", "!", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".":
            return false
        default:
            return true
        }
    }
}
