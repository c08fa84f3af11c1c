import Foundation
import Language
import Render
import Testing

/// `diagnose`, `learning_curve` and `mistakes` end to end, with a store in a temporary
/// folder. With RENDER_SAMPLES naming a folder, their PNGs are written there to look at.
@Suite("Diagnosis builtins")
struct DiagnoseBuiltinTests {
    static let setup = """
        iris = dataset("iris")
        train, val, test = split(iris, [0.6, 0.2, 0.2], seed: 3)
        m = sequential([dense(8, activation: "relu"), dense(3)])
        run = fit(m, train, val: val, epochs: 5, batch: 16, seed: 1);
        """

    static func session() -> ExperimentSession {
        let session = ExperimentSession()
        session.run(setup)
        return session
    }

    static func save(_ bundle: MimeBundle, _ name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["RENDER_SAMPLES"],
            let png = bundle.data["image/png"].flatMap({ Data(base64Encoded: $0) })
        else { return }
        try png.write(to: URL(fileURLWithPath: folder + "/diagnose_\(name).png"))
    }

    // MARK: diagnose

    @Test("diagnose(errors:) gives the course's worked example: bias 0.19 is the largest")
    func courseExample() throws {
        let session = ExperimentSession()
        session.run("d = diagnose(errors: [train: 0.20, val: 0.27, test: 0.28], goal: 0.01)")
        #expect(session.printed("d.terms") == "[irreducible: 0.01, bias: 0.19, variance: 0.07, val_overfitting: 0.01]")
        #expect(session.printed("d.largest") == "bias")
        #expect(session.printed("d.remedies[0]") == "bigger model")
        #expect(session.printed("len(d.remedies)") == "6")
        #expect(session.printed("type(d)") == "diagnosis")
        let shown = try session.display("d")
        #expect(shown.plainText.contains("<- largest"))
        #expect(shown.plainText.contains("remedies for bias, most promising first:\n  1. bigger model"))
        #expect(shown.data["text/html"]?.contains("<ol>") == true)
    }

    @Test("a run's errors are 1 - its recorded accuracies; test: and train_val: datasets are evaluated with its model")
    func fromRun() {
        let session = Self.session()
        session.run("d = diagnose(run, test: test, train_val: val, goal: 0.02)")
        #expect(session.printed("d.errors.train == 1 - run.metrics.accuracy") == "true")
        #expect(session.printed("d.errors.val == 1 - run.metrics.val_accuracy") == "true")
        #expect(session.printed("d.errors.test == 1 - evaluate(run, test).accuracy") == "true")
        #expect(session.printed("d.errors.train_val == 1 - evaluate(run, val).accuracy") == "true")
        #expect(session.printed("d.terms.irreducible") == "0.02")
        #expect(session.printed("len(d.terms)") == "5")
        #expect(session.printed("d.terms.shift == d.errors.val - d.errors.train_val") == "true")
        // Numbers work for test: too, and the goal can be a run: its val error.
        session.run(
            "g = fit(sequential([dense(16, activation: \"relu\"), dense(3)]), train, val: val, epochs: 5, seed: 2);")
        session.run("d2 = diagnose(run, test: 0.1, goal: g)")
        #expect(session.printed("d2.errors.goal == 1 - g.metrics.val_accuracy") == "true")
        #expect(session.printed("d2.errors.test") == "0.1")
    }

    @Test("for regression the errors are losses, which may exceed 1")
    func regression() {
        let session = ExperimentSession()
        session.run(
            """
            tr, va, te = split(dataset("diabetes"), [0.6, 0.2, 0.2], seed: 1)
            r = fit(sequential([dense(1)]), tr, val: va, epochs: 2, seed: 1)
            d = diagnose(r, test: te)
            """)
        #expect(session.printed("d.errors.train == r.metrics.loss") == "true")
        #expect(session.printed("d.errors.test == evaluate(r, te).loss") == "true")
        #expect(session.printed("d.errors.val > 1") == "true")
    }

    @Test(
        "bad diagnose input is refused at the argument",
        arguments: [
            ("diagnose(fit(sequential([dense(3)]), train, epochs: 1))", "has no validation history"),
            ("diagnose(errors: [train: 0.2])", "errors: needs 'val' (the validation error rate)"),
            ("diagnose(errors: [val: 0.2])", "errors: needs 'train'"),
            ("diagnose(errors: [train: -0.1, val: 0.2])", "the train error must not be negative, got -0.1"),
            (
                "diagnose(errors: [train: 0.1, val: 1.5])",
                "the val error is an error rate (1 - accuracy), so it lies from 0 to 1"
            ),
            ("diagnose(errors: [train: 0.1, vla: 0.2])", "unknown error \"vla\" (did you mean \"val\"?)"),
            ("diagnose(errors: [train: 0.1, val: \"x\"])", "errors: 'val' must be a number, got a string"),
            ("diagnose(run, test: 1.2)", "the test error is an error rate"),
            ("diagnose(run, goal: -0.5)", "the goal error must not be negative"),
            ("diagnose(run, goal: \"human\")", "'goal' must be a number (the best achievable error"),
            ("diagnose(run, errors: [train: 0.1, val: 0.2])", "give a run or errors:, not both"),
            ("diagnose(errors: [train: 0.1, val: 0.2], test: test)", "give the test error inside it"),
            ("diagnose()", "give a run, e.g. diagnose(run, test: test)"),
            ("diagnose(3)", "the argument must be a run (from fit), got a number"),
            ("diagnose(run, test: select(test, [\"sepal_length\"]))", "the data lacks the columns"),
        ])
    func badDiagnose(source: String, expected: String) {
        let session = Self.session()
        let message = session.error(source) ?? "(no error)"
        #expect(message.contains(expected), "\(source): \(message)")
        #expect(message.hasPrefix("diagnose: "), "\(source): \(message)")
    }

