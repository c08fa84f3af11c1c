import Foundation
import Language
import Testing

/// `sweep` and its distributions, plots and store records, as a notebook uses them.
@Suite("Sweeps")
struct SweepBuiltinTests {
    static let quadratic = "{ p in (p.x - 2) ** 2 + (p.y - 3) ** 2 }"

    @Test("the same seed gives the same trials; a named sweep is recorded and loads again")
    func deterministicAndRecorded() {
        let first = ExperimentSession(), second = ExperimentSession()
        for session in [first, second] {
            session.run(
                "s = sweep([x: uniform(-5, 10), y: uniform(0, 15)], trials: 15, seed: 3, name: \"q\") \(SweepBuiltinTests.quadratic)"
            )
        }
        let trials = "map(s.trials) { t in [t.params.x, t.params.y, t.value] }"
        #expect(first.printed(trials) == second.printed(trials))
        #expect(first.printed("len(s.trials)") == "15")
        #expect(first.printed("s.trials[0].state") == "finished")
        let other = ExperimentSession(folder: first.folder)
        #expect(other.printed("len(sweep(name: \"q\").trials)") == "15")
        #expect(
            other.printed("map(sweep(name: \"q\").trials) { t in [t.params.x, t.params.y, t.value] }")
                == first.printed(trials))
        #expect(other.printed("map(sweeps()) { s in [s.name, s.done] }") == "[[\"q\", 15]]")
        // Resuming a named sweep runs up to `trials` in all.
        other.run(
            "r = sweep([x: uniform(-5, 10), y: uniform(0, 15)], trials: 20, seed: 3, name: \"q\") \(SweepBuiltinTests.quadratic)"
        )
        #expect(other.printed("len(r.trials)") == "20")
        #expect(
            other.printed("map(r.trials) { t in t.number }") == "[" + (1...20).map(String.init).joined(separator: ", ")
                + "]")
    }

    @Test("TPE finds a better value than its random start-up trials")
    func tpeImproves() {
        let session = ExperimentSession()
        session.run(
            "s = sweep([x: uniform(-5, 10), y: uniform(0, 15)], trials: 40, seed: 1) \(SweepBuiltinTests.quadratic)")
        let startup = Double(session.printed("min(map(range(10)) { i in s.trials[i].value })"))!
        let best = Double(session.printed("min(map(s.trials) { t in t.value })"))!
        #expect(best < startup / 2, "startup \(startup), best \(best)")
    }

    @Test("grid covers the product exactly once and stops there")
    func grid() {
        let session = ExperimentSession()
        session.run(
            "g = sweep([a: choice([1, 2, 3]), b: integer(1, 2), c: \"fixed\"], method: \"grid\", trials: 50) { p in p.a * p.b }"
        )
        #expect(session.printed("len(g.trials)") == "6")
        let points = session.printed("map(g.trials) { t in str(t.params.a) + \",\" + str(t.params.b) }")
            .dropFirst().dropLast().components(separatedBy: ", ")
        #expect(points.sorted() == ["\"1,1\"", "\"1,2\"", "\"2,1\"", "\"2,2\"", "\"3,1\"", "\"3,2\""], "\(points)")
        #expect(session.printed("g.trials[0].params.c") == "fixed")
        #expect(
            session.error("sweep([x: uniform(0, 1)], method: \"grid\") { p in p.x }")
                == "sweep: x is continuous, and a grid needs a finite set of values: give it a step, or use integer or choice"
        )
    }

    @Test("a failing trial is recorded failed and the sweep goes on")
    func failingTrial() {
        let session = ExperimentSession()
        let host = RecordingHost()
        let result = session.session.execute(
            """
            s = sweep([x: uniform(0, 1)], trials: 4, method: "random") { p in if p.x > 0.5 { 1 / nothing } else { p.x } }
            """, host: host)
        #expect(result.error == nil)
        let states = session.printed("map(s.trials) { t in t.state }")
        #expect(states.contains("failed") && states.contains("finished"), "\(states)")
        #expect(session.printed("len(s.trials)") == "4")
        #expect(
            host.stderr.contains("sweep: trial") && host.stderr.contains("unknown name 'nothing'"), "\(host.stderr)")
    }

    @Test("the median pruner stops bad trials as pruned runs that keep their history")
    func medianPruning() {
        let session = ExperimentSession()
        session.run(
            """
            digits = dataset("digits")
            tr, va = split(digits, [0.8, 0.2], seed: 1)
            tr = minmax(tr, using: tr); va = minmax(va, using: tr)
            s = sweep([lr: loguniform(1e-5, 1e-1)], trials: 12, method: "random", seed: 2,
                      objective: objective("val_accuracy"), pruner: "median", name: "pruned") { p in
              fit(sequential([flatten(), dense(16, activation: "relu"), dense(10)]), tr, val: va, epochs: 6,
                  optimizer: adam(lr: p.lr), seed: 1)
            }
            """)
        let states = session.printed("map(s.trials) { t in t.state }")
        #expect(states.contains("pruned"), "\(states)")
        let pruned = "filter(s.trials) { t in t.state == \"pruned\" }[0]"
        #expect(session.printed("run(\(pruned).run).status") == "pruned")
        #expect(session.printed("len(run(\(pruned).run).history.val_accuracy) < 6") == "true")
        #expect(session.printed("s.best.metrics.val_accuracy > 0.8") == "true")
        #expect(session.printed("len(runs(sweep: \"pruned\"))") == "12")
    }

    @Test("plots: the objective per trial, parallel coordinates and importance")
    func plots() throws {
        let session = ExperimentSession()
        session.run(
            "s = sweep([x: uniform(-5, 10), y: uniform(0, 15), k: choice([\"a\", \"b\"])], trials: 12, seed: 1) \(SweepBuiltinTests.quadratic)"
        )
        for source in ["plot(s)", "parallel(s)", "importance(s)"] {
            let bundle = try session.display(source)
            #expect(bundle.data["image/svg+xml"]?.contains("<svg") == true, "\(source)")
            #expect(bundle.data["image/png"] != nil, "\(source)")
        }
        #expect(try session.display("parallel(s)").plainText.contains("parallel coordinates: 12 trials over x, y, k"))
        #expect(
            try session.display("importance(s)").plainText.hasPrefix("parameter importance — bar chart: 3 bars (y: "))
    }

    @Test(
        "bad input names the argument before any trial",
        arguments: [
            ("sweep([x: uniform(1, 1)]) { p in p.x }", "uniform: the range is empty: lo (1) must be below hi (1)"),
            ("loguniform(0, 1)", "loguniform: a log scale needs bounds above 0, got 0"),
            ("uniform(2, 1)", "uniform: the range is empty"),
            ("choice([])", "choice: choice needs at least one value"),
            (
                "sweep([x: uniform(0, 1)], method: \"tpee\") { p in p.x }",
                "sweep: unknown method \"tpee\" (did you mean \"tpe\"?)"
            ),
            (
                "sweep([x: uniform(0, 1)], pruner: \"medain\") { p in p.x }",
                "sweep: unknown pruner \"medain\" (did you mean \"median\"?)"
            ),
            ("sweep([x: uniform(0, 1)], trials: 0) { p in p.x }", "sweep: 'trials' must be a positive integer, got 0"),
            ("sweep([x: [1, 2]]) { p in p.x }", "sweep: 'x' must be a distribution"),
            ("sweep([x: 1]) { p in p.x }", "sweep: the space has nothing to search"),
            ("sweep(name: \"nope\")", "sweep: no sweep named 'nope'"),
        ])
    func badInput(source: String, expected: String) {
        let session = ExperimentSession()
        let message = session.error(source) ?? "(no error)"
        #expect(message.hasPrefix(expected), "\(source): \(message)")
        #expect(session.printed("len(sweeps())") == "0")
    }

    /// The check on a real model: 20 trials of 20 epochs on a digits MLP, the same
    /// random trials with and without the median pruner. (TPE on the same space trains 67%
    /// of the epochs: its later trials are good ones, which a median pruner lets finish.)
    @Test("the median pruner trains at most 60% of the epochs and finds as good a model")
    func pruningSavesEpochs() {
        let session = ExperimentSession()
        session.run(
            """
            digits = dataset("digits")
            tr, va = split(digits, [0.8, 0.2], seed: 1)
            tr = minmax(tr, using: tr); va = minmax(va, using: tr)
            space = [lr: loguniform(1e-5, 1), units: integer(16, 128, log: true)]
            body = { p in
              fit(sequential([flatten(), dense(p.units, activation: "relu"), dense(10)]), tr, val: va, epochs: 20,
                  optimizer: adam(lr: p.lr), seed: 1)
            }
            goal = objective("val_accuracy")
            full = sweep(space, trials: 20, method: "random", seed: 4, objective: goal, name: "full") { p in body(p) }
            pruned = sweep(space, trials: 20, method: "random", seed: 4, objective: goal, pruner: "median",
                           name: "median") { p in body(p) }
            epochs = { s in sum(map(s.trials) { t in len(run(t.run).history.loss) }) }
            """)
        let full = Double(session.printed("epochs(full)"))!, pruned = Double(session.printed("epochs(pruned)"))!
        #expect(full == 400)
        #expect(pruned <= 0.6 * full, "\(pruned) of \(full) epochs")
        #expect(session.printed("full.best.metrics.val_accuracy - pruned.best.metrics.val_accuracy <= 0.01") == "true")
    }

    @Test("an interrupt stops the sweep and keeps the finished trials")
    func interrupt() {
        let session = ExperimentSession()
        let host = RecordingHost(interruptAfterPolls: 40)
        let result = session.session.execute(
            """
            s = sweep([x: uniform(0, 1)], trials: 1000, method: "random", name: "cut") { p in p.x }
            """, host: host)
        #expect(result.error?.message == "interrupted")
        let states = session.printed("map(sweep(name: \"cut\").trials) { t in t.state }")
        #expect(states.contains("finished"), "\(states)")
        #expect(session.printed("len(sweep(name: \"cut\").trials) < 1000") == "true")
        #expect(!states.contains("running"), "\(states)")
    }

    @Test("hyperband prunes through the epochs of the fit inside")
    func hyperband() {
        let session = ExperimentSession()
        session.run(
            """
            iris = standardize(dataset("iris"))
            tr, va = split(iris, [0.7, 0.3], seed: 1)
            s = sweep([lr: loguniform(1e-5, 1)], trials: 12, method: "random", seed: 1, pruner: "hyperband",
                      objective: objective("val_accuracy")) { p in
              fit(sequential([dense(8, activation: "relu"), dense(3)]), tr, val: va, epochs: 9, optimizer: adam(lr: p.lr))
            }
            """)
        let states = session.printed("map(s.trials) { t in t.state }")
        #expect(states.contains("pruned") && states.contains("finished"), "\(states)")
    }
}
