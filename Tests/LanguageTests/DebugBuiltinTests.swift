import Foundation
import Language
import Render
import Testing

@Suite("Debugging builtins")
struct DebugBuiltinTests {
    static let setup = """
        iris = standardize(dataset("iris"))
        m = sequential([dense(16, activation: "relu"), dense(3)])
        """

    /// Writes the value's PNG to `STRATA_PLOT_DIR` when set, to look at by eye.
    static func savePNG(_ bundle: MimeBundle?, _ name: String) {
        guard let folder = ProcessInfo.processInfo.environment["STRATA_PLOT_DIR"],
            let png = bundle?.data["image/png"], let bytes = Data(base64Encoded: png)
        else { return }
        try? bytes.write(to: URL(fileURLWithPath: folder).appendingPathComponent(name + ".png"))
    }

    @Test("a correct MLP on iris overfits one batch: passed, no symptom, stops early; the model is untouched")
    func overfitPasses() {
        let model = ModelSession()
        model.run(DebugBuiltinTests.setup)
        let host = RecordingHost()
        let shown = model.run("o = overfit(m, iris, optimizer: adam(lr: 0.01)); o", host: host)
        #expect(shown.hasPrefix("overfit passed: loss "), "\(shown)")
        #expect(model.printed("[o.passed, o.symptom, o.causes]") == "[true, nil, []]")
        #expect(model.printed("o.final_loss < 0.01 && o.steps < 300 && len(o.losses) == o.steps") == "true")
        // The model was not built, trained or changed.
        #expect(model.printed("summary(m).parameters") == "nil")
        // Live: one display, updated in place, ending with the last step.
        let displays = host.events.filter { if case .display = $0 { true } else { false } }
        #expect(displays.count == 1)
        // Recorded as a run tagged overfit, with its settings.
        #expect(model.printed("len(runs(tag: \"overfit\"))") == "1")
        #expect(model.printed("run(o.run).params.threshold") == "0.01")
        #expect(model.printed("run(o.run).tags") == "[\"overfit\"]")
        let bundle = model.session.execute("o", host: RecordingHost()).display
        #expect(bundle?.data["image/svg+xml"]?.contains("<svg") == true)
        #expect(bundle?.data["text/html"]?.contains("<img src=\"data:image/png;base64,") == true)
        DebugBuiltinTests.savePNG(bundle, "overfit_passed")
    }

    @Test("a learning rate of 100 explodes; too low a rate plateaus; the causes are the course's")
    func overfitSymptoms() {
        let model = ModelSession()
        model.run(DebugBuiltinTests.setup)
        model.run("x = overfit(m, iris, optimizer: sgd(lr: 100))")
        #expect(model.printed("[x.passed, x.symptom]") == "[false, \"explodes\"]")
        #expect(model.printed("x.causes").contains("a learning rate too high"))
        #expect(model.printed("x.causes").contains("log of zero"))
        DebugBuiltinTests.savePNG(model.session.execute("x", host: RecordingHost()).display, "overfit_explodes")
        model.run("p = overfit(m, iris, optimizer: adam(lr: 1e-6), steps: 50)")
        #expect(model.printed("[p.passed, p.symptom, p.steps]") == "[false, \"plateaus\", 50]")
        #expect(model.printed("p.causes").contains("a learning rate too low"))
        #expect(model.run("p").hasPrefix("overfit failed: the loss plateaus ("))
    }

