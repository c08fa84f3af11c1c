import Foundation
import Language
import LanguageTestSupport
import Testing

/// Formats `source` as a file, failing the test (and returning "") when it is refused.
private func formatted(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    do {
        return try Formatter.format(source)
    } catch {
        Issue.record("refused: \(error)", sourceLocation: sourceLocation)
        return ""
    }
}

@Suite struct FormatterTests {
    /// Input, then the canonical text (a file: it ends with a line break).
    static let layoutCases: [(String, String)] = [
        // Spaces: around binary operators, after commas and labels' colons, none inside brackets.
        ("x=1+2*3", "x = 1 + 2 * 3\n"),
        ("y  =  a&&b||!c", "y = a && b || !c\n"),
        ("f( a,b ,label:c )", "f(a, b, label: c)\n"),
        ("cfg=[lr:0.1,units:64]", "cfg = [lr: 0.1, units: 64]\n"),
        ("e = [ : ]; l = [ ]", "e = [:]\nl = []\n"),
        ("z = - x ** 2 % 3", "z = -x ** 2 % 3\n"),
        ("a , b = xs", "a, b = xs\n"),
        ("a,\n  b = xs", "a, b = xs\n"),
        ("m[0] [1]", "m[0][1]\n"),
        ("xs = [1, 2,]", "xs = [1, 2]\n"),
        ("f(x,)", "f(x)\n"),
        // Parentheses the user wrote are kept, even redundant ones.
        ("(a+b)*c", "(a + b) * c\n"),
        ("((a))", "((a))\n"),
        ("(f)(x)", "(f)(x)\n"),
        ("-(-x)", "-(-x)\n"),
        ("(a.b).c", "(a.b).c\n"),
        ("a - (b - c)", "a - (b - c)\n"),
        // Literals are kept exactly as written.
        ("n = [1E-3, 007, 2E+5, 1.50, 1e999]", "n = [1E-3, 007, 2E+5, 1.50, 1e999]\n"),
        (#"s = "tab\there \"q\" back\\slash\n é 🌍""#, #"s = "tab\there \"q\" back\\slash\n é 🌍""# + "\n"),
        ("s = \"two\nlines\" + t", "s = \"two\nlines\" + t\n"),
        // Statements: one per line; `;` kept where it hides a value.
        ("a; b", "a;\nb\n"),
        ("x = 1; y = 2;", "x = 1\ny = 2\n"),
        ("evaluate(run, test);", "evaluate(run, test);\n"),
        ("\n\n\na\n\n\n\nb\n\n\n", "a\n\nb\n"),
        ("", ""),
        ("  \n\t\n", ""),
        ("a\r\nb\r\n", "a\nb\n"),
        // Comments: trailing two spaces after the code, leading on their own lines,
        // blank lines between them kept (at most one).
        ("x = 1 # one\n#two\n\n\n# three\ny = 2   ", "x = 1  # one\n#two\n\n# three\ny = 2\n"),
        ("# only a comment   ", "# only a comment\n"),
        ("x = a + # after the operator\n  b", "x = a + b  # after the operator\n"),
        (
            "xs = [ # header\n  1,  # one\n  # before two\n  2\n  # end\n]",
            "xs = [  # header\n  1,  # one\n  # before two\n  2\n  # end\n]\n"
        ),
        ("f(a, # why a\n  b)", "f(\n  a,  # why a\n  b\n)\n"),
        ("for i in xs { # each\n  print(i)\n}", "for i in xs {  # each\n  print(i)\n}\n"),
        ("if c { a } # why\nelse { b }", "if c { a } else { b }  # why\n"),
        // Closures and blocks: one statement on one line when it fits, else one per line.
        ("square = {x in x*x}", "square = { x in x * x }\n"),
        ("f = { a, b in s = a + b; s * s }", "f = { a, b in\n  s = a + b\n  s * s\n}\n"),
        ("g = {}; h = { x in }", "g = {}\nh = { x in }\n"),
        ("small = filter(ds) {row in row.x > 1.5}", "small = filter(ds) { row in row.x > 1.5 }\n"),
        ("f { x in x }", "f { x in x }\n"),
        ("k = if n % 2 == 0 { \"even\" } else { \"odd\" }", "k = if n % 2 == 0 { \"even\" } else { \"odd\" }\n"),
        ("x = if a < b { a } else if a == b { 0 } else { b }", "x = if a < b { a } else if a == b { 0 } else { b }\n"),
        ("if a {\n  b\n}\nelse {\n  c\n}", "if a { b } else { c }\n"),
        ("y = if a { b; c } else { d }", "y = if a {\n  b;\n  c\n} else {\n  d\n}\n"),
        ("for i in range(3) { print(i) }", "for i in range(3) {\n  print(i)\n}\n"),
        ("for i in xs {}", "for i in xs {}\n"),
        ("data\n  .standardize(using: train)\n  .head()", "data.standardize(using: train).head()\n"),
        // A list written one element per line stays so, and a call hugs it.
        (
            "model = sequential([\n    dense(16, activation: \"relu\"),\n    dense(3)])",
            "model = sequential([\n  dense(16, activation: \"relu\"),\n  dense(3)\n])\n"
        ),
        (
            "model = sequential([dense(16, activation: \"relu\"), dense(3)])",
            "model = sequential([dense(16, activation: \"relu\"), dense(3)])\n"
        ),
        ("rows = [\n[a: 1], [a: 2]]", "rows = [\n  [a: 1],\n  [a: 2]\n]\n"),
        ("rows = [\n]", "rows = []\n"),
    ]

    @Test("the canonical layout", arguments: layoutCases)
    func layout(input: String, expected: String) {
        #expect(formatted(input) == expected)
    }

    /// Lines longer than 100 characters break where the grammar allows it.
    static let longLineCases: [(String, String)] = [
        // A call's arguments one per line, the closer on its own line.
        (
            "run = fit(model, train, val: val, epochs: 60, batch: 16, optimizer: adam(lr: 0.01), seed: 7, name: \"iris-mlp\")",
            """
            run = fit(
              model,
              train,
              val: val,
              epochs: 60,
              batch: 16,
              optimizer: adam(lr: 0.01),
              seed: 7,
              name: "iris-mlp"
            )

            """
        ),
        // The last argument hugged: a list...
        (
            "m = sequential([dense(16, activation: \"relu\"), dense(16, activation: \"relu\"), dense(16, activation: \"relu\"), dense(3)])",
            """
            m = sequential([
              dense(16, activation: "relu"),
              dense(16, activation: "relu"),
              dense(16, activation: "relu"),
              dense(3)
            ])

            """
        ),
        // ... or a closure.
        (
            "large = filter(iris, { row in row.petal_length > 5 && row.petal_width > 1.5 && row.sepal_length < 7.5 })",
            """
            large = filter(iris, { row in
              row.petal_length > 5 && row.petal_width > 1.5 && row.sepal_length < 7.5
            })

            """
        ),
        // A trailing closure stays after the `)`.
        (
            "s = sweep(space, trials: 30, method: \"tpe\", objective: objective(\"val_accuracy\"), pruner: \"median\") { p in\n"
                + "fit(mlp(p.units, p.depth), train, val: val, epochs: 15, optimizer: adam(lr: p.lr), seed: 1) }",
            """
            s = sweep(
              space,
              trials: 30,
              method: "tpe",
              objective: objective("val_accuracy"),
              pruner: "median"
            ) { p in
              fit(mlp(p.units, p.depth), train, val: val, epochs: 15, optimizer: adam(lr: p.lr), seed: 1)
            }

            """
        ),
        // A closure that fits stays on the line of its call.
        (
            "r = sweep(space, trials: 30, method: \"tpe\", objective: objective(\"val_accuracy\"), pruner: \"median\") { p in f(p) }",
            """
            r = sweep(
              space,
              trials: 30,
              method: "tpe",
              objective: objective("val_accuracy"),
              pruner: "median"
            ) { p in f(p) }

            """
        ),
        // A long record, nested calls that fit on their own line.
        (
            "space = [lr: loguniform(1e-4, 1e-1), units: integer(16, 256, log: true), depth: choice([1, 2, 3]), rate: uniform(0, 0.5)]",
            """
            space = [
              lr: loguniform(1e-4, 1e-1),
              units: integer(16, 256, log: true),
              depth: choice([1, 2, 3]),
              rate: uniform(0, 0.5)
            ]

            """
        ),
        // Numbers fill their lines.
        (
            "xs = [" + (1...40).map(String.init).joined(separator: ", ") + "]",
            """
            xs = [
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
              28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40
            ]

            """
        ),
        // Operator chains break after the operators.
        (
            "total = first_value_with_a_long_name + second_value_with_a_long_name * factor - third_value_with_long_name / 2",
            """
            total = first_value_with_a_long_name +
              second_value_with_a_long_name * factor -
              third_value_with_long_name / 2

            """
        ),
        // Member chains with two calls or more break before each `.`.
        (
            "result = dataset(\"iris\").standardize(using: train_split_with_long_name).select([\"a\", \"b\", \"c\"]).head(n: 10)",
            """
            result = dataset("iris")
              .standardize(using: train_split_with_long_name)
              .select(["a", "b", "c"])
              .head(n: 10)

            """
        ),
        // Inside a block, one level further in.
        (
            "for r in runs() {\nprint(r.name, r.metrics.accuracy, r.metrics.val_accuracy, r.metrics.loss, r.metrics.val_loss, r.status)\n}",
            """
            for r in runs() {
              print(
                r.name,
                r.metrics.accuracy,
                r.metrics.val_accuracy,
                r.metrics.loss,
                r.metrics.val_loss,
                r.status
              )
            }

            """
        ),
    ]

    @Test("long lines break: one argument per line, a hugged last argument, chains", arguments: longLineCases)
    func longLines(input: String, expected: String) {
        let output = formatted(input)
        #expect(output == expected)
        #expect(output.split(separator: "\n").allSatisfy { $0.count <= 100 })
    }

    @Test("formatting is idempotent and keeps the tree, for every case and the fuzzer's corpus")
    func idempotentAndSameTree() {
        let inputs = Self.layoutCases.map(\.0) + Self.longLineCases.map(\.0) + ProgramFuzzer.corpus
        for input in inputs {
            let once = formatted(input)
            #expect(formatted(once) == once, "\(input)")
            #expect(
                ASTPrinter.print(Parser.parse(once).program) == ASTPrinter.print(Parser.parse(input).program),
                "\(input)")
        }
    }

