import Foundation
import Language
import Testing

/// `baseline`: the number to beat, recorded as a run tagged `baseline` that evaluates,
/// predicts and compares like a model's.
@Suite("Baselines")
struct BaselineBuiltinTests {
    static let setup = """
        bc = dataset("breast_cancer")
        tr, va, te = split(bc, [0.6, 0.2, 0.2], seed: 4)
        """

    @Test("majority predicts the most frequent class and scores its share")
    func majority() {
        let session = ExperimentSession()
        session.run(BaselineBuiltinTests.setup + "\nb = baseline(tr, val: va, name: \"most\")")
        // breast_cancer is 357 benign to 212 malignant: every prediction is "benign".
        #expect(session.printed("predict(b, te) == map(range(count(te))) { i in \"benign\" }") == "true")
        let share = session.printed("len(filter(tr[\"diagnosis\"]) { d in d == \"benign\" }) / count(tr)")
        #expect(session.printed("b.metrics.accuracy") == share)
        #expect(session.printed("b.tags") == "[\"baseline\"]")
        #expect(session.printed("b.params.kind") == "majority")
        // Listed with the models, and read back from the store in another session.
        #expect(session.printed("len(runs(tag: \"baseline\"))") == "1")
        let other = ExperimentSession(folder: session.folder)
        other.run(BaselineBuiltinTests.setup)
        #expect(other.printed("evaluate(run(\"most\"), te).accuracy") == session.printed("evaluate(b, te).accuracy"))
    }

    @Test("linear: least squares equals the normal equations' solution; logistic regression beats majority")
    func linear() {
        let session = ExperimentSession()
        var csv = "a,b,y\n"
        for row in [(0, 1, 3.5), (1, 0, 1.0), (2, 1, 6.1), (3, 3, 9.9), (4, 2, 8.2), (5, 5, 15.8)] {
            csv += "\(row.0),\(row.1),\(row.2)\n"
        }
        try? csv.write(toFile: session.folder + "/ls.csv", atomically: true, encoding: .utf8)
        session.run(
            """
            ls = load_csv("ls.csv", target: "y")
            lin = baseline(ls, kind: "linear")
            """)
        // numpy.linalg.lstsq on [1, a, b]: intercept 1.20952, a 0.65952, b 2.27917; checked
        // through the predictions at (0, 0), (1, 0) and (0, 1).
        try? "a,b,y\n0,0,0\n1,0,0\n0,1,0\n".write(
            toFile: session.folder + "/probe.csv", atomically: true, encoding: .utf8)
        session.run("probe = load_csv(\"probe.csv\", target: \"y\")")
        let predicted = session.printed("map(predict(lin, probe)) { p in round(p, digits: 3) }")
        #expect(predicted == "[1.21, 1.869, 3.489]", "\(predicted)")
        session.run(
            BaselineBuiltinTests.setup + """

                most = baseline(tr, val: va)
                logistic = baseline(tr, val: va, kind: "linear")
                """)
        #expect(session.printed("logistic.metrics.val_accuracy > 0.95") == "true")
        #expect(session.printed("logistic.metrics.val_accuracy > most.metrics.val_accuracy") == "true")
        // Deterministic: the same fit twice gives the same weights.
        #expect(session.printed("predict(logistic, te) == predict(baseline(tr, kind: \"linear\"), te)") == "true")
        let compared = session.run("compare(most, logistic)")
        #expect(compared.contains("majority") && compared.contains("linear"), "\(compared)")
    }

    @Test("a baseline measured elsewhere is a run with metrics and no model")
    func external() {
        let session = ExperimentSession()
        session.run("h = baseline(name: \"human\", metrics: [accuracy: 0.97])")
        #expect(session.printed("h.metrics") == "[accuracy: 0.97]")
        #expect(session.printed("h.status") == "finished")
        let other = ExperimentSession(folder: session.folder)
        #expect(other.printed("run(\"human\").metrics.accuracy") == "0.97")
        #expect(other.printed("run(\"human\").tags") == "[\"baseline\"]")
        #expect(session.error("evaluate(h, dataset(\"iris\"))")?.contains("no usable trained weights") == true)
    }

    @Test(
        "bad input names the argument and records nothing",
        arguments: [
            (
                "baseline(tr, kind: \"majorty\")",
                "baseline: unknown baseline kind \"majorty\" (did you mean \"majority\"?)"
            ),
            ("baseline(tr, kind: \"mean\")", "baseline: a \"mean\" baseline needs a numeric target"),
            ("baseline(dataset(\"diabetes\"), kind: \"majority\")", "baseline: a \"majority\" baseline needs classes"),
            ("baseline()", "baseline: pass the training data"),
            (
                "baseline(name: \"h\", metrics: [accuracy: 1.5])",
                "baseline: metric 'accuracy' lies between 0 and 1, got 1.5"
            ),
            (
                "baseline(name: \"h\", metrics: [acuracy: 0.9])",
                "baseline: unknown metric \"acuracy\" (did you mean \"accuracy\"?)"
            ),
            ("baseline(metrics: [accuracy: 0.9])", "baseline: a baseline measured elsewhere needs a name"),
            (
                "baseline(tr, name: \"h\", metrics: [accuracy: 0.9])",
                "baseline: a baseline with metrics: was measured elsewhere"
            ),
            ("baseline(tr, val: dataset(\"diabetes\"))", "baseline: the data lacks the columns"),
        ])
    func badInput(source: String, expected: String) {
        let session = ExperimentSession()
        session.run(BaselineBuiltinTests.setup)
        let message = session.error(source) ?? "(no error)"
        #expect(message.hasPrefix(expected), "\(source): \(message)")
        #expect(session.printed("len(runs())") == "0")
    }
}