    @Test("a batch with shuffled labels does not pass")
    func shuffledLabels() throws {
        let model = ModelSession()
        // Iris with the species of each row replaced by that of a row a prime stride away.
        model.run("to_csv(dataset(\"iris\"), \"iris.csv\")")
        let lines = try String(contentsOfFile: model.folder + "/iris.csv", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let rows = Array(lines.dropFirst())
        let labels = rows.map { String($0.split(separator: ",").last!) }
        let shuffled = rows.indices.map { i in
            rows[i].split(separator: ",").dropLast().joined(separator: ",") + "," + labels[(i * 37 + 11) % rows.count]
        }
        try ([lines[0]] + shuffled).joined(separator: "\n")
            .write(toFile: model.folder + "/shuffled.csv", atomically: true, encoding: .utf8)
        model.run(
            """
            bad = standardize(load_csv("shuffled.csv", target: "species"))
            m = sequential([dense(16, activation: "relu"), dense(3)])
            s = overfit(m, bad, optimizer: adam(lr: 0.01))
            """)
        #expect(model.printed("s.passed") == "false")
        #expect(model.printed("s.symptom != nil && len(s.causes) > 0") == "true")
    }

    @Test("overfit and lr_find leave a trained model's weights bit-identical")
    func modelUntouched() {
        let model = ModelSession()
        model.run(DebugBuiltinTests.setup)
        model.run("fit(m, iris, epochs: 3);")
        let before = model.printed("[predict(m, iris), evaluate(m, iris).loss, summary(m).parameters]")
        model.run(
            "overfit(m, iris, optimizer: adam(lr: 0.01)); overfit(m, iris, optimizer: sgd(lr: 100)); lr_find(m, iris);")
        #expect(model.printed("[predict(m, iris), evaluate(m, iris).loss, summary(m).parameters]") == before)
    }

    @Test("lr_find sweeps the rate exponentially, smooths the loss and suggests a rate inside the sweep")
    func lrFind() {
        let model = ModelSession()
        model.run(DebugBuiltinTests.setup)
        let shown = model.run("f = lr_find(m, iris); f")
        #expect(shown.hasPrefix("lr_find: suggested lr "), "\(shown)")
        #expect(
            model.printed("[f.lrs[0], f.suggest, len(f.lrs) == len(f.losses), len(f.raw_losses) == len(f.lrs)]")
                == "[1e-07, \"valley\", true, true]")
        #expect(model.printed("f.lr > 1e-7 && f.lr < 10") == "true")
        // Exponential: a constant ratio between steps (1e8 ^ (1/100)).
        #expect(
            model.printed("round(f.lrs[1] / f.lrs[0], digits: 6) == round(f.lrs[51] / f.lrs[50], digits: 6)") == "true")
        // De-biased: the first smoothed loss is the first loss.
        #expect(model.printed("f.losses[0] == f.raw_losses[0]") == "true")
        #expect(model.printed("summary(m).parameters") == "nil")
        #expect(model.printed("len(runs(tag: \"lr_find\"))") == "1")
        #expect(model.printed("run(f.run).params.start") == "1e-07")
        for method in ["steep", "minimum"] {
            #expect(model.printed("lr_find(m, iris, suggest: \"\(method)\").suggest") == method)
        }
        let bundle = model.session.execute("f", host: RecordingHost()).display
        #expect(bundle?.data["image/svg+xml"]?.contains("<svg") == true)
        DebugBuiltinTests.savePNG(bundle, "lr_find")
    }

    @Test("lr_find stops once the smoothed loss passes 4x its best")
    func lrFindStops() {
        let model = ModelSession()
        model.run(DebugBuiltinTests.setup)
        model.run("f = lr_find(m, iris, optimizer: sgd(), start: 1e-3, end: 1e6, steps: 200)")
        #expect(model.printed("len(f.lrs) < 200") == "true")
        #expect(model.run("f").contains("stopped when the loss diverged"))
    }

    @Test(
        "bad debugging arguments fail before training, at the argument",
        arguments: [
            ("overfit(m, iris, steps: 0)", "overfit: 'steps' must be a positive integer, got 0"),
            ("overfit(m, iris, batches: -1)", "overfit: 'batches' must be a positive integer, got -1"),
            ("overfit(m, iris, batch: 2.5)", "overfit: 'batch' must be a positive integer, got 2.5"),
            ("overfit(m, iris, threshold: 0)", "overfit: 'threshold' must be a positive number, got 0"),
            ("overfit(m, iris, threshold: -0.5)", "overfit: 'threshold' must be a positive number, got -0.5"),
            ("overfit(m, iris, optimizer: \"sgdd\")", "overfit: unknown optimizer \"sgdd\" (did you mean \"sgd\"?)"),
            ("overfit(m, iris, loss: \"mse\")", "overfit: loss \"mse\" does not suit this data"),
            ("overfit(m, filter(iris, { r in false }))", "overfit: the dataset has no rows"),
            ("overfit(m, [1, 2])", "overfit: 'ds' must be a dataset, got a list"),
            ("overfit(3, iris)", "overfit: 'model' must be a model (from sequential), got a number"),
            ("lr_find(m, iris, start: 1, end: 0.1)", "lr_find: 'end' must be greater than 'start' (1), got 0.1"),
            ("lr_find(m, iris, start: 1, end: 1)", "lr_find: 'end' must be greater than 'start' (1), got 1"),
            ("lr_find(m, iris, start: 0)", "lr_find: 'start' must be a positive number, got 0"),
            ("lr_find(m, iris, start: -1e-7)", "lr_find: 'start' must be a positive number, got -1e-07"),
            ("lr_find(m, iris, steps: 1)", "lr_find: 'steps' must be a whole number from 2 up, got 1"),
            (
                "lr_find(m, iris, suggest: \"valey\")",
                "lr_find: unknown suggestion \"valey\" (did you mean \"valley\"?)"
            ),
            ("lr_find(m, iris, suggest: \"fastest\")", "lr_find: unknown suggestion \"fastest\"; expected one of"),
            ("lr_find(m, filter(iris, { r in false }))", "lr_find: the dataset has no rows"),
        ])
    func badArguments(source: String, expected: String) {
        let model = ModelSession()
        model.run(DebugBuiltinTests.setup)
        let host = RecordingHost()
        let message = model.error(source, host: host) ?? "(no error)"
        #expect(message.hasPrefix(expected), "\(source): \(message)")
        #expect(host.events.isEmpty, "\(source) showed output")
        #expect(model.printed("len(runs())") == "0")
    }

    @Test("an interrupted overfit keeps its run, marked interrupted")
    func interrupt() {
        let model = ModelSession()
        model.run(DebugBuiltinTests.setup)
        let host = RecordingHost(interruptAfterPolls: 20)
        let result = model.session.execute("o = overfit(m, iris, optimizer: adam(lr: 1e-6))", host: host)
        #expect(result.error?.ename == "KeyboardInterrupt")
        let runs = model.session.services.existing(TrainingRuns.self)?.runs ?? []
        #expect(runs.map(\.status) == [.interrupted])
        #expect(model.printed("summary(m).parameters") == "nil")
    }
}