    @Test("every comment is kept, in order")
    func commentsKept() {
        let source = """
            # leading
            x = [  # after the opener
              1,  # one
              # between
              f(a,  # inside a call
                b) # after the call
              # dangling
            ]
            y = { p in  # head
              # body
              p + # operator
                1
            } # end
            """
        let output = formatted(source)
        let comments = { (text: String) in
            Lexer.tokenize(text, keepComments: true).tokens.filter { $0.kind == .comment }.map(\.text)
        }
        #expect(comments(output) == comments(source).map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(formatted(output) == output)
    }

    @Test("a cell has no final line break; a file has one")
    func cellsAndFiles() throws {
        #expect(try Formatter.formatCell("x=1\n\n") == "x = 1")
        #expect(try Formatter.format("x=1") == "x = 1\n")
        #expect(try Formatter.formatCell("") == "")
    }

    @Test(
        "code that does not parse is refused with the parser's errors",
        arguments: ["a = = b", "f(1,", "x = \"open", "1 < 2 < 3", "@"])
    func refusesWhatDoesNotParse(source: String) {
        #expect(throws: FormatError.syntax(Parser.parse(source).diagnostics)) { try Formatter.format(source) }
    }

    @Test("the error names the first problem's line and column")
    func errorDescription() {
        #expect(
            FormatError.syntax(Parser.parse("x = 1\ny = = 2").diagnostics).description
                == "2:5: expected an expression after '=', found '='")
    }

    @Test("deep nesting and long chains format without exhausting the stack")
    func deepAndLong() {
        let deep = String(repeating: "[", count: 250) + "1" + String(repeating: "]", count: 250)
        #expect(formatted(formatted(deep)) == formatted(deep))
        let chain = (0..<5_000).map { "a\($0)" }.joined(separator: " + ")
        let output = formatted(chain)
        #expect(output.split(separator: "\n").count == 5_000)
        let members = "x" + String(repeating: ".f()", count: 3_000)
        #expect(formatted(members).hasPrefix("x\n  .f()\n"))
    }

    @Test("the project's notebooks: every cell formats, idempotently, to the same tree")
    func projectNotebooks() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("notebooks")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".ipynb") }
        for name in names {
            let notebook = try NotebookFile.read(path: folder.appendingPathComponent(name).path)
            for cell in notebook.codeCells {
                let once = try Formatter.formatCell(cell.source)
                #expect(try Formatter.formatCell(once) == once, "\(name) cell \(cell.number)")
                #expect(
                    ASTPrinter.print(Parser.parse(once).program) == ASTPrinter.print(Parser.parse(cell.source).program))
            }
        }
    }

    /// The fuzzer's check (as `make fuzz` runs it over a million programs), on 20,000.
    @Test("20,000 fuzzer programs: formatting twice equals once, and the tree is kept")
    func fuzzerPrograms() {
        var fuzzer = ProgramFuzzer(seed: 18)
        var checked = 0
        var failures: [String] = []
        for _ in 0..<20_000 {
            let (strategy, input) = fuzzer.next()
            // Token soup rarely parses and costs the most to lex; grammar programs and
            // mutations are where the formatter's work is.
            guard strategy != .tokenSoup else { continue }
            let parsed = Parser.parse(input)
            guard parsed.isValid else { continue }
            checked += 1
            let problems = ProgramFuzzer.checkFormatting(input, tree: ASTPrinter.print(parsed.program))
            if !problems.isEmpty {
                failures.append("\(input.debugDescription): \(problems)")
                if failures.count >= 5 { break }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(checked > 6_000)
    }
}
