import Foundation
import Language
import Testing

/// Preprocessing travels with the model: `using:` applies the statistics that produced
/// a scaled split, a trained model (or its run, in another session) applies its
/// training data's preprocessing to raw data, categories and classes match by name, and
/// data prepared differently gets a warning naming both datasets.
@Suite("Preprocessing kept with the model")
struct PreprocessingTests {
    static let cancer = """
        bc = dataset("breast_cancer")
        tr, va, te = split(bc, [0.6, 0.2, 0.2], seed: 4)
        """

    /// The stderr and the error (if any) of one cell.
    static func stderr(_ session: ModelSession, _ source: String) -> String {
        let host = RecordingHost()
        _ = session.error(source, host: host)
        return host.stderr
    }

    @Test("using: a split rebound to its scaled self applies the statistics that scaled it")
    func usingAppliesTheProducingStatistics() {
        let model = ModelSession()
        model.run(
            """
            digits = dataset("digits")
            train, val = split(digits, [0.8, 0.2], seed: 1)
            before = minmax(val, using: train)
            train = minmax(train, using: train)
            after = minmax(val, using: train)
            """)
        #expect(model.printed("version(before) == version(after)") == "true")
        // Scaling the already scaled split again with its own statistics changes nothing.
        #expect(model.printed("version(minmax(train, using: train)) == version(train)") == "true")
        model.run(
            """
            s = standardize(train)
            s2 = standardize(val, using: s)
            s3 = standardize(val, using: standardize(train))
            """)
        #expect(model.printed("version(s2) == version(s3)") == "true")
    }

    @Test("a model trained on standardized data gives the same metrics on raw test data")
    func rawDataGoesThroughTheModelsPreprocessing() {
        let model = ModelSession()
        model.run(
            PreprocessingTests.cancer + """

                m = sequential([dense(16, activation: "relu"), dense(2)])
                r = fit(m, standardize(tr), val: standardize(va, using: tr), epochs: 5, seed: 1)
                """)
        let scaled = model.printed("evaluate(m, standardize(te, using: tr)).accuracy")
        #expect(model.printed("evaluate(m, te).accuracy") == scaled)
        #expect(model.printed("evaluate(r, te).accuracy") == scaled)
        #expect(model.printed("evaluate(m, te).loss == evaluate(m, standardize(te, using: tr)).loss") == "true")
        #expect(model.printed("predict(r, te) == predict(m, standardize(te, using: tr))") == "true")
        #expect(Double(scaled)! > 0.85)
        // A raw val split is scaled the way the training data was: same history.
        model.run(
            """
            m2 = sequential([dense(16, activation: "relu"), dense(2)])
            r2 = fit(m2, standardize(tr), val: va, epochs: 5, seed: 1)
            """)
        #expect(model.printed("r2.history.val_loss == r.history.val_loss") == "true")
        // No warning when data is raw or prepared with `using:` the training split.
        #expect(PreprocessingTests.stderr(model, "evaluate(m, te); evaluate(m, standardize(te, using: tr))") == "")
    }

