import Foundation
import Language
import Render
import Testing

/// Runs cells in one session, as a notebook would.
func makeSession(directory: String = FileManager.default.currentDirectoryPath) -> Session {
    Session(environment: SessionEnvironment(workingDirectory: directory))
}

@Suite("Evaluator")
struct EvaluatorTests {
    @Test("bindings live across cells")
    func bindingsPersist() {
        let session = makeSession()
        let host = RecordingHost()
        #expect(session.execute("x = 20", host: host).display == nil)
        #expect(session.execute("x * 2 + 2", host: host).display?.plainText == "42")
        #expect(session.boundNames == ["x"])
    }

    @Test("a trailing ';' hides the result; assignments and nil show nothing")
    func suppression() {
        let session = makeSession()
        let host = RecordingHost()
        #expect(session.execute("1 + 1;", host: host).display == nil)
        #expect(session.execute("1 + 1", host: host).display?.plainText == "2")
        #expect(session.execute("y = 3", host: host).display == nil)
        #expect(session.execute("nil", host: host).display == nil)
        #expect(session.execute("print(1)", host: host).display == nil)
        #expect(session.execute("\"s\"", host: host).display?.plainText == "\"s\"")
    }

    @Test("a runtime error keeps earlier output and bindings, and the next cell runs")
    func errorKeepsState() throws {
        let session = makeSession()
        let host = RecordingHost()
        let result = session.execute("a = 1\nprint(\"out\")\nb = 1 / 0\nc = 3", host: host)
        let error = try #require(result.error)
        #expect(error.ename == "RuntimeError")
        #expect(error.message == "division by zero")
        #expect(error.diagnostics.first?.span?.start.line == 3)
        #expect(host.stdout == "out\n")
        #expect(session.boundNames == ["a"])
        #expect(session.execute("a + 1", host: host).display?.plainText == "2")
    }

    @Test("syntax errors are all reported and nothing runs")
    func syntaxErrors() throws {
        let session = makeSession()
        let host = RecordingHost()
        let source = "print(1)\nx = ]\ny = 2 +\n"
        let error = try #require(session.execute(source, host: host).error)
        #expect(error.ename == "SyntaxError")
        #expect(error.diagnostics.count >= 2)
        #expect(error.message.contains("syntax errors"))
        #expect(host.events.isEmpty)
        let traceback = error.traceback(source: source, color: false)
        #expect(traceback.count == error.diagnostics.count)
        #expect(traceback[0].contains("^"))
    }

    @Test("the runtime error's traceback points at the culprit")
    func runtimeTraceback() throws {
        let session = makeSession()
        let source = "dense = 1\nmodel = dens + 1"
        let error = try #require(session.execute(source, host: RecordingHost()).error)
        #expect(error.message == "unknown name 'dens' (did you mean 'dense'?)")
        let span = try #require(error.diagnostics.first?.span)
        #expect(span.start.line == 2 && span.start.column == 9 && span.end.column == 13)
        #expect(error.traceback(source: source, color: false).joined().contains("^^^^"))
    }

    @Test("interrupting stops a long loop quickly and keeps earlier bindings")
    func interruptLoop() throws {
        let session = makeSession()
        let host = RecordingHost(interruptAfterPolls: 1000)
        let started = Date()
        let result = session.execute("before = 1\nfor x in range(1e9) {}\nafter = 2", host: host)
        #expect(Date().timeIntervalSince(started) < 5)
        let error = try #require(result.error)
        #expect(error.ename == "KeyboardInterrupt")
        #expect(session.boundNames.contains("before"))
        #expect(!session.boundNames.contains("after"))
    }

    @Test("interrupting stops sleep within a slice")
    func interruptSleep() throws {
        let session = makeSession()
        let host = RecordingHost(interruptAfterPolls: 3)
        let started = Date()
        let result = session.execute("sleep(60)", host: host)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(result.error?.ename == "KeyboardInterrupt")
    }

    @Test("interrupting stops deep recursion too")
    func interruptCalls() {
        let session = makeSession()
        let host = RecordingHost(interruptAfterPolls: 50)
        let result = session.execute("f = { n in if n > 0 { f(n - 1) } else { 0 } }\nf(500)", host: host)
        #expect(result.error?.ename == "KeyboardInterrupt")
    }

    @Test("sleep waits about as long as asked")
    func sleepWaits() {
        let started = Date()
        let result = makeSession().execute("sleep(0.12)", host: RecordingHost())
        #expect(result.error == nil)
        #expect(Date().timeIntervalSince(started) >= 0.1)
    }

    @Test("input reads from the host when allowed")
    func inputAllowed() {
        let session = makeSession()
        let host = RecordingHost(inputs: ["Ada"])
        let result = session.execute("name = input(\"name? \")\n\"hi \" + name", host: host)
        #expect(result.display?.plainText == "\"hi Ada\"")
        #expect(host.askedPrompts == ["name? "])
    }

