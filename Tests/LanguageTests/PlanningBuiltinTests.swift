import Foundation
import Language
import Testing

/// auc, top_k and r2 in fit and evaluate; objective, score, runs(sort: obj) and
/// fit(early_stop_on:), and every bad input to them.
@Suite("Planning builtins")
struct PlanningBuiltinTests {
    static let setup = """
        iris = dataset("iris")
        train, val, test = split(iris, [0.6, 0.2, 0.2], seed: 3)
        diabetes = dataset("diabetes")
        dtrain, dval = split(diabetes, [0.8, 0.2], seed: 3)
        """

    @Test func fitRecordsTheNewMetricsPerEpochOverTheWholeSplit() {
        let session = ExperimentSession()
        session.run(Self.setup)
        session.run(
            """
            r = fit(sequential([dense(8, activation: "relu"), dense(3)]), train, val: val, epochs: 3, batch: 8,
                    metrics: ["accuracy", "auc", "top_k"], optimizer: adam(lr: 0.05), seed: 2, name: "cls")
            g = fit(sequential([dense(1)]), dtrain, val: dval, epochs: 2, metrics: ["r2"], seed: 2, name: "reg")
            """)
        #expect(session.printed("len(r.history.auc)") == "3")
        #expect(session.printed("len(r.history.val_top_k)") == "3")
        #expect(session.printed("len(g.history.val_r2)") == "2")
        // The last epoch's validation values are the whole split's, as evaluate computes them.
        #expect(session.printed("r.history.val_auc[2] == evaluate(r, val).auc") == "true")
        #expect(session.printed("g.history.val_r2[1] == evaluate(g, dval).r2") == "true")
        #expect(session.printed("run(\"cls\").metrics.val_auc == r.metrics.val_auc") == "true")
    }

    @Test func evaluateReportsAucTopKAndR2() {
        let session = ExperimentSession()
        session.run(Self.setup)
        session.run(
            """
            r = fit(sequential([dense(3)]), train, epochs: 2, seed: 1)
            g = fit(sequential([dense(1)]), dtrain, epochs: 1, seed: 1)
            d = dataset("digits")
            dr = fit(sequential([flatten(), dense(10)]), d, epochs: 1, seed: 1)
            """)
        let plain = session.run("evaluate(r, test)")
        #expect(plain.contains("auc") && !plain.contains("top_k"))
        #expect(session.printed("evaluate(r, test, k: 2).top_k <= 1") == "true")
        #expect(session.printed("evaluate(r, test, k: 3).top_k") == "1")
        #expect(session.printed("evaluate(dr, d).top_k >= evaluate(dr, d, k: 1).top_k") == "true")
        #expect(session.run("evaluate(g, dval)").contains("r2"))
        #expect(session.printed("len(predict(r, test, probabilities: true)[0])") == "3")
    }

