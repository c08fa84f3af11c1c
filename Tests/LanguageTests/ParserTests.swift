import LanguageTestSupport
import Testing

@testable import Language

/// The S-expression of a cell that must parse without errors.
private func sexp(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let result = Parser.parse(source)
    #expect(result.diagnostics == [], "\(source)", sourceLocation: sourceLocation)
    return ASTPrinter.print(result.program)
}

/// "line:column-line:column message" of each diagnostic.
private func errors(_ source: String) -> [String] {
    Parser.parse(source).diagnostics.map { d in
        let s = d.span!
        return "\(s.start.line):\(s.start.column)-\(s.end.line):\(s.end.column) \(d.message)"
    }
}

@Suite struct ParserTests {
    static let constructCases: [(String, String)] = [
        // Literals.
        ("3", "3"), ("0.5", "0.5"), ("1e-3", "0.001"), ("2E+5", "200000"),
        (#""a\n\"b\"""#, #""a\n\"b\"""#), ("true", "true"), ("false", "false"), ("nil", "nil"),
        ("[1, 2, 3]", "(list 1 2 3)"), ("[]", "(list)"), ("[1, 2,]", "(list 1 2)"),
        ("[lr: 0.1, units: 64]", "(record (lr 0.1) (units 64))"), ("[:]", "(record)"),
        ("[a: 1,]", "(record (a 1))"), ("[[1], [a: 2]]", "(list (list 1) (record (a 2)))"),
        ("[x]", "(list x)"), ("[f(a: 1)]", "(list (call f (a: 1)))"),
        // Bindings.
        ("x = 1", "(= x 1)"), ("a, b, c = f()", "(= (a b c) (call f))"),
        ("a,\n  b = xs", "(= (a b) xs)"), ("x =\n  1", "(= x 1)"),
        // Statements and separators.
        ("a; b", "a; b"), ("a;", "a;"), ("a\n\n b \n", "a b"), ("# only a comment", ""), ("", ""),
        ("x = 1; y = 2;", "(= x 1) (= y 2)"),
        // Calls, members, indexes.
        ("f()", "(call f)"), ("f(a, b, label: c)", "(call f a b (label: c))"),
        ("f(a,)", "(call f a)"), ("x.f(a)", "(call (. x f) a)"), ("x.y.z", "(. (. x y) z)"),
        ("x[0]", "(index x 0)"), ("x[i][j]", "(index (index x i) j)"), ("f(x)(y)", "(call (call f x) y)"),
        ("run.metrics.accuracy", "(. (. run metrics) accuracy)"),
        ("f(\n  a,\n  b: 2\n)", "(call f a (b: 2))"),
        ("iris\n  .describe()\n  .head(n: 3)", "(call (. (call (. iris describe)) head) (n: 3))"),
        // Trailing closures.
        ("sweep(space, trials: 20) { p in p }", "(call sweep space (trials: 20) (closure (p) p))"),
        ("f { x in x }", "(call f (closure (x) x))"), ("x.map { v }", "(call (. x map) (closure () v))"),
        ("filter(ds) { row in row.x > 1 }", "(call filter ds (closure (row) (> (. row x) 1)))"),
        // Closures.
        ("{ x in x * 2 }", "(closure (x) (* x 2))"), ("{ a, b in a; b }", "(closure (a b) a; b)"),
        ("{ 42 }", "(closure () 42)"), ("{ }", "(closure ())"),
        ("{ a, b in\n  s = a + b\n  s * s\n}", "(closure (a b) (= s (+ a b)) (* s s))"),
        ("f({ x in x }, 2)", "(call f (closure (x) x) 2)"),
        // Control flow.
        ("if c { 1 }", "(if c (block 1))"), ("if c { 1 } else { 2 }", "(if c (block 1) (block 2))"),
        ("if a { 1 } else if b { 2 } else { 3 }", "(if a (block 1) (block (if b (block 2) (block 3))))"),
        ("if c {\n  1\n}\nelse {\n  2\n}", "(if c (block 1) (block 2))"),
        ("if c\n{ 1 }", "(if c (block 1))"),
        ("x = if c { 1 } else { 2 }", "(= x (if c (block 1) (block 2)))"),
        ("if f(x) { y }", "(if (call f x) (block y))"), ("if f { y }", "(if f (block y))"),
        ("if x.ok { y }", "(if (. x ok) (block y))"),
        ("if (f { x in x }) { y }", "(if (call f (closure (x) x)) (block y))"),
        ("for x in xs { print(x) }", "(for x xs (block (call print x)))"),
        ("for i in range(3) {\n  s = s + i\n}", "(for i (call range 3) (block (= s (+ s i))))"),
        ("for r in runs() { r.name }\nx", "(for r (call runs) (block (. r name))) x"),
        ("if c { }", "(if c (block))"),
    ]

    @Test(arguments: constructCases)
    func constructs(source: String, expected: String) {
        #expect(sexp(source) == expected)
    }

    static let precedenceCases: [(String, String)] = [
        ("a || b && c", "(|| a (&& b c))"), ("a && b || c", "(|| (&& a b) c)"),
        ("a == b && c != d", "(&& (== a b) (!= c d))"),
        ("a < b + 1", "(< a (+ b 1))"), ("a <= b", "(<= a b)"), ("a >= b", "(>= a b)"), ("a > b", "(> a b)"),
        ("1 + 2 * 3", "(+ 1 (* 2 3))"), ("1 * 2 + 3", "(+ (* 1 2) 3)"),
        ("1 - 2 - 3", "(- (- 1 2) 3)"), ("8 / 4 / 2", "(/ (/ 8 4) 2)"), ("7 % 3 * 2", "(* (% 7 3) 2)"),
        ("2 ** 3 ** 2", "(** 2 (** 3 2))"), ("2 * 3 ** 2", "(* 2 (** 3 2))"),
        ("-2 ** 2", "(** (- 2) 2)"), ("2 ** -1", "(** 2 (- 1))"), ("!a && b", "(&& (! a) b)"),
        ("--x", "(- (- x))"), ("!!x", "(! (! x))"), ("-x.y", "(- (. x y))"), ("-f(x)[0]", "(- (index (call f x) 0))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"), ("((a))", "a"), ("(a < b) < c", "(< (< a b) c)"),
        ("a +\n  b", "(+ a b)"), ("a ||\n b", "(|| a b)"), ("x = a *\n\n b", "(= x (* a b))"),
        ("(a\n + b)", "(+ a b)"), ("[1\n, 2]", "(list 1 2)"),
    ]

    @Test(arguments: precedenceCases)
    func precedence(source: String, expected: String) {
        #expect(sexp(source) == expected)
    }

    @Test func spansAreExact() {
        let program = Parser.parse("x = foo(1, b: \"s\") + 2\nfor i in xs { i }").program
        guard case .assign(let name, let value, let span) = program.statements[0],
            case .binary(.add, let call, let two, let opSpan, let binSpan) = value,
            case .call(let callee, let args, let callSpan) = call
        else {
            Issue.record("unexpected shape: \(ASTPrinter.print(program))")
            return
        }
        #expect(name.span.start.offset == 0 && name.span.end.offset == 1)
        #expect(span.start.offset == 0 && span.end.offset == 22)
        #expect(callee.span.start.offset == 4 && callee.span.end.offset == 7)
        #expect(callSpan.start.offset == 4 && callSpan.end.offset == 18)
        #expect(args[1].label?.span.start.offset == 11)
        #expect(args[1].value.span.start.offset == 14 && args[1].value.span.end.offset == 17)
        #expect(opSpan.start.offset == 19 && opSpan.end.offset == 20)
        #expect(binSpan.start.offset == 4 && binSpan.end.offset == 22)
        #expect(two.span.start.column == 22)
        guard case .forIn(_, _, let body, let forSpan) = program.statements[1] else {
            Issue.record("expected a for statement")
            return
        }
        #expect(forSpan.start.line == 2 && forSpan.start.column == 1 && forSpan.end.column == 18)
        #expect(body.span.start.column == 13 && body.span.end.column == 18)
    }

    @Test func suppressedOnlyWithSemicolon() {
        let statements = Parser.parse("a;\nb").program.statements
        #expect(
            statements == [
                .expression(.name(Identifier(name: "a", span: statements[0].span)), suppressed: true),
                .expression(.name(Identifier(name: "b", span: statements[1].span)), suppressed: false),
            ])
    }

