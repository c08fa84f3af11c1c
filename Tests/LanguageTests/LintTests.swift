import Foundation
import Language
import Testing

/// `strata lint`'s engine: every rule on a program that breaks it and on one that does
/// not, the silencing comments, notebooks linted cell by cell as one program, the
/// report formats, and the leakage warnings a session writes when such a cell runs.
@Suite("Lint")
struct LintTests {
    /// One rule, a program that triggers it (with the message expected, in part), and a
    /// program doing the same thing right, which must lint with no finding at all.
    struct RuleCase: Sendable, CustomTestStringConvertible {
        let code: String
        let triggers: String
        let message: String
        let clean: String
        var testDescription: String { code + ": " + message }
    }

    /// Shared opening: data split three ways, a model.
    static let data = """
        iris = dataset("iris")
        train, val, test = split(iris, [0.7, 0.15, 0.15], seed: 1)
        model = sequential([dense(8, activation: "relu"), dense(3)])

        """

    static let rules: [RuleCase] = [
        RuleCase(code: "S001", triggers: "x = (1 +\nprint(x)", message: "expected", clean: "x = (1 + 2)\nprint(x)"),
        RuleCase(
            code: "S101", triggers: "model = dens(3)\nprint(model)",
            message: "unknown name 'dens' (did you mean 'dense'?)", clean: "model = dense(3)\nprint(model)"),
        RuleCase(
            code: "S101", triggers: "print(total)\ntotal = 3",
            message: "unknown name 'total'", clean: "total = 3\nprint(total)"),
        RuleCase(
            code: "S102", triggers: "print(sgd(learning_rate: 0.1))",
            message: "sgd: unknown label 'learning_rate' (did you mean 'lr'?)", clean: "print(sgd(lr: 0.1))"),
        RuleCase(
            code: "S102", triggers: "print(round(2.5, digts: 1))",
            message: "round: unknown label 'digts' (did you mean 'digits'?)", clean: "print(round(2.5, digits: 1))"),
        RuleCase(
            code: "S102", triggers: "sq = { x in x * x }\nprint(sq(x: 2))",
            message: "sq: closures take positional arguments only, got label 'x:'",
            clean: "sq = { x in x * x }\nprint(sq(2))"),
        RuleCase(
            code: "S103", triggers: "print(round(1.234, 2))",
            message: "round: takes 1 positional argument, got 2; pass 'digits:' by its label",
            clean: "print(round(1.234, digits: 2))"),
        RuleCase(
            code: "S103", triggers: "sq = { x in x * x }\nprint(sq(1, 2))",
            message: "sq: expects 1 argument (x), got 2", clean: "sq = { x in x * x }\nprint(sq(3))"),
        RuleCase(
            code: "S103", triggers: "print([1, 2].len(3))",
            message: "len: takes 1 positional argument, got 2", clean: "print([1, 2].len())"),
        RuleCase(
            code: "S104", triggers: "print(load_idx(images: \"a.gz\"))",
            message: "load_idx: missing label 'labels:'",
            clean: "print(load_idx(images: \"a.gz\", labels: \"b.gz\"))"),
        RuleCase(
            code: "S104", triggers: "add = { a, b in a + b }\nprint(add(1))",
            message: "add: expects 2 arguments (a, b), got 1", clean: "add = { a, b in a + b }\nprint(add(1, 2))"),
        RuleCase(
            code: "S105", triggers: "print(round(2, x: 3))", message: "round: 'x' is given twice",
            clean: "print(round(x: 3))"),
        RuleCase(
            code: "S201", triggers: "rate = 0.1\nunits = 8\nprint(units)",
            message: "'rate' is bound but never used", clean: "rate = 0.1\n_units = 8\nprint(rate)"),
        RuleCase(
            code: "S201", triggers: data + "print(train, val, model)", message: "'test' is bound but never used",
            clean: data.replacingOccurrences(of: "val, test", with: "val, _test") + "print(train, val, model)"),
        RuleCase(
            code: "S202", triggers: "run = 5\nprint(run(\"abc\"))",
            message: "'run' hides the builtin run(id), so the call at line 2 calls this value instead",
            clean: "run = 5\nprint(run)"),
        RuleCase(
            code: "S202", triggers: "mean = { xs in 0 }\nprint(mean([1, 2]))",
            message: "'mean' is a function of your own that hides the builtin mean(values...)",
            clean: "average = { xs in 0 }\nprint(average([1, 2]))"),
        RuleCase(
            code: "S301", triggers: "parts = split(dataset(\"iris\"), [0.5, 0.5])\nprint(parts)",
            message: "split without seed: silently uses seed 0",
            clean: "parts = split(dataset(\"iris\"), [0.5, 0.5], seed: 3)\nprint(parts)"),
        RuleCase(
            code: "S301", triggers: data + "r = fit(model, train, val: val, epochs: 2)\nprint(test, r)",
            message: "fit without seed:",
            clean: data + "r = fit(model, train, val: val, epochs: 2, seed: 1)\nprint(test, r)"),
        RuleCase(
            code: "S301", triggers: "print(dataset(\"iris\").sample(5))", message: "sample without seed:",
            clean: "print(dataset(\"iris\").sample(5, seed: 2))"),
        RuleCase(
            code: "S301", triggers: "s = sweep([lr: uniform(0, 1)], trials: 2) { p in p.lr }\nprint(s)",
            message: "sweep without seed:", clean: "s = sweep(name: \"old\")\nprint(s)"),
        RuleCase(
            code: "S302", triggers: data + "v = standardize(val)\nprint(train, test, model, v)",
            message: "standardize(val) fits the scaler on a validation split; pass using: train",
            clean: data + "v = standardize(val, using: train)\nprint(train, test, model, v)"),
        RuleCase(
            code: "S302", triggers: data + "t = test.minmax()\nprint(train, val, model, t)",
            message: "test.minmax() fits the scaler on a test split; pass using: train",
            clean: data + "t = test.minmax(using: train)\nprint(train, val, model, t)"),
        RuleCase(
            code: "S302", triggers: data + "t = standardize(test, using: val)\nprint(train, model, t)",
            message: "standardize(test, using: val) fits the scaler on a validation split",
            clean: data + "t = standardize(test, using: train)\nprint(val, model, t)"),
        RuleCase(
            code: "S302", triggers: data + "v = fillna(dropna(val), \"mean\")\nprint(train, test, model, v)",
            message: "computes its fill values on a validation split",
            clean: data + "v = fillna(dropna(val), 0)\nprint(train, test, model, v)"),
        RuleCase(
            code: "S302",
            triggers: "parts = split(dataset(\"wine\"), [0.6, 0.2, 0.2], seed: 1)\n"
                + "print(standardize(parts[2]))",
            message: "standardize(parts[2]) fits the scaler on a test split",
            clean: "parts = split(dataset(\"wine\"), [0.6, 0.2, 0.2], seed: 1)\n"
                + "print(standardize(parts[1], using: parts[0]))"),
        RuleCase(
            code: "S302", triggers: "x_valid = load_csv(\"v.csv\", target: \"y\")\nprint(minmax(x_valid))",
            message: "minmax(x_valid) fits the scaler on a validation split",
            clean: "x_train = load_csv(\"t.csv\", target: \"y\")\nprint(minmax(x_train))"),
        RuleCase(
            code: "S303",
            triggers: "scaled = standardize(dataset(\"iris\"))\n"
                + "a, b = split(scaled, [0.8, 0.2], seed: 1)\nprint(a, b)",
            message: "split(scaled, ...) splits data that standardize scaled with statistics of all its rows",
            clean: "a, b = split(dataset(\"iris\"), [0.8, 0.2], seed: 1)\n"
                + "print(standardize(a, using: a), standardize(b, using: a))"),
        RuleCase(
            code: "S304", triggers: data + "r = fit(model, train, val: test, early_stop: 3, seed: 1)\nprint(val, r)",
            message: "fit(val: test) with early_stop picks the epoch on a test split",
            clean: data + "r = fit(model, train, val: val, early_stop: 3, seed: 1)\nprint(evaluate(r, test))"),
        RuleCase(
            code: "S304", triggers: data + "r = fit(model, minmax(test, using: train), seed: 1)\nprint(val, r)",
            message: "fit trains on 'test', a test split",
            clean: data + "r = fit(model, minmax(train, using: train), seed: 1)\nprint(val, diagnose(r, test: test))"),
        RuleCase(
            code: "S304", triggers: data + "print(val, lr_find(model, test))",
            message: "lr_find trains on 'test', a test split", clean: data + "print(val, test, lr_find(model, train))"),
        RuleCase(
            code: "S305",
            triggers: data + """
                s = sweep([lr: loguniform(1e-3, 1e-1)], trials: 3, seed: 1) { p in
                  evaluate(fit(model, train, val: val, optimizer: adam(lr: p.lr), seed: 1), test).accuracy
                }
                print(s)
                """, message: "the sweep's trials read 'test', a test split",
            clean: data + """
                s = sweep([lr: loguniform(1e-3, 1e-1)], trials: 3, seed: 1) { p in
                  fit(model, train, val: val, optimizer: adam(lr: p.lr), seed: 1)
                }
                print(evaluate(s.best, test))
                """),
    ]

