import Testing

@testable import Language

/// Kinds of all tokens except the final eof.
private func kinds(_ source: String) -> [TokenKind] {
    Lexer.tokenize(source).tokens.dropLast().map(\.kind)
}

private func texts(_ source: String) -> [String] {
    Lexer.tokenize(source).tokens.dropLast().map(\.text)
}

@Suite struct LexerTests {
    @Test(arguments: [
        ("x = 1", [TokenKind.identifier, .equal, .number]),
        ("a == b != c", [.identifier, .equalEqual, .identifier, .bangEqual, .identifier]),
        ("< <= > >= && || !", [.less, .lessEqual, .greater, .greaterEqual, .ampAmp, .pipePipe, .bang]),
        ("+ - * ** / %", [.plus, .minus, .star, .starStar, .slash, .percent]),
        (
            "( ) [ ] { } , : ; .",
            [
                .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace,
                .comma, .colon, .semicolon, .dot,
            ]
        ),
        (
            "if else for in true false nil",
            [
                .ifKeyword, .elseKeyword, .forKeyword, .inKeyword,
                .trueKeyword, .falseKeyword, .nilKeyword,
            ]
        ),
        ("iffy _x x1 In", [.identifier, .identifier, .identifier, .identifier]),
        ("a # comment ( [\nb", [.identifier, .newline, .identifier]),
        ("***", [.starStar, .star]),
        ("x.y", [.identifier, .dot, .identifier]),
        ("1.x", [.number, .dot, .identifier]),
        ("\"s\"", [.string]),
        ("a\r\nb", [.identifier, .newline, .identifier]),
    ])
    func tokenKinds(source: String, expected: [TokenKind]) {
        #expect(kinds(source) == expected)
    }

    @Test(arguments: [
        ("3", 3.0), ("0.5", 0.5), ("1e-3", 0.001), ("2E+5", 200_000), ("12.25e2", 1225), ("007", 7),
    ])
    func numbers(source: String, value: Double) {
        let (tokens, diagnostics) = Lexer.tokenize(source)
        #expect(diagnostics.isEmpty)
        #expect(tokens.count == 2)
        #expect(tokens[0].kind == .number)
        #expect(tokens[0].numberValue == value)
        #expect(tokens[0].text == source)
    }

    @Test func hugeNumberIsInfinity() {
        let token = Lexer.tokenize("1e999").tokens[0]
        #expect(token.numberValue == .infinity)
    }

    @Test(arguments: [
        (#""a\n\"b\"""#, "a\n\"b\""),
        (#""tab\there""#, "tab\there"),
        (#""back\\slash""#, "back\\slash"),
        (#""""#, ""),
        ("\"héllo 🌍\"", "héllo 🌍"),
        ("\"two\nlines\"", "two\nlines"),
    ])
    func strings(source: String, value: String) {
        let (tokens, diagnostics) = Lexer.tokenize(source)
        #expect(diagnostics.isEmpty)
        #expect(tokens[0].kind == .string)
        #expect(tokens[0].stringValue == value)
        #expect(!tokens[0].isUnterminatedString)
    }

    @Test func spansCountUnicodeScalars() {
        let (tokens, _) = Lexer.tokenize("s = \"é🌍\" + x\n  y")
        let spans = tokens.map {
            ($0.text, $0.span.start.offset, $0.span.end.offset, $0.span.start.line, $0.span.start.column)
        }
        #expect(spans.map(\.0) == ["s", "=", "\"é🌍\"", "+", "x", "\n", "y", ""])
        #expect(spans.map(\.1) == [0, 2, 4, 9, 11, 12, 15, 16])
        #expect(spans.map(\.2) == [1, 3, 8, 10, 12, 13, 16, 16])
        #expect(spans.map(\.3) == [1, 1, 1, 1, 1, 1, 2, 2])
        #expect(spans.map(\.4) == [1, 3, 5, 10, 12, 13, 3, 4])
    }

    @Test func tokensCoverTheSourceInOrder() {
        let source = "train, val = split(iris, [0.7, 0.3], seed: 7) # split\nfit(m) { p in p ** 2 }"
        let (tokens, diagnostics) = Lexer.tokenize(source, keepComments: true)
        #expect(diagnostics.isEmpty)
        let scalars = Array(source.unicodeScalars)
        var last = 0
        for token in tokens {
            #expect(token.span.start.offset >= last)
            let slice = String(String.UnicodeScalarView(scalars[token.span.start.offset..<token.span.end.offset]))
            #expect(slice == token.text)
            last = token.span.end.offset
        }
        #expect(tokens.contains { $0.kind == .comment && $0.text == "# split" })
        #expect(tokens.last?.kind == .eof)
        #expect(tokens.last?.span.start.offset == scalars.count)
    }

    @Test func unterminatedStringGivesTokenAndDiagnostic() {
        let (tokens, diagnostics) = Lexer.tokenize("print(\"abc")
        #expect(tokens.map(\.kind) == [.identifier, .leftParen, .string, .eof])
        #expect(tokens[2].text == "\"abc")
        #expect(tokens[2].isUnterminatedString)
        #expect(tokens[2].stringValue == "abc")
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].message == "unterminated string")
        #expect(diagnostics[0].span?.start.column == 7)
        #expect(diagnostics[0].span?.end.column == 8)
    }

    @Test(arguments: ["\"abc\\\"", "\"", "\"x\\"])
    func unterminatedVariants(source: String) {
        let (tokens, diagnostics) = Lexer.tokenize(source)
        #expect(tokens[0].kind == .string)
        #expect(tokens[0].isUnterminatedString)
        #expect(diagnostics.contains { $0.message == "unterminated string" })
    }

    @Test func unknownEscapeIsNamed() {
        let (tokens, diagnostics) = Lexer.tokenize(#"x = "a\qb""#)
        #expect(tokens[2].kind == .string)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].message.contains(#"'\q'"#))
        #expect(diagnostics[0].span?.start.column == 7)
        #expect(diagnostics[0].span?.end.column == 9)
    }

    @Test(arguments: [
        ("a @ b", "unexpected character '@'", 3, 4),
        ("a @$ b", "unexpected characters '@$'", 3, 5),
        ("a & b", "unexpected character '&' (did you mean '&&'?)", 3, 4),
        ("a | b", "unexpected character '|' (did you mean '||'?)", 3, 4),
        ("1e", "expected digits after the exponent in '1e'", 1, 3),
        ("2E+ 3", "expected digits after the exponent in '2E+'", 1, 4),
    ])
    func lexicalErrors(source: String, message: String, start: Int, end: Int) {
        let (_, diagnostics) = Lexer.tokenize(source)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == message)
        #expect(diagnostics.first?.span?.start.column == start)
        #expect(diagnostics.first?.span?.end.column == end)
    }

    @Test func malformedExponentStillReadsAsNumber() {
        let token = Lexer.tokenize("1e").tokens[0]
        #expect(token.kind == .number)
        #expect(token.numberValue == 1)
        #expect(token.text == "1e")
        #expect(token.span.end.offset == 2)
    }

    @Test func emptySourceIsJustEOF() {
        let (tokens, diagnostics) = Lexer.tokenize("")
        #expect(tokens.map(\.kind) == [.eof])
        #expect(tokens[0].span.start == SourceLocation(offset: 0, line: 1, column: 1))
        #expect(diagnostics.isEmpty)
    }

    @Test func textsAreExact() {
        #expect(texts("f(a, b: 1.5e3)") == ["f", "(", "a", ",", "b", ":", "1.5e3", ")"])
    }
}