    @Test("input fails clearly when the front end does not allow it")
    func inputNotAllowed() {
        let result = makeSession().execute("input(\"name? \")", host: RecordingHost())
        #expect(result.error?.message == "input: this front end does not accept input (allow_stdin is false)")
        #expect(result.error?.ename == "RuntimeError")
    }

    @Test("deep but legal recursion works; runaway recursion is an error, not a crash")
    func recursion() {
        let session = makeSession()
        let host = RecordingHost()
        let deep = session.execute("count = { n in if n == 0 { 0 } else { 1 + count(n - 1) } }\ncount(900)", host: host)
        #expect(deep.display?.plainText == "900")
        let runaway = session.execute("count(100000)", host: host)
        #expect(runaway.error?.message.contains("too much recursion") == true)
        #expect(session.execute("count(3)", host: host).display?.plainText == "3")
    }

    @Test("an error inside a closure from an earlier cell points at the call, with a note")
    func errorInEarlierCell() throws {
        let session = makeSession()
        let host = RecordingHost()
        _ = session.execute("bad = { x in\n  x / 0\n}", host: host)
        let source = "y = 1\nbad(2)"
        let error = try #require(session.execute(source, host: host).error)
        #expect(error.message == "division by zero")
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.span?.start.line == 2)
        #expect(diagnostic.notes == ["in 'bad', defined in an earlier cell, at 2:3: x / 0"])
        #expect(error.traceback(source: source, color: false)[0].contains("bad(2)"))
    }

    @Test("help pages a builtin's signature and doc; nothing shows as the result")
    func help() throws {
        let result = makeSession().execute("help(round)", host: RecordingHost())
        #expect(result.display == nil)
        let page = try #require(result.pages.first)
        #expect(page.plainText.hasPrefix("round(x, digits: 0)\n\n"))
        #expect(page.plainText.contains("decimal places"))
    }

    @Test("help on a closure and on a plain value")
    func helpValues() {
        let session = makeSession()
        let result = session.execute("f = { a, b in a }\nhelp(f)\nhelp([1, 2])", host: RecordingHost())
        #expect(result.pages.count == 2)
        #expect(result.pages.first?.plainText.hasPrefix("f(a, b)") == true)
        #expect(result.pages.last?.plainText.hasPrefix("list of 2 items") == true)
    }

    @Test("show and clear_output go to the host")
    func showAndClear() {
        let host = RecordingHost()
        _ = makeSession().execute("show(1)\nclear_output(wait: true)\nclear_output()", host: host)
        #expect(host.events == [.display(MimeBundle(plain: "1"), id: nil), .clear(wait: true), .clear(wait: false)])
    }

    @Test("user expressions evaluate in the session")
    func userExpressions() throws {
        let session = makeSession()
        let host = RecordingHost()
        _ = session.execute("x = [a: 1]", host: host)
        #expect(try session.evaluate(expression: "x.a + 1", host: host).get().plainText == "2")
        #expect(try session.evaluate(expression: "nil", host: host).get().plainText == "nil")
        guard case .failure(let error) = session.evaluate(expression: "x.b", host: host) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.message.contains("no field"))
        guard case .failure(let syntax) = session.evaluate(expression: "1 +", host: host) else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(syntax.ename == "SyntaxError")
    }

    @Test("is_complete defers to the parser's checker")
    func isComplete() {
        let session = makeSession()
        #expect(session.isComplete("x = 1") == .complete)
        if case .incomplete = session.isComplete("f = { x in") {
        } else {
            Issue.record("an open brace should be incomplete")
        }
    }

    @Test(arguments: [
        ("[1, 2][5]", "index 5 is out of range for length 2"),
        ("[1, 2][-3]", "index -3 is out of range for length 2"),
        ("[1, 2][0.5]", "an index must be a whole number, got 0.5"),
        ("[a: 1][\"b\"]", "record has no field 'b'"),
        ("1 < \"a\"", "cannot compare a number with a string using '<'"),
        ("1 && true", "the left side of '&&' must be a bool, got number"),
        ("-\"a\"", "cannot negate a string"),
        ("!1", "the operand of '!' must be a bool, got number"),
        ("for x in 3 {}", "cannot iterate over a number"),
        ("a, b = 3", "cannot unpack a number; expected a list"),
        ("sqrt(-1)", "sqrt: expected a non-negative number, got -1"),
        ("log(0)", "log: expected a positive number, got 0"),
        ("sqrt(\"4\")", "sqrt: the argument must be a number, got a string"),
        ("mean([])", "mean: expected a non-empty list or at least one number"),
        ("sum([1, \"a\"])", "sum: expected numbers, got a string at element 1"),
        ("round(1, 2)", "round: takes 1 positional argument, got 2; pass 'digits:' by its label"),
        ("{ x in x }(1, 2)", "closure: expects 1 argument (x), got 2"),
        ("f = { x in x }\nf(x: 1)", "f: closures take positional arguments only, got label 'x:'"),
        ("range(1, 2, step: 0)", "range: 'step' must not be 0, got 0"),
        ("3.foo()", "number has no field or function 'foo'"),
        ("[1] + 1", "cannot add a list and a number; to append, wrap it in a list: xs + [x]"),
        ("num(\"0x10\")", "num: \"0x10\" is not a number"),
        ("prnt(1)", "unknown name 'prnt' (did you mean 'print'?)"),
    ])
    func runtimeErrors(source: String, message: String) throws {
        let error = try #require(makeSession().execute(source, host: RecordingHost()).error)
        #expect(error.message.contains(message), "got: \(error.message)")
        #expect(error.ename == "RuntimeError")
        #expect(error.diagnostics.first?.span != nil)
    }

    /// A builtin's error names an argument the way the caller can see it: by the label
    /// written, as `the argument` when it is the only positional one, or by the name
    /// the signature in `help` shows, never by an internal placeholder.
    @Test(arguments: [
        ("keys([1])", "keys: the argument must be a record, got a list"),
        ("values(3)", "values: the argument must be a record, got a number"),
        ("list(3)", "list: the argument must be a list, got a number"),
        ("map(3, { x in x })", "map: 'list' must be a list, got a number"),
        ("map([1], 3)", "map: 'function' must be a function, got a number"),
        ("sqrt(x: \"4\")", "sqrt: 'x' must be a number, got a string"),
        ("num([1])", "num: expected a string, got a list"),
        ("filter(nil, { r in true })", "filter: 'items' must be a dataset, a list or runs, got nil"),
        ("round(2.5, digits: 0.5)", "round: 'digits' must be a whole number, got 0.5"),
        ("head(3)", "head: the argument must be a dataset, got a number"),
        ("sleep(-1)", "sleep: the argument must be a non-negative number, got -1"),
    ])
    func argumentsAreNamedAsShown(source: String, message: String) throws {
        let error = try #require(makeSession().execute(source, host: RecordingHost()).error)
        #expect(error.message == message)
    }

    @Test("every builtin's signature names its parameters in words, not placeholders")
    func parameterNames() {
        for builtin in makeSession().registry.all {
            for parameter in builtin.parameters where parameter.kind != .labelled {
                #expect(!["r", "s", "xs", "f"].contains(parameter.name), "\(builtin.signature)")
            }
        }
    }

    /// Unknown labels suggest the label other libraries' names stand for, when the
    /// builtin accepts it; otherwise the nearest name by spelling.
    @Test(arguments: [
        ("adam(learning_rate: 0.1)", "adam: unknown label 'learning_rate' (did you mean 'lr'?)"),
        ("fit(1, 2, batch_size: 16)", "fit: unknown label 'batch_size' (did you mean 'batch'?)"),
        ("fit(1, 2, validation_data: 3)", "fit: unknown label 'validation_data' (did you mean 'val'?)"),
        ("fit(1, 2, n_epochs: 3)", "fit: unknown label 'n_epochs' (did you mean 'epochs'?)"),
        ("fit(1, 2, patience: 3)", "fit: unknown label 'patience' (did you mean 'early_stop'?)"),
        ("sgd(decay: 0.1)", "sgd: unknown label 'decay' (did you mean 'weight_decay'?)"),
        ("adam(beta_1: 0.8)", "adam: unknown label 'beta_1' (did you mean 'beta1'?)"),
        ("adam(epsilon: 1e-7)", "adam: unknown label 'epsilon' (did you mean 'eps'?)"),
        ("dense(num_classes: 3)", "dense: unknown label 'num_classes' (did you mean 'units'?)"),
        ("dense(size: 3)", "dense: unknown label 'size' (did you mean 'units'?)"),
        ("conv2d(8, kernel_size: 3)", "conv2d: unknown label 'kernel_size' (did you mean 'kernel'?)"),
        ("conv2d(8, strides: 2)", "conv2d: unknown label 'strides' (did you mean 'stride'?)"),
        ("maxpool2d(pool_size: 2)", "maxpool2d: unknown label 'pool_size' (did you mean 'size'?)"),
        ("dropout(p: 0.5)", "dropout: unknown label 'p' (did you mean 'rate'?)"),
        ("load_csv(\"x.csv\", sep: \";\")", "load_csv: unknown label 'sep' (did you mean 'delimiter'?)"),
        (
            "split(dataset(\"iris\"), [0.5, 0.5], random_state: 1)",
            "split: unknown label 'random_state' (did you mean 'seed'?)"
        ),
        // The synonym's label is not one round accepts: spelling decides (and finds nothing).
        ("round(1.5, batch_size: 2)", "round: unknown label 'batch_size'"),
        ("round(1.5, digit: 2)", "round: unknown label 'digit' (did you mean 'digits'?)"),
    ])
    func labelSynonyms(source: String, message: String) throws {
        let error = try #require(makeSession().execute(source, host: RecordingHost()).error)
        #expect(error.message == message)
    }
}