    func findings(_ source: String) -> [LintFinding] { Linter().lint(source: source) }

    @Test("each rule fires on its mistake and not on the same code done right", arguments: rules)
    func rule(_ rule: RuleCase) {
        let found = findings(rule.triggers)
        let matching = found.filter { $0.rule.code == rule.code }
        #expect(!matching.isEmpty, "no \(rule.code) in \(found.map { $0.rule.code + " " + $0.message })")
        #expect(
            matching.contains { $0.message.contains(rule.message) },
            "messages: \(matching.map(\.message))")
        let clean = findings(rule.clean)
        #expect(clean.isEmpty, "the clean program has findings: \(clean.map { $0.rule.code + " " + $0.message })")
    }

    @Test("where a golden script expects an unknown name or a bad call, lint says the same at the same place")
    func agreesWithTheRuntime() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")
        let kinds = [
            "unknown name '", "unknown label '", "positional argument", "missing argument", "missing label",
            "closures take positional", "is given twice",
        ]
        var checked = 0
        for case let path as String in FileManager.default.enumerator(atPath: root.path)!
        where path.hasSuffix(".strata") {
            let source = try String(contentsOfFile: root.appendingPathComponent(path).path, encoding: .utf8)
            // `# expect error at 1:9-1:10: sqrt: takes 1 positional argument, got 2`
            guard let line = source.split(separator: "\n").first(where: { $0.hasPrefix("# expect error at ") }),
                let colon = line.dropFirst("# expect error at ".count).firstIndex(of: " ")
            else { continue }
            let message = String(line[line.index(after: colon)...])
            let isCallError =
                kinds.contains { message.contains($0) }
                || message.range(
                    of: "expects [0-9]",
                    options: .regularExpression) != nil
            guard isCallError else { continue }
            let start = line.dropFirst("# expect error at ".count).prefix { $0 != "-" }.split(separator: ":")
            let findings = Linter().lint(source: source)
            #expect(
                findings.contains { finding in
                    finding.message == message && "\(finding.span.start.line)" == start[0]
                        && "\(finding.span.start.column)" == start[1]
                }, "\(path): \(findings.map(\.message))")
            checked += 1
        }
        #expect(checked >= 6)
    }

    @Test("findings point at the code: line and column of the name, the label or the argument")
    func positions() {
        let found = findings("x = 1\nprint(round(x, digts: 2), dens)")
        #expect(found.map(\.rule) == [.unknownLabel, .undefinedName])
        #expect(found.map { [$0.span.start.line, $0.span.start.column] } == [[2, 16], [2, 27]])
        #expect(found.allSatisfy { $0.cell == nil })
    }

    @Test("names count as defined when bound anywhere the runtime would see them by then")
    func scoping() {
        // A closure looks names up when called: a later binding is fine.
        #expect(findings("f = { x in g(x) }\ng = { y in y + 1 }\nprint(f(1))").isEmpty)
        // A loop body may read on a later pass what it binds further down.
        #expect(findings("for i in range(3) {\n  if i > 0 { print(last) }\n  last = i\n}").isEmpty)
        // Loop variables are exempt from S201, nested ones too.
        #expect(findings("for i in range(3) {\n  for j in range(2) { print(\"x\") }\n}").isEmpty)
        // Names bound inside a closure are not visible outside it.
        #expect(findings("f = { x in inner = x; inner }\nprint(f(1), inner)").map(\.rule) == [.undefinedName])
        // Uniform call syntax reaches a binding holding a function.
        #expect(findings("twice = { x in x * 2 }\nprint(3.twice())").isEmpty)
        // A closure bound twice may be either: its calls are not counted.
        #expect(findings("f = { x in x }\nf = { a, b in a }\nprint(f(1, 2))").isEmpty)
    }

    @Test("the data-role heuristic reads the words of a name")
    func roleNames() {
        let cases: [(String, DataRole?)] = [
            ("val", .validation), ("val_raw", .validation), ("x_valid", .validation), ("devSet", .validation),
            ("validation2", .validation), ("test", .test), ("test_s", .test), ("holdout", .test), ("xTest", .test),
            ("train_raw", .train), ("latest", nil), ("interval", nil), ("iris", nil), ("contest", nil),
        ]
        for (name, role) in cases {
            #expect(DataRole.named(name) == role, "\(name)")
        }
    }

    // MARK: - Silencing

    @Test("a comment silences a line: every rule, or the ones it names")
    func silencing() {
        let base = "x = 1\nprint(dens)"
        #expect(findings(base).map(\.rule) == [.unusedBinding, .undefinedName])
        #expect(findings("x = 1  # strata: ignore\nprint(dens)").map(\.rule) == [.undefinedName])
        #expect(
            findings("x = 1  # strata: ignore[S201]\nprint(dens)  # strata: ignore[S201]").map(\.rule)
                == [.undefinedName])
        #expect(
            findings("x = 1\nprint(dens)  # on purpose (strata: ignore[S101, S201])").map(\.rule) == [.unusedBinding])
        // On a line of its own, it applies to the next line.
        #expect(findings("# strata: ignore[S101]\nprint(dens)").isEmpty)
        #expect(findings("# strata: ignore-file[S201]\nx = 1\ny = 2\nprint(dens)").map(\.rule) == [.undefinedName])
        #expect(findings("x = 1\nprint(dens)\n# strata: ignore-file").isEmpty)
        // A syntax error cannot be silenced.
        #expect(findings("x = (1 +  # strata: ignore").map(\.rule) == [.syntaxError])
        // Not a directive.
        #expect(findings("x = 1  # strata: ignored\nprint(x)").isEmpty)
        #expect(findings("x = 1  # strata: ignores\nprint(1)").map(\.rule) == [.unusedBinding])
    }

    @Test("--ignore: a rule not run at all")
    func ignoredRules() {
        var linter = Linter()
        linter.ignored = [.unusedBinding]
        #expect(linter.lint(source: "x = 1\nprint(dens)").map(\.rule) == [.undefinedName])
    }

    // MARK: - Notebooks

    @Test("a notebook is one program: bindings flow between cells, findings name the cell and its line")
    func notebookCells() {
        let cells = [
            (number: 1, source: "iris = dataset(\"iris\")"),
            (number: 2, source: "train, val, test = split(iris, [0.7, 0.15, 0.15], seed: 1)\nunused = 3"),
            (number: 3, source: "scaled = standardize(val)\nprint(train, tst)"),
            (number: 4, source: "print(scaled, test)"),
        ]
        let found = Linter().lint(cells: cells)
        #expect(found.map(\.rule) == [.unusedBinding, .scalerFittedOnHeldOut, .undefinedName])
        #expect(found.map(\.cell) == [2, 3, 3])
        #expect(found.map { [$0.span.start.line, $0.span.start.column] } == [[2, 1], [1, 10], [2, 14]])
        #expect(found[2].message == "unknown name 'tst' (did you mean 'test'?)")
    }

    @Test("a cell that does not parse is reported, and its bindings still count for later cells")
    func brokenCell() {
        let cells = [
            (number: 1, source: "rate = 0.1\nx = (1 +"),
            (number: 2, source: "print(rate)"),
        ]
        let found = Linter().lint(cells: cells)
        #expect(found.map(\.rule) == [.syntaxError])
        #expect(found.first?.cell == 1)
        #expect(found.first?.span.start.line == 2)
    }

    @Test("an ignore-file comment in one cell covers the notebook")
    func notebookFileSilence() {
        let cells = [(number: 1, source: "# strata: ignore-file[S201]\nx = 1"), (number: 2, source: "y = 2")]
        #expect(Linter().lint(cells: cells).isEmpty)
    }

    // MARK: - Reports

    @Test("text, JSON and GitHub reports for a file and a notebook")
    func reports() {
        let file = LintedFile(path: "a.strata", isNotebook: false, findings: findings("print(dens)"))
        let notebook = LintedFile(
            path: "n.ipynb", isNotebook: true,
            findings: Linter().lint(cells: [(number: 2, source: "x = 1")]))
        #expect(
            LintReportFormat.text.render([file, notebook]) == """
                a.strata:1:7: S101 unknown name 'dens' (did you mean 'dense'?)
                n.ipynb:cell 2:1:1: S201 'x' is bound but never used; name it '_x' if that is on purpose

                """)
        #expect(
            LintReportFormat.github.render([file, notebook]) == """
                ::error file=a.strata,line=1,col=7,endColumn=11,title=S101::unknown name 'dens' (did you mean 'dense'?)
                ::warning file=n.ipynb,title=S201::cell 2, line 1:1: 'x' is bound but never used; name it '_x' if that \
                is on purpose

                """)
        let json = LintReportFormat.json.render([file, notebook])
        let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(parsed?.count == 2)
        #expect(parsed?.first?["code"] as? String == "S101")
        #expect(parsed?.first?["severity"] as? String == "error")
        #expect(parsed?.first?["cell"] is NSNull)
        #expect(parsed?.last?["cell"] as? Int == 2)
        #expect(parsed?.last?["line"] as? Int == 1)
        #expect(LintReportFormat.json.render([]) == "[]\n")
    }

    @Test("every rule has a code, a summary and an explanation")
    func explanations() {
        #expect(Set(LintRule.allCases.map(\.code)).count == LintRule.allCases.count)
        for rule in LintRule.allCases {
            #expect(rule.explanation.hasPrefix(rule.code + " " + rule.name))
            #expect(rule.explanation.count > 200)
            #expect(LintRule(code: rule.code.lowercased()) == rule)
        }
    }

    // MARK: - In the session

    func session() -> Session {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-lint-\(UUID())").path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return makeSession(directory: directory)
    }

    @Test("running a leaking cell warns on stderr, once per rule and binding in a session")
    func runtimeWarning() {
        let session = session()
        let host = RecordingHost()
        _ = session.execute("iris = dataset(\"iris\")", host: host)
        _ = session.execute("train, val, test = split(iris, [0.7, 0.15, 0.15], seed: 1)", host: host)
        #expect(host.stderr.isEmpty)
        let result = session.execute("v = standardize(val)\ncount(v)", host: host)
        #expect(result.error == nil)
        #expect(result.display?.plainText == "23")
        #expect(
            host.stderr == "warning S302: standardize(val) fits the scaler on a validation split; pass using: train\n")
        // The same mistake again: already said.
        _ = session.execute("v2 = standardize(val)", host: host)
        // Another binding: said once for it.
        _ = session.execute("t = test.minmax()", host: host)
        #expect(
            RecordingHost.lines(host.stderr) == [
                "warning S302: standardize(val) fits the scaler on a validation split; pass using: train",
                "warning S302: test.minmax() fits the scaler on a test split; pass using: train",
            ])
    }

    @Test("the session warns only about leakage, honours ignore comments, and never fails the cell")
    func runtimeQuiet() {
        let session = session()
        let host = RecordingHost()
        // No seed, an unused binding, an unknown name: for `strata lint`, not for the running cell.
        let failed = session.execute("train, val = split(dataset(\"iris\"), [0.8, 0.2])\nunused = dens", host: host)
        #expect(failed.error != nil)
        #expect(host.stderr.isEmpty)
        let silenced = RecordingHost()
        _ = session.execute("train, val = split(dataset(\"iris\"), [0.8, 0.2], seed: 1)", host: silenced)
        let result = session.execute("v = standardize(val)  # strata: ignore[S302]\ncount(v)", host: silenced)
        #expect(result.error == nil)
        #expect(silenced.stderr.isEmpty)
    }

    @Test("in the session, a dataset's own lineage says which part of a split it is")
    func runtimeSessionValue() {
        let session = session()
        let host = RecordingHost()
        // What a closure returns is not traced in the code; the dataset knows it is part 3 of 3.
        _ = session.execute("parts = split(dataset(\"iris\"), [0.6, 0.2, 0.2], seed: 1)", host: host)
        _ = session.execute("pick = { ps, i in ps[i] }\nheld = pick(parts, 2)", host: host)
        #expect(host.stderr.isEmpty)
        _ = session.execute("h = standardize(held)", host: host)
        #expect(
            host.stderr == "warning S302: standardize(held) fits the scaler on a test split; pass using: "
                + "the training split\n")
    }
}