    @Test("data scaled with its own statistics, or none, gets one warning naming both datasets")
    func differentlyScaledDataWarns() {
        let model = ModelSession()
        model.run(
            PreprocessingTests.cancer + """

                m = sequential([dense(2)])
                r = fit(m, standardize(tr), epochs: 2)
                """)
        // The scaling is wrong on purpose: the linter's leakage warning (S302) is silenced.
        let own = PreprocessingTests.stderr(model, "evaluate(m, standardize(te))  # strata: ignore[S302]")
        #expect(
            own.hasPrefix(
                "evaluate: warning: `standardize(te)` was preprocessed differently from the data the "
                    + "model was trained on: it went through standardize with its own statistics; the data the model was "
                    + "trained on through standardize with the statistics of 'breast_cancer' ("), "\(own)")
        #expect(own.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1)
        let val = PreprocessingTests.stderr(
            model,
            "fit(sequential([dense(2)]), standardize(tr), val: standardize(va), epochs: 1)  # strata: ignore[S302]"
        )
        #expect(
            val.hasPrefix(
                "fit: warning: `standardize(va)` was preprocessed differently from `standardize(tr)`: "
                    + "it went through standardize with its own statistics; `standardize(tr)` through standardize with "
                    + "the statistics of 'breast_cancer' ("), "\(val)")
        // Minmax where the model was standardized.
        let other = PreprocessingTests.stderr(model, "predict(m, minmax(te, using: tr))")
        #expect(other.contains("it went through minmax with the statistics of 'breast_cancer' ("), "\(other)")
    }

    static func writeCities(_ folder: String, _ name: String, rows: [(Double, String, String)]) throws {
        var csv = "size,city,label\n"
        for (size, city, label) in rows { csv += "\(size),\(city),\(label)\n" }
        try csv.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }

    @Test("categories and classes match by name; an unseen category is counted in a warning")
    func categoriesAndClassesByName() throws {
        let model = ModelSession()
        var rows: [(Double, String, String)] = []
        for index in 0..<60 {
            let city = ["Amsterdam", "Berlin", "Paris"][index % 3]
            rows.append((Double(index % 5), city, index % 3 == 0 ? "neg" : "pos"))
        }
        try PreprocessingTests.writeCities(model.folder, "train.csv", rows: rows)
        // No Amsterdam, one unseen city, and only `pos` rows.
        try PreprocessingTests.writeCities(
            model.folder, "holdout.csv",
            rows: [
                (0.5, "Berlin", "pos"), (1.5, "Paris", "pos"), (2.5, "Rome", "pos"), (3.5, "Berlin", "pos"),
            ])
        model.run(
            """
            train = load_csv("train.csv", target: "label")
            m = sequential([dense(2)])
            r = fit(m, train, epochs: 20, seed: 2)
            holdout = load_csv("holdout.csv", target: "label")
            """)
        let host = RecordingHost()
        let shown = model.run("evaluate(m, holdout)", host: host)
        #expect(shown.contains("actual \\ predicted  neg  pos"), "\(shown)")
        #expect(
            host.stderr == "evaluate: warning: 1 cell of `holdout` has a category the model never saw, "
                + "encoded as none of the known ones: city 'Rome' (1)\n")
        #expect(model.printed("len(predict(r, holdout))") == "4")
        // Reordered columns and extra ones read by name too.
        try "label,extra,city,size\npos,9,Berlin,1\nneg,9,Amsterdam,3\n".write(
            toFile: model.folder + "/reordered.csv", atomically: true, encoding: .utf8)
        model.run("reordered = load_csv(\"reordered.csv\", target: \"label\")")
        #expect(model.printed("predict(m, reordered) == predict(m, select(reordered, [\"size\", \"city\"]))") == "true")
        // A class the model never learned cannot be scored.
        try PreprocessingTests.writeCities(
            model.folder, "odd.csv", rows: [(1, "Berlin", "maybe"), (2, "Paris", "pos")])
        model.run("odd = load_csv(\"odd.csv\", target: \"label\")")
        #expect(
            model.error("evaluate(m, odd)")
                == "evaluate: the data has class 'maybe' the model was not trained on (it knows 'neg', 'pos')")
        // A column read as numbers in training that holds text now.
        try "size,city,label\nbig,Berlin,pos\n".write(
            toFile: model.folder + "/text.csv", atomically: true, encoding: .utf8)
        model.run("text = load_csv(\"text.csv\", target: \"label\")")
        #expect(
            model.error("predict(m, text)")
                == "predict: the model read column 'size' as numbers, the data has text in it")
    }

    @Test("a run keeps its preprocessing in the store: another session evaluates raw data the same way")
    func storedRunsKeepTheirPreprocessing() {
        let session = ExperimentSession()
        session.run(
            PreprocessingTests.cancer + """

                r = fit(sequential([dense(8, activation: "relu"), dense(2)]), minmax(tr, using: tr), epochs: 3, name: "kept")
                """)
        let here = session.printed("evaluate(r, minmax(te, using: tr))")
        let other = ExperimentSession(folder: session.folder)
        other.run(PreprocessingTests.cancer)
        #expect(other.printed("evaluate(run(\"kept\"), te)") == here)
        #expect(other.printed("evaluate(restore(\"kept\"), te)") == here)
        #expect(
            other.printed("predict(restore(\"kept\"), te) == predict(run(\"kept\"), minmax(te, using: tr))") == "true")
    }

    @Test("data that shares rows with the training data gets a warning; the training data itself does not")
    func sharedRowsWarn() {
        let model = ModelSession()
        model.run(
            """
            iris = dataset("iris")
            tr, va, te = split(iris, [0.7, 0.15, 0.15], seed: 3)
            m = sequential([dense(3)])
            """)
        let val = PreprocessingTests.stderr(model, "fit(m, tr, val: iris, epochs: 1)")
        #expect(
            val.hasPrefix(
                "fit: warning: 106 of the 150 rows of `iris` are also in `tr`, so its metrics partly "
                    + "measure memory"), "\(val)")
        let test = PreprocessingTests.stderr(model, "evaluate(m, iris)")
        #expect(
            test.hasPrefix(
                "evaluate: warning: 106 of the 150 rows of `iris` are also in the data the model was "
                    + "trained on"), "\(test)")
        #expect(PreprocessingTests.stderr(model, "predict(m, va)") == "")
        #expect(PreprocessingTests.stderr(model, "evaluate(m, tr); evaluate(m, te)") == "")
    }

    @Test("fills travel with the run: raw data with missing cells is filled as the training data was")
    func fillsTravelWithTheRun() throws {
        let model = ModelSession()
        var csv = "age,height,city,label\n"
        for index in 0..<80 {
            let age = index % 9 == 0 ? "" : String(20 + Double(index) * 0.5)
            let city = index % 7 == 0 ? "" : ["lyon", "nice", "paris"][index % 3]
            csv += "\(age),\(150 + index),\(city),\(index % 2 == 0 ? "a" : "b")\n"
        }
        try csv.write(toFile: model.folder + "/people.csv", atomically: true, encoding: .utf8)
        model.run(
            """
            people = load_csv("people.csv", target: "label")
            tr, te = split(people, [0.75, 0.25], seed: 2)
            ready = standardize(fillna(tr, "median"))
            m = sequential([dense(2)])
            r = fit(m, ready, epochs: 3)
            """)
        // Raw test data (with missing cells) is filled with the training split's medians and
        // modes, then scaled: the same as preparing it by hand with `using:`.
        let byHand = "standardize(fillna(te, \"median\", using: tr), using: ready)"
        #expect(model.printed("predict(m, te) == predict(m, \(byHand))") == "true")
        #expect(model.printed("evaluate(r, te).loss == evaluate(r, \(byHand)).loss") == "true")
        #expect(PreprocessingTests.stderr(model, "evaluate(m, te); evaluate(m, \(byHand))") == "")
        // `using:` a filled split applies the fills that filled it.
        #expect(
            model.printed(
                "version(fillna(te, \"median\", using: fillna(tr, \"median\"))) == "
                    + "version(fillna(te, \"median\", using: tr))") == "true")
        // Constant fills are the same whatever data they meet: no warning.
        model.run("m0 = sequential([dense(2)]); fit(m0, fillna(tr, \"mode\"), epochs: 1)")
        #expect(PreprocessingTests.stderr(model, "evaluate(m0, fillna(te, \"mode\", using: tr))") == "")
        #expect(
            PreprocessingTests.stderr(model, "evaluate(m0, fillna(te, \"mode\"))").contains(
                "it went through fillna with its own statistics"))
    }

    @Test("concat keeps the parts' preprocessing, and refuses parts preprocessed differently")
    func concatKeepsPreprocessing() {
        let model = ModelSession()
        model.run(
            PreprocessingTests.cancer + """

                m = sequential([dense(2)])
                r = fit(m, standardize(tr), epochs: 2)
                both = concat(standardize(va, using: tr), standardize(te, using: tr))
                """)
        #expect(model.printed("evaluate(m, both).loss == evaluate(m, concat(va, te)).loss") == "true")
        #expect(
            model.error("concat(standardize(va, using: tr), te)")?.hasPrefix(
                "concat: dataset 1 went through standardize (the statistics of 'breast_cancer' (") == true)
    }
}