    // MARK: learning_curve

    @Test(
        "learning_curve trains fresh copies on growing prefixes, each a run tagged learning_curve; the model is untouched"
    )
    func learningCurve() throws {
        let session = Self.session()
        let before = session.printed("evaluate(m, test).loss")
        session.run("lc = learning_curve(m, train, val: val, epochs: 5, batch: 16, seed: 1)")
        #expect(session.printed("lc.samples") == "[9, 22, 45, 90]")
        #expect(session.printed("lc.metric") == "accuracy")
        #expect(session.printed("len(lc.runs)") == "4")
        #expect(
            session.printed("lc.runs.map { r in r.tags }") == "["
                + Array(repeating: "[\"learning_curve\"]", count: 4)
                .joined(separator: ", ") + "]")
        #expect(session.printed("len(runs(tag: \"learning_curve\"))") == "4")
        #expect(session.printed("lc.runs[3].params.epochs") == "5")
        #expect(session.printed("evaluate(m, test).loss") == before)
        // The val figures are the runs' models evaluated on val.
        #expect(session.printed("lc.val[3] == evaluate(lc.runs[3], val).accuracy") == "true")
        #expect(session.printed("lc.val_loss[0] == evaluate(lc.runs[0], val).loss") == "true")
        // The largest point trains on every row: the same fit as fit itself on a shuffle.
        #expect(session.printed("len(lc.train)") == "4")
        // Reproducible: the same call gives the same curve.
        session.run("lc2 = learning_curve(m, train, val: val, epochs: 5, batch: 16, seed: 1)")
        #expect(session.printed("lc2.val == lc.val && lc2.train_loss == lc.train_loss") == "true")
        let shown = try session.display("lc")
        #expect(shown.plainText.hasPrefix("learning curve of accuracy: 4 points, 9 to 90 samples"))
        #expect(shown.data["image/png"] != nil)
        #expect(shown.data["text/html"]?.contains("<img src=\"data:image/png;base64,") == true)
        try Self.save(shown, "learning_curve")
    }

    @Test("learning_curve takes fit's labels: metrics, name, tags, and regression's rmse")
    func learningCurveLabels() {
        let session = Self.session()
        session.run(
            """
            lc = learning_curve(m, train, val: val, fractions: [0.5, 1], epochs: 2, metrics: ["f1"],
                                name: "lc", tags: ["mine"])
            """)
        #expect(session.printed("lc.metric") == "f1")
        #expect(session.printed("lc.runs.map { r in r.name }") == "[\"lc n=45\", \"lc n=90\"]")
        #expect(session.printed("lc.runs[0].tags") == "[\"mine\", \"learning_curve\"]")
        session.run(
            """
            tr, va = split(dataset("diabetes"), [0.8, 0.2], seed: 1)
            rc = learning_curve(sequential([dense(1)]), tr, val: va, fractions: [0.5, 1], epochs: 2)
            """)
        #expect(session.printed("rc.metric") == "rmse")
    }

    @Test(
        "bad learning_curve input is refused at the argument before any training",
        arguments: [
            (
                "learning_curve(m, train, val: val, fractions: [0, 0.5])",
                "each fraction must be above 0 and at most 1, got 0"
            ),
            (
                "learning_curve(m, train, val: val, fractions: [0.5, 1.5])",
                "each fraction must be above 0 and at most 1, got 1.5"
            ),
            (
                "learning_curve(m, train, val: val, fractions: [0.5, 0.25])",
                "fractions must increase, got 0.25 after 0.5"
            ),
            ("learning_curve(m, train, val: val, fractions: [0.5, 0.5])", "fractions must increase, got 0.5 after 0.5"),
            ("learning_curve(m, train, val: val, fractions: [0.005, 1])", "fraction 0.005 of 90 rows gives no rows"),
            ("learning_curve(m, train, val: val, fractions: [])", "give at least one fraction"),
            (
                "learning_curve(m, train, val: val, fractions: [\"a\"])",
                "'fractions' must be a list of numbers, got a string in it"
            ),
            ("learning_curve(m, train, val: val, epochs: -3)", "'epochs' must be a positive integer, got -3"),
            ("learning_curve(m, train, val: val, loss: \"mse\")", "loss \"mse\" needs numeric targets"),
            ("learning_curve(m, train)", "missing label 'val:'"),
        ])
    func badLearningCurve(source: String, expected: String) {
        let session = Self.session()
        let host = RecordingHost()
        let message = session.session.execute(source, host: host).error?.message ?? "(no error)"
        #expect(message.contains(expected), "\(source): \(message)")
        #expect(host.events.isEmpty, "\(source) showed output")
        #expect(session.printed("len(runs(tag: \"learning_curve\"))") == "0")
    }

    @Test("an interrupt stops learning_curve at the next batch; the runs so far are kept")
    func interrupt() {
        let session = Self.session()
        let result = session.session.execute(
            "learning_curve(m, train, val: val, epochs: 50, batch: 4)",
            host: RecordingHost(interruptAfterPolls: 40))
        #expect(result.error?.message.lowercased().contains("interrupt") == true)
        #expect(session.printed("len(runs(tag: \"learning_curve\", status: \"interrupted\"))") == "1")
    }

    // MARK: mistakes

    @Test("mistakes on table data: the rows with the highest loss, worst first, as passed")
    func mistakesTable() throws {
        let session = ExperimentSession()
        session.run(
            """
            iris = dataset("iris")
            train, test = split(iris, [0.8, 0.2], seed: 3)
            r = fit(sequential([dense(8, activation: "relu"), dense(3)]), standardize(train), epochs: 5, seed: 1)
            mk = mistakes(r, test, n: 5)
            all = mistakes(r, test, n: 30)
            """)
        #expect(session.printed("len(mk.rows)") == "5")
        #expect(session.printed("range(5).map { i in all.indices[i] } == mk.indices") == "true")
        #expect(session.printed("range(4).map { i in mk.losses[i] >= mk.losses[i + 1] }") == "[true, true, true, true]")
        // Every row's loss together averages to evaluate's loss (the data scaled as evaluate scales it).
        #expect(session.printed("abs(mean(all.losses) - evaluate(r, test).loss) < 1e-5") == "true")
        // The rows as passed: raw values, not standardised ones.
        #expect(session.printed("mk.rows[\"sepal_length\"][0] == test[\"sepal_length\"][mk.indices[0]]") == "true")
        #expect(session.printed("mk.actual[0] == test[\"species\"][mk.indices[0]]") == "true")
        #expect(session.printed("mk.predicted == predict(r, mk.rows)") == "true")
        let shown = try session.display("mk")
        let header = try #require(shown.plainText.split(separator: "\n").dropFirst().first)
        #expect(header.hasPrefix("row  sepal_length"))
        #expect(header.contains("species (true)") && header.hasSuffix("loss"))
        #expect(shown.data["text/html"]?.contains("<table>") == true)
    }

    @Test("mistakes on image data: a grid captioned true → predicted")
    func mistakesImages() throws {
        let session = ExperimentSession()
        session.run(
            """
            digits = dataset("digits")
            train, val = split(digits, [0.8, 0.2], seed: 1)
            r = fit(sequential([flatten(), dense(16, activation: "relu"), dense(10)]), train, epochs: 2, seed: 1)
            mk = mistakes(r, val, n: 12)
            """)
        let shown = try session.display("mk")
        #expect(shown.plainText.contains("images: 12 images of 8x8"))
        #expect(shown.plainText.contains(" → "))
        #expect(shown.data["image/png"] != nil && shown.data["image/svg+xml"]?.contains("<svg") == true)
        #expect(session.printed("len(mk.rows)") == "12")
        try Self.save(shown, "mistakes_digits")
    }

    @Test("mistakes on regression: predicted numbers")
    func mistakesRegression() {
        let session = ExperimentSession()
        session.run(
            """
            tr, te = split(dataset("diabetes"), [0.8, 0.2], seed: 1)
            r = fit(sequential([dense(1)]), tr, epochs: 2, seed: 1)
            mk = mistakes(r, te, n: 3)
            """)
        #expect(session.printed("type(mk.predicted[0])") == "number")
        #expect(session.printed("mk.actual[0] == te[\"progression\"][mk.indices[0]]") == "true")
    }

    @Test(
        "bad mistakes input is refused at the argument",
        arguments: [
            ("mistakes(run, test, n: 0)", "'n' must be a whole number from 1 to 100, got 0"),
            ("mistakes(run, test, n: 101)", "'n' must be a whole number from 1 to 100, got 101"),
            ("mistakes(sequential([dense(3)]), test)", "the model has not been trained yet"),
            ("mistakes(run, [1, 2])", "'ds' must be a dataset, got a list"),
            ("mistakes(run, dataset(\"wine\"))", "the data lacks the columns"),
        ])
    func badMistakes(source: String, expected: String) {
        let session = Self.session()
        let message = session.error(source) ?? "(no error)"
        #expect(message.contains(expected), "\(source): \(message)")
    }
}
