import Testing

@testable import Language

private func span(
    _ startOffset: Int, _ startLine: Int, _ startColumn: Int,
    _ endOffset: Int, _ endLine: Int, _ endColumn: Int
) -> SourceSpan {
    SourceSpan(
        start: SourceLocation(offset: startOffset, line: startLine, column: startColumn),
        end: SourceLocation(offset: endOffset, line: endLine, column: endColumn))
}

@Suite struct DiagnosticRendererTests {
    @Test func contractExample() {
        let d = Diagnostic(.error, "unknown name 'dens' (did you mean 'dense'?)", span: span(8, 1, 9, 12, 1, 13))
        #expect(
            DiagnosticRenderer.render(d, source: "model = dens(3)") == """
                error: unknown name 'dens' (did you mean 'dense'?)
                 --> 1:9
                  |
                1 | model = dens(3)
                  |         ^^^^
                """)
    }

    @Test func gutterWidensWithTheLineNumber() {
        let source = (1...11).map { "line\($0)" }.joined(separator: "\n")
        let d = Diagnostic(.error, "bad", span: span(60, 11, 1, 64, 11, 5), notes: ["first note", "second note"])
        #expect(
            DiagnosticRenderer.render(d, source: source) == """
                error: bad
                  --> 11:1
                   |
                11 | line11
                   | ^^^^
                   = note: first note
                   = note: second note
                """)
    }

    @Test func emptySpanGetsOneCaretAndEndOfLineIsReachable() {
        let source = "x = 1 +"
        let result = Parser.parse(source)
        #expect(
            DiagnosticRenderer.render(result.diagnostics[0], source: source) == """
                error: expected an expression after '+'
                 --> 1:8
                  |
                1 | x = 1 +
                  |        ^
                """)
    }

    @Test func spanAcrossLinesIsUnderlinedToTheEndOfTheFirst() {
        let source = "f(a,\n  b)"
        let d = Diagnostic(.error, "whole call", span: span(0, 1, 1, 9, 2, 5))
        #expect(DiagnosticRenderer.render(d, source: source).hasSuffix("1 | f(a,\n  | ^^^^"))
    }

    @Test func tabsAreExpandedAndCaretsStayAligned() {
        let source = "\tx =\t@"
        let result = Parser.parse(source)
        let text = DiagnosticRenderer.render(result.diagnostics[0], source: source)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[3] == "1 |     x = @")
        #expect(lines[4] == "  |         ^")
        // The caret sits exactly under the '@'.
        #expect(Array(lines[3]).firstIndex(of: "@") == Array(lines[4]).firstIndex(of: "^"))
    }

    @Test func wideCharactersCountTwoColumns() {
        let source = "s = \"日本\" + @"
        let result = Parser.parse(source)
        let lines = DiagnosticRenderer.render(result.diagnostics[0], source: source).split(separator: "\n").map(
            String.init)
        #expect(lines[3] == "1 | s = \"日本\" + @")
        #expect(lines[4] == "  |              ^")
    }

    @Test func secondLineOfASourceAndCRLF() {
        let source = "ok = 1\r\nbad = = 2\r\n"
        let result = Parser.parse(source)
        #expect(
            DiagnosticRenderer.render(result.diagnostics[0], source: source) == """
                error: expected an expression after '=', found '='
                 --> 2:7
                  |
                2 | bad = = 2
                  |       ^
                """)
    }

    @Test func withoutSpanOnlyHeaderAndNotes() {
        let d = Diagnostic(.warning, "something odd", span: nil, notes: ["look closer"])
        #expect(DiagnosticRenderer.render(d, source: "x") == "warning: something odd\n= note: look closer")
    }

    @Test func colorUsesANSIRedAndBold() {
        let d = Diagnostic(.error, "boom", span: span(0, 1, 1, 1, 1, 2))
        let text = DiagnosticRenderer.render(d, source: "x", color: true)
        #expect(text.hasPrefix("\u{1B}[1;31merror\u{1B}[0m\u{1B}[1m: boom\u{1B}[0m"))
        #expect(text.contains("\u{1B}[1;31m^\u{1B}[0m"))
        // Stripping the escapes gives the plain rendering.
        #expect(stripANSI(text) == DiagnosticRenderer.render(d, source: "x"))
    }

    @Test func severalDiagnosticsAreSeparatedByABlankLine() {
        let source = "a = = 1\nb = = 2"
        let result = Parser.parse(source)
        let text = DiagnosticRenderer.render(result.diagnostics, source: source)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).filter(\.isEmpty).count == 1)
        #expect(text.contains(" --> 1:5") && text.contains(" --> 2:5"))
    }

    @Test(arguments: ["", "\n", "x", "\t\t", "a\nb\nc"])
    func spansPastTheSourceStillRender(source: String) {
        let far = Diagnostic(.error, "far", span: span(100, 9, 40, 120, 9, 60))
        let text = DiagnosticRenderer.render(far, source: source)
        #expect(text.hasPrefix("error: far\n --> 9:40"))
        #expect(text.contains("^"))
    }
}

private func stripANSI(_ text: String) -> String {
    var out = ""
    var inEscape = false
    for c in text.unicodeScalars {
        if inEscape {
            if c == "m" { inEscape = false }
        } else if c == "\u{1B}" {
            inEscape = true
        } else {
            out.unicodeScalars.append(c)
        }
    }
    return out
}