    // MARK: - Errors

    static let errorCases: [(String, [String])] = [
        ("a = = b", ["1:5-1:6 expected an expression after '=', found '='"]),
        ("1 +* 2", ["1:4-1:5 expected an expression after '+', found '*'"]),
        ("x = 1 +", ["1:8-1:8 expected an expression after '+'"]),
        ("f(1, 2", ["1:7-1:7 expected ')' to close '(' at 1:2"]),
        ("f(1 2)", ["1:5-1:6 expected ')' to close '(' at 1:2, found number '2'"]),
        ("[1, 2", ["1:6-1:6 expected ']' to close '[' at 1:1"]),
        ("{ x in x", ["1:9-1:9 expected '}' to close '{' at 1:1"]),
        (")", ["1:1-1:2 unmatched ')' with no '(' before it"]),
        ("= 3", ["1:1-1:2 unexpected '='; expected an expression"]),
        ("a < b < c", ["1:7-1:8 comparisons cannot be chained; write 'a < b && b < c' instead of 'a < b < c'"]),
        ("f(a: 1, 2)", ["1:9-1:10 a positional argument cannot follow a labelled one ('a:' at 1:3)"]),
        ("f(a: 1, a: 2)", ["1:9-1:10 label 'a' is given twice (first at 1:3)"]),
        ("[a: 1, a: 2]", ["1:8-1:9 field 'a' is given twice (first at 1:2)"]),
        ("[a: 1, 2]", ["1:8-1:9 unexpected number '2'; expected a field 'name: value' (a record holds only fields)"]),
        (
            "[1, a: 2]",
            ["1:6-1:7 a list cannot hold 'name: value' fields; a record holds only fields, as in [lr: 0.1, units: 64]"]
        ),
        ("x.y = 3", ["1:1-1:6 cannot assign to this expression; only a name can be assigned, as in 'x = ...'"]),
        ("a b", ["1:3-1:4 unexpected 'b' after the statement"]),
        ("else { 1 }", ["1:1-1:5 'else' without an 'if' before it"]),
        ("x = for", ["1:5-1:8 'for' is a statement and cannot be used as a value"]),
        ("for in xs { }", ["1:5-1:7 unexpected 'in'; expected a name after 'for'"]),
        ("for x xs { }", ["1:7-1:9 unexpected 'xs'; expected 'in' after 'for x'"]),
        ("if x\ny", ["1:5-2:1 expected '{' after the condition of 'if'"]),
        ("x.", ["1:3-1:3 expected a member name after '.'"]),
        ("x.1", ["1:3-1:4 unexpected number '1'; expected a member name after '.'"]),
        ("f(a,,b)", ["1:5-1:6 expected an expression after ','"]),
        ("()", ["1:2-1:3 expected an expression after '('"]),
        ("a, b", ["1:2-1:3 unexpected ',' after the statement"]),
        ("a, 1 = 2", ["1:2-1:3 unexpected ',' after the statement"]),
        ("a, a = xs", ["1:4-1:5 'a' appears twice on the left of '=' (first at 1:1)"]),
        ("{ a, a in a }", ["1:6-1:7 parameter 'a' is named twice (first at 1:3)"]),
        ("3 { x }", ["1:3-1:4 unexpected '{' after the statement"]),
        ("x = @", ["1:5-1:6 unexpected character '@'"]),
        ("f(x]", ["1:4-1:5 expected ')' to close '(' at 1:2, found ']'"]),
        ("print(\"abc", ["1:7-1:8 unterminated string"]),
        (
            "x = \"a\\qb\" +",
            [
                "1:7-1:9 unknown escape '\\q' in string (use \\n \\t \\\" or \\\\)",
                "1:13-1:13 expected an expression after '+'",
            ]
        ),
    ]