    @Test func objectivesScoreAndRankRuns() {
        let session = ExperimentSession()
        session.run(Self.setup)
        session.run(
            """
            for e in [1, 3, 6] {
              fit(sequential([dense(8, activation: "relu"), dense(3)]), train, val: val, epochs: e,
                  optimizer: adam(lr: 0.02), seed: 4, name: "e" + str(e));
            }
            """)
        #expect(
            session.printed("score(objective(\"val_accuracy\"), run(\"e3\")) == run(\"e3\").metrics.val_accuracy")
                == "true")
        #expect(session.printed("score(\"accuracy\", run(\"e3\")) == run(\"e3\").metrics.val_accuracy") == "true")
        #expect(
            session.printed(
                """
                score(objective([val_accuracy: 1, val_loss: 3], goal: "min"), run("e1")) == \
                (run("e1").metrics.val_accuracy + 3 * run("e1").metrics.val_loss) / 4
                """) == "true")
        // Ranked by the objective: the same order as sorting by the metric.
        #expect(
            session.printed("runs(sort: objective(\"val_loss\"))[0].id == runs(sort: \"val_loss\")[0].id") == "true")
        // Only the run with the lowest val_loss meets the requirement: it ranks first.
        session.run(
            """
            lowest = runs(sort: "val_loss")[0]
            o = objective("val_accuracy", require: [val_loss: lowest.metrics.val_loss])
            ranked = runs(sort: o)
            """)
        #expect(session.printed("ranked[0].id == lowest.id") == "true")
        let table = session.run("ranked")
        #expect(table.contains("score") && table.contains("sorted by score, highest first"))
        #expect(table.contains("score: max val_accuracy, require val_loss ≤"))
        #expect(table.contains("2 runs miss a requirement (ranked below)"))
        #expect(session.printed("o.goal") == "max")
        #expect(session.printed("o.require") == "[val_loss: \(session.printed("lowest.metrics.val_loss"))]")
    }

    @Test func earlyStopOnAnObjectiveRecordsIt() {
        let session = ExperimentSession()
        session.run(Self.setup)
        session.run(
            """
            r = fit(sequential([dense(3)]), train, val: val, epochs: 4, early_stop: 2,
                    early_stop_on: objective("auc", require: [accuracy: 0.5]), seed: 1, name: "watched")
            """)
        // The objective's metrics are computed every epoch, and the run (in the store too) records it.
        #expect(session.printed("len(r.history.val_auc)") != "0")
        #expect(
            session.printed("run(\"watched\").params.early_stop_on")
                == "[metric: \"auc\", goal: \"max\", require: [accuracy: 0.5]]")
        #expect(session.printed("r.params.early_stop_on.metric") == "auc")
        session.run("plain = fit(sequential([dense(3)]), train, epochs: 1, name: \"plain\")")
        #expect(session.printed("run(\"plain\").params.early_stop_on") == "nil")
    }

    @Test(
        "bad input names the argument and records nothing",
        arguments: [
            ("objective(\"acuracy\")", "objective: 'metric': unknown metric \"acuracy\" (did you mean \"accuracy\"?)"),
            (
                "objective(\"accuracy\", goal: \"maximize\")",
                "objective: 'goal' must be \"max\" or \"min\" (or \"auto\"), got \"maximize\""
            ),
            ("objective(\"accuracy\", goal: 1)", "objective: 'goal' must be \"max\" or \"min\", got a number"),
            (
                "objective(\"recall\", require: [accuracy: 1.5])",
                "objective: 'require': the threshold on accuracy must be between 0 and 1, got 1.5"
            ),
            (
                "objective(\"recall\", require: [rmse: -2])",
                "objective: 'require': the threshold on rmse must be at least 0, got -2"
            ),
            (
                "objective(\"recall\", require: [precison: 0.5])",
                "objective: 'require': unknown metric \"precison\" (did you mean \"precision\"?)"
            ),
            (
                "objective(\"recall\", require: [precision: \"high\"])",
                "objective: 'require' must map metric names to numbers, got a string for precision"
            ),
            ("objective([accuracy: 0.5, loss: 0.5])", "objective: 'metric': the metrics disagree on direction"),
            (
                "objective([precision: -1])",
                "objective: 'metric': the weight of precision must be a positive number, got -1"
            ),
            ("objective([:])", "objective: 'metric': an objective needs a metric"),
            ("objective(3)", "objective: the argument must be a metric name such as \"val_accuracy\""),
            (
                "score(objective(\"r2\"), run(\"cls\"))",
                "score: 'objective': \"r2\" measures numeric predictions (regression), and the data has classes"
            ),
            ("score(\"val_f1\", run(\"cls\"))", "score: run "),
            ("score(3, run(\"cls\"))", "score: 'objective' must be an objective"),
            (
                "fit(sequential([dense(1)]), dtrain, early_stop: 2, early_stop_on: \"auc\")",
                "fit: 'early_stop_on': \"auc\" measures class predictions, and the data has numeric targets (regression)"
            ),
            (
                "fit(sequential([dense(3)]), train, early_stop: 2, early_stop_on: objective(\"accuracy\", require: [r2: 0.5]))",
                "fit: 'early_stop_on': \"r2\" measures numeric predictions (regression), and the data has classes"
            ),
            ("fit(sequential([dense(3)]), train, early_stop_on: \"auc\")", "fit: 'early_stop_on' needs 'early_stop'"),
            (
                "fit(sequential([dense(3)]), train, early_stop: 2, early_stop_on: \"val_auc\")",
                "fit: 'early_stop_on': \"val_auc\" is measured on validation data; give val: a dataset"
            ),
            (
                "fit(sequential([dense(3)]), train, early_stop: 2, early_stop_on: \"aucc\")",
                "fit: 'early_stop_on': unknown metric \"aucc\" (did you mean \"auc\"?)"
            ),
            (
                "fit(sequential([dense(3)]), train, early_stop: 2, early_stop_on: 3)",
                "fit: 'early_stop_on' must be an objective"
            ),
            ("fit(sequential([dense(3)]), train, metrics: [\"r2\"])", "fit: metric \"r2\" does not suit this data"),
            ("fit(sequential([dense(1)]), dtrain, metrics: [\"auc\"])", "fit: metric \"auc\" does not suit this data"),
            (
                "fit(sequential([dense(3)]), train, metrics: [\"top-k\"])",
                "fit: unknown metric \"top-k\" (did you mean \"top_k\"?)"
            ),
            (
                "runs(sort: objective(\"val_f1\"))",
                "runs: 'sort': no run records \"val_f1\"; fit with metrics: [\"f1\"] records it"
            ),
            (
                "runs(sort: objective(\"auc\"), tag: \"regression\")",
                "runs: 'sort': \"auc\" measures class predictions, and the data has numeric targets (regression)"
            ),
            ("evaluate(run(\"cls\"), test, k: 0)", "evaluate: 'k' must be a positive integer, got 0"),
            ("predict(run(\"reg\"), dval, probabilities: true)", "predict: 'probabilities' is for classification"),
        ])
    func badInput(source: String, expected: String) {
        let session = Self.badInputSession()
        let before = session.printed("len(runs(limit: nil))")
        let message = session.error(source) ?? "(no error)"
        #expect(message.hasPrefix(expected), "\(source): \(message)")
        #expect(session.printed("len(runs(limit: nil))") == before, "\(source) recorded a run")
    }

    /// One classification and one regression run (tagged "regression") in a store.
    static func badInputSession() -> ExperimentSession {
        let session = ExperimentSession()
        session.run(setup)
        session.run(
            """
            fit(sequential([dense(3)]), train, val: val, epochs: 1, name: "cls");
            reg = fit(sequential([dense(1)]), dtrain, epochs: 1, name: "reg", tags: ["regression"]);
            """)
        return session
    }
}
