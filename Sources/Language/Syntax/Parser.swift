/// The outcome of parsing a cell: the program (with whatever could be parsed around
/// errors) and every problem found, lexical and syntactic, in source order.
/// A cell with any `.error` diagnostic must not run.
public struct ParseResult: Sendable {
    public var program: Program
    public var diagnostics: [Diagnostic]

    public init(program: Program, diagnostics: [Diagnostic]) {
        self.program = program
        self.diagnostics = diagnostics
    }

    /// True when there is no error (warnings do not count).
    public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }
}

/// Parses Strata source into a `Program`. The grammar (loosest first):
///
/// ```
/// program    = { statement ( NEWLINE | ";" ) }
/// statement  = "for" NAME "in" expr block | NAME "=" expr | NAME { "," NAME } "=" expr | expr
/// expr       = or ;  or = and { "||" and } ;  and = cmp { "&&" cmp }
/// cmp        = sum [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) sum ]     (does not chain)
/// sum        = product { ( "+" | "-" ) product } ;  product = power { ( "*" | "/" | "%" ) power }
/// power      = unary [ "**" power ] ;  unary = ( "-" | "!" ) unary | postfix
/// postfix    = primary { "(" args ")" [ closure ] | "." NAME | "[" expr "]" | closure }
/// primary    = NUMBER | STRING | "true" | "false" | "nil" | NAME | "(" expr ")"
///            | "[" [ expr { "," expr } [","] ] "]" | "[" ":" "]" | "[" NAME ":" expr { "," NAME ":" expr } [","] "]"
///            | closure | "if" expr block [ "else" ( block | if ) ]
/// closure    = "{" [ NAME { "," NAME } "in" ] statements "}"
/// ```
///
/// Errors do not stop it: it reports each one and resynchronises at the next statement
/// boundary, so a cell shows all its mistakes at once.
public enum Parser {
    /// Deeper nesting than this (brackets, blocks, prefix operators, `**` chains) is a
    /// syntax error, so no input can exhaust the stack.
    public static let maximumNestingDepth = 256

    /// Tokenizes and parses `source`.
    public static func parse(_ source: String) -> ParseResult {
        let (tokens, lexical) = Lexer.tokenize(source)
        var state = ParserState(tokens: tokens)
        let program = state.parseProgram()
        return ParseResult(program: program, diagnostics: merge(lexical, state.diagnostics, tokens: tokens))
    }

    /// Parses `source` as a single expression (for tools and tests); trailing input is an error.
    public static func parseExpression(_ source: String) -> (expression: Expr?, diagnostics: [Diagnostic]) {
        let (tokens, lexical) = Lexer.tokenize(source)
        var state = ParserState(tokens: tokens)
        let expression = state.parseSingleExpression()
        return (expression, merge(lexical, state.diagnostics, tokens: tokens))
    }

    /// Lexical and syntactic diagnostics in source order. Syntax errors that are mere
    /// consequences are dropped: one at the very place the lexer complained about, and
    /// any after an unterminated string (which swallowed the rest of the cell).
    private static func merge(_ lexical: [Diagnostic], _ syntactic: [Diagnostic], tokens: [Token]) -> [Diagnostic] {
        let lexicalStarts = Set(lexical.compactMap { $0.span?.start.offset })
        let swallowedFrom = tokens.last { $0.kind == .string }.flatMap {
            $0.isUnterminatedString ? $0.span.start.offset : nil
        }
        let kept = syntactic.filter { d in
            guard let s = d.span?.start.offset else { return true }
            if let swallowedFrom, s >= swallowedFrom { return false }
            return !lexicalStarts.contains(s)
        }
        return (lexical + kept).enumerated().sorted { a, b in
            let x = a.element.span?.start.offset ?? Int.max
            let y = b.element.span?.start.offset ?? Int.max
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }
}