    @Test(arguments: errorCases)
    func syntaxErrors(source: String, expected: [String]) {
        #expect(errors(source) == expected, "\(source)")
    }

    @Test func allErrorsOfACellAreReported() {
        let source = """
            a = = b
            ok = 1
            c = 1 +* 2
            f(x: 1, 2)
            d = [1, 2
            e = 3
            """
        #expect(
            errors(source) == [
                "1:5-1:6 expected an expression after '=', found '='",
                "3:8-3:9 expected an expression after '+', found '*'",
                "4:9-4:10 a positional argument cannot follow a labelled one ('x:' at 4:3)",
                "6:1-6:2 expected ']' to close '[' at 5:5, found 'e'",
            ])
        // What parsed cleanly is kept.
        let program = Parser.parse(source).program
        #expect(program.statements.map(ASTPrinter.print).contains("(= ok 1)"))
    }

    @Test func missingCommaGetsANote() {
        let diagnostics = Parser.parse("model = sequential([\n  dense(16)\n  dense(3)\n])").diagnostics
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == "expected ']' to close '[' at 1:20, found 'dense'")
        #expect(diagnostics.first?.notes == ["is a ',' missing before it?"])
        #expect(Parser.parse("f(x").diagnostics.first?.notes == [])
    }

    @Test func oneMistakeGivesOneError() {
        #expect(errors("x = f(1 +* 2, [3, 4 + , ) ] ) + )").count == 1)
        #expect(errors("x = ((((((").count == 1)
        #expect(errors("sweep(s) { p in fit(p ) \ny = 2").count == 1)
    }

    @Test func errorsInsideABlockRecoverAtTheBlockEnd() {
        let source = "f({ x in x +* 2 }, 3)\ny = = 1"
        #expect(
            errors(source) == [
                "1:13-1:14 expected an expression after '+', found '*'",
                "2:5-2:6 expected an expression after '=', found '='",
            ])
        let source2 = "for i in xs {\n  a = = 1\n  b = 2\n  c = 3 +\n}\nz = 1"
        #expect(
            errors(source2) == [
                "2:7-2:8 expected an expression after '=', found '='",
                "5:1-5:2 expected an expression after '+'",
            ])
        let program = Parser.parse(source2).program
        #expect(ASTPrinter.print(program) == "(for i xs (block (= b 2))) (= z 1)")
    }

    @Test func mismatchedCloserInsideABlock() {
        #expect(
            errors("f({ x in x )\ny = = 2") == [
                "1:12-1:13 expected '}' to close '{' at 1:3, found ')'",
                "2:5-2:6 expected an expression after '=', found '='",
            ])
    }

    @Test(arguments: [255, 256, 257, 300, 5000])
    func deepNestingIsAnErrorNotACrash(depth: Int) {
        for (open, close) in [
            ("(", ")"), ("[", "]"), ("{", "}"), ("-", ""), ("!", ""), ("2 ** ", ""),
            ("if c { ", " }"), ("f(", ")"), ("{ x in ", " }"),
        ] {
            let source = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
            let result = Parser.parse(source)
            let tooDeep = result.diagnostics.contains { $0.message.hasPrefix("too deeply nested") }
            // Each repetition is one level; the limit itself is allowed.
            #expect(tooDeep == (depth > Parser.maximumNestingDepth), "\(open) x \(depth)")
            #expect(result.diagnostics.count <= 1, "\(open) x \(depth): \(result.diagnostics.map(\.message))")
        }
    }

    @Test func parseExpressionRejectsTrailingInput() {
        #expect(Parser.parseExpression("1 + 2").expression.map(ASTPrinter.print) == "(+ 1 2)")
        let (expression, diagnostics) = Parser.parseExpression("1 2")
        #expect(expression == nil)
        #expect(diagnostics.map(\.message) == ["unexpected number '2'; expected the end of the expression"])
    }
}
