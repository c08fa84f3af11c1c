import Language

/// Running one input through the whole front end and checking what must always hold.
extension ProgramFuzzer {
    /// What one input did. `problems` lists broken invariants; a correct front end has none.
    public struct Report: Sendable {
        public var tokenCount = 0
        public var diagnosticCount = 0
        public var verdict = CompletenessVerdict.complete
        /// True when the input parsed and went through the formatter's checks.
        public var formatted = false
        public var problems: [String] = []
    }

    /// Runs the lexer (with and without comments), the parser, the completeness checker
    /// and the renderer (plain and coloured) on `input`, and checks that tokens tile the
    /// source with exact spans, diagnostics lie inside it and render with carets, and
    /// "complete" agrees with "parses". With `mustParse`, any diagnostic is a problem.
    /// An input that parses is also formatted (`checkFormatting`).
    public static func exercise(_ input: String, mustParse: Bool = false) -> Report {
        var report = Report()
        let scalars = Array(input.unicodeScalars)
        for keepComments in [false, true] {
            let (tokens, _) = Lexer.tokenize(input, keepComments: keepComments)
            report.tokenCount = tokens.count
            checkTokens(tokens, scalars: scalars, keepComments: keepComments, into: &report.problems)
        }

        let result = Parser.parse(input)
        report.diagnosticCount = result.diagnostics.count
        if mustParse && !result.diagnostics.isEmpty {
            report.problems.append("a grammar program did not parse: \(result.diagnostics.map(\.message))")
        }
        var lastStart = 0
        for d in result.diagnostics {
            guard let span = d.span else { report.problems.append("diagnostic without a span: \(d.message)"); continue }
            if span.start.offset < lastStart {
                report.problems.append("diagnostics out of order at \(span.start.offset)")
            }
            lastStart = span.start.offset
            if span.start.offset > span.end.offset || span.end.offset > scalars.count || span.start.offset < 0 {
                report.problems.append(
                    "diagnostic span \(span.start.offset)..<\(span.end.offset) outside 0...\(scalars.count)")
            }
            let plain = DiagnosticRenderer.render(d, source: input)
            let colored = DiagnosticRenderer.render(d, source: input, color: true)
            if !plain.hasPrefix("\(d.severity.rawValue): \(d.message)") || !plain.contains("^")
                || !colored.contains("^")
            {
                report.problems.append("rendering lacks carets or message: \(plain)")
            }
        }
        if result.program.statements.contains(where: { $0.span.end.offset > scalars.count }) {
            report.problems.append("a statement's span ends past the source")
        }

        report.verdict = CompletenessChecker.check(input)
        if (report.verdict == .complete) != result.isValid {
            report.problems.append("completeness \(report.verdict) disagrees with the parse (valid: \(result.isValid))")
        }
        if result.isValid {
            report.problems += checkFormatting(input, tree: ASTPrinter.print(result.program))
            report.formatted = true
        }
        return report
    }

    /// Formats code that parses (whose tree prints as `tree`) and checks what `strata fmt`
    /// promises: the formatter accepts it, formatting the result again changes nothing,
    /// and the formatted code parses to the same tree.
    public static func checkFormatting(_ input: String, tree: String) -> [String] {
        let once: String
        do {
            once = try Formatter.format(input)
        } catch {
            return ["the formatter refused code that parses: \(error)"]
        }
        var problems: [String] = []
        let reparsed = Parser.parse(once)
        if !reparsed.isValid {
            problems.append("formatted code does not parse: \(once.debugDescription)")
        } else if ASTPrinter.print(reparsed.program) != tree {
            problems.append("formatted code parses to another tree: \(once.debugDescription)")
        }
        do {
            let twice = try Formatter.format(once)
            if twice != once {
                problems.append(
                    "formatting twice differs from once: \(once.debugDescription) became \(twice.debugDescription)")
            }
        } catch {
            problems.append("the formatter refused its own output \(once.debugDescription): \(error)")
        }
        return problems
    }

    private static func checkTokens(
        _ tokens: [Token], scalars: [Unicode.Scalar], keepComments: Bool,
        into problems: inout [String]
    ) {
        guard let last = tokens.last, last.kind == .eof, last.span.start.offset == scalars.count else {
            problems.append("tokens do not end with eof at the end of the source")
            return
        }
        // Walk the source alongside the tokens to check offsets, lines and columns.
        var offset = 0
        var line = 1
        var column = 1
        func walk(to target: Int) {
            while offset < target && offset < scalars.count {
                if scalars[offset] == "\n" { line += 1; column = 1 } else { column += 1 }
                offset += 1
            }
        }
        for token in tokens {
            let start = token.span.start
            let end = token.span.end
            guard start.offset >= offset, end.offset >= start.offset, end.offset <= scalars.count else {
                problems.append(
                    "token '\(token.text)' span \(start.offset)..<\(end.offset) overlaps or leaves the source")
                return
            }
            if keepComments || token.kind != .comment {
                // Between tokens there may only be whitespace (and comments when dropped).
                let gap = scalars[offset..<start.offset]
                var inComment = false
                for c in gap {
                    if c == "#" { inComment = true }
                    if c == "\n" { inComment = false }
                    if !inComment
                        && !(c == " " || c == "\t" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" || c == "\u{FEFF}")
                    {
                        problems.append("source character \(c.escaped(asASCII: true)) at \(offset) is in no token")
                        return
                    }
                    if inComment && keepComments {
                        problems.append("comment text at \(offset) is in no token though comments are kept")
                        return
                    }
                }
            }
            walk(to: start.offset)
            if start.line != line || start.column != column {
                problems.append(
                    "token '\(token.text)' at \(start.offset) says \(start.line):\(start.column), source says \(line):\(column)"
                )
                return
            }
            if !token.text.unicodeScalars.elementsEqual(scalars[start.offset..<end.offset]) {
                let text = String(String.UnicodeScalarView(scalars[start.offset..<end.offset]))
                problems.append("token text '\(token.text)' differs from its source slice '\(text)'")
                return
            }
            walk(to: end.offset)
            if end.line != line || end.column != column {
                problems.append(
                    "token '\(token.text)' ends at \(end.line):\(end.column), source says \(line):\(column)")
                return
            }
        }
    }
}
