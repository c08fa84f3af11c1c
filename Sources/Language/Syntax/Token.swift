/// The kinds of token the lexer produces. Literal values are not stored here: a token
/// keeps its exact source `text`, and `Token.numberValue` / `Token.stringValue` decode it.
public enum TokenKind: Sendable, Equatable, Hashable {
    // Literals and names.
    case number
    case string
    case identifier

    // Keywords.
    case ifKeyword, elseKeyword, forKeyword, inKeyword
    case trueKeyword, falseKeyword, nilKeyword

    // Operators.
    case plus, minus, star, starStar, slash, percent
    case equal, equalEqual, bang, bangEqual
    case less, lessEqual, greater, greaterEqual
    case ampAmp, pipePipe

    // Punctuation.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, semicolon, dot

    /// A line break that ends a statement (the parser decides where it is significant).
    case newline
    /// `# ...` to the end of the line; only produced with `Lexer(source:keepComments: true)`.
    case comment
    /// A character the language has no use for (`@`, `$`, a lone `&`...); the lexer
    /// reports it, the parser skips it silently.
    case invalid
    /// End of input; always the last token, with an empty span at the end of the source.
    case eof

    /// The keyword spelled `text`, if it is one.
    public static func keyword(_ text: String) -> TokenKind? {
        switch text {
        case "if": return .ifKeyword
        case "else": return .elseKeyword
        case "for": return .forKeyword
        case "in": return .inKeyword
        case "true": return .trueKeyword
        case "false": return .falseKeyword
        case "nil": return .nilKeyword
        default: return nil
        }
    }

    /// True for `if else for in true false nil`.
    public var isKeyword: Bool {
        switch self {
        case .ifKeyword, .elseKeyword, .forKeyword, .inKeyword, .trueKeyword, .falseKeyword, .nilKeyword:
            return true
        default:
            return false
        }
    }

    /// The binary operator this token spells, if any (`-` is also unary, `!` is not binary).
    public var binaryOperator: BinaryOperator? {
        switch self {
        case .pipePipe: return .or
        case .ampAmp: return .and
        case .equalEqual: return .equal
        case .bangEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .plus: return .add
        case .minus: return .subtract
        case .star: return .multiply
        case .slash: return .divide
        case .percent: return .remainder
        case .starStar: return .power
        default: return nil
        }
    }

    /// True for tokens that opens a bracketed region: `(`, `[`, `{`.
    public var isOpener: Bool { self == .leftParen || self == .leftBracket || self == .leftBrace }

    /// True for `)`, `]`, `}`.
    public var isCloser: Bool { self == .rightParen || self == .rightBracket || self == .rightBrace }

    /// The closer matching an opener (`(` gives `)`), nil for other kinds.
    public var matchingCloser: TokenKind? {
        switch self {
        case .leftParen: return .rightParen
        case .leftBracket: return .rightBracket
        case .leftBrace: return .rightBrace
        default: return nil
        }
    }
}

/// One token: its kind, its exact source text and where it is.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    /// The source text exactly as written (for strings: with quotes and escapes).
    public var text: String
    public var span: SourceSpan

    public init(kind: TokenKind, text: String, span: SourceSpan) {
        self.kind = kind
        self.text = text
        self.span = span
    }

    /// For a `.number` token, its value (`1e999` is infinity; a malformed `1e` reads as
    /// its mantissa, 1); nil otherwise.
    public var numberValue: Double? {
        guard kind == .number else { return nil }
        return Double(text) ?? Double(text.prefix { $0 != "e" && $0 != "E" })
    }

    /// For a `.string` token, its contents with escapes decoded (unknown escapes are
    /// kept as written); nil otherwise.
    public var stringValue: String? {
        guard kind == .string else { return nil }
        return StringLiteral.decode(text).value
    }

    /// True for a `.string` token whose closing quote is missing: a cursor at its end
    /// is still inside the string.
    public var isUnterminatedString: Bool {
        kind == .string && !StringLiteral.isTerminated(text)
    }

    /// How the token reads in an error message: `'('`, `'foo'`, "end of input", "newline".
    public var described: String {
        switch kind {
        case .eof: return "end of input"
        case .newline: return "newline"
        case .string: return "string \(text.count > 24 ? String(text.prefix(20)) + "..." : text)"
        case .number: return "number '\(text)'"
        default: return "'\(text)'"
        }
    }
}
