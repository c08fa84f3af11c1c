import Foundation
import Language
import Render
import Testing

@Suite("Training builtins")
struct TrainBuiltinTests {
    static let irisSetup = """
        iris = dataset("iris")
        train, val, test = split(iris, [0.7, 0.15, 0.15], seed: 3)
        m = sequential([dense(8, activation: "relu"), dense(3)])
        """

    @Test(
        "bad fit arguments fail before training, naming the argument",
        arguments: [
            ("fit(m, train, epochs: -3)", "fit: 'epochs' must be a positive integer, got -3"),
            ("fit(m, train, epochs: 2.5)", "fit: 'epochs' must be a positive integer, got 2.5"),
            ("fit(m, train, batch: 0)", "fit: 'batch' must be a positive integer, got 0"),
            ("fit(m, train, early_stop: 0)", "fit: 'early_stop' must be a positive integer, got 0"),
            (
                "fit(m, train, loss: \"cross_entropi\")",
                "fit: unknown loss \"cross_entropi\" (did you mean \"cross_entropy\"?)"
            ),
            ("fit(m, train, loss: \"mse\")", "fit: loss \"mse\" needs numeric targets, and 'species' holds classes"),
            ("fit(m, train, metrics: [\"accurcy\"])", "fit: unknown metric \"accurcy\" (did you mean \"accuracy\"?)"),
            ("fit(m, train, metrics: [\"rmse\"])", "fit: metric \"rmse\" does not suit this data"),
            ("fit(m, train, optimizer: \"adma\")", "fit: unknown optimizer \"adma\" (did you mean \"adam\"?)"),
            (
                "fit(m, train, optimizer: 3)",
                "fit: 'optimizer' must be an optimizer such as adam(lr: 0.01), got a number"
            ),
            ("fit(m, train, seed: -1)", "fit: 'seed' must be a whole number from 0 up, got -1"),
            ("fit(m, [1, 2])", "fit: 'train' must be a dataset, got a list"),
            ("fit(3, train)", "fit: 'model' must be a model (from sequential), got a number"),
            (
                "fit(m, train, val: select(val, [\"sepal_length\"]))",
                "fit: the data lacks the columns 'sepal_width', 'petal_length', 'petal_width' the model was trained on"
            ),
            (
                "fit(sequential([conv2d(4), flatten(), dense(3)]), train)",
                "fit: layer 1 (conv2d(4)) cannot take input of shape [4]"
            ),
            (
                "fit(sequential([dense(8), dense(2)]), train)",
                "fit: the model outputs 2 values per sample, but the data has 3 classes; make the last layer dense(3)"
            ),
            (
                "fit(m, dataset(\"diabetes\"), loss: \"cross_entropy\")",
                "fit: loss \"cross_entropy\" needs class targets, and 'progression' is numeric (regression)"
            ),
        ])
    func badArguments(source: String, expected: String) {
        let model = ModelSession()
        model.run(TrainBuiltinTests.irisSetup)
        let host = RecordingHost()
        let message = model.error(source, host: host) ?? "(no error)"
        #expect(message.hasPrefix(expected), "\(source): \(message)")
        // Nothing started: no progress display, no run, the model is not built.
        #expect(host.events.isEmpty, "\(source) showed output")
        #expect(model.printed("summary(m).parameters") == "nil")
    }

    @Test("missing feature values are refused with a hint to dropna or fillna")
    func missingValues() throws {
        let model = ModelSession()
        let csv = "a,b,label\n1,2,x\n,3,y\n4,5,x\n6,,y\n"
        try csv.write(toFile: model.folder + "/gaps.csv", atomically: true, encoding: .utf8)
        model.run("gaps = load_csv(\"gaps.csv\", target: \"label\")")
        let message = model.error("fit(sequential([dense(2)]), gaps)") ?? ""
        #expect(
            message == "fit: the dataset has missing values in 'a' (1), 'b' (1); remove them with dropna(ds) "
                + "or fill them with fillna(ds, \"mean\") first")
        model.run("fit(sequential([dense(2)]), fillna(gaps, \"mean\"), epochs: 1);")
        // Missing categories too, in fit, evaluate and predict alike.
        try "a,c,label\n1,p,x\n2,,y\n3,q,x\n".write(
            toFile: model.folder + "/cats.csv", atomically: true, encoding: .utf8)
        model.run("cats = load_csv(\"cats.csv\", target: \"label\"); net = sequential([dense(2)])")
        let categories =
            "the dataset has missing values in 'c' (1); remove them with dropna(ds) "
            + "or fill them with fillna(ds, \"mean\") first"
        #expect(model.error("fit(net, cats)") == "fit: " + categories)
        model.run("fit(net, dropna(cats), epochs: 1);")
        #expect(model.error("predict(net, cats)") == "predict: " + categories)
        #expect(model.error("evaluate(net, cats)") == "evaluate: " + categories)
        #expect(
            model.error("fit(sequential([dense(2)]), load_csv(\"gaps.csv\"))")?.contains("has no target column") == true
        )
    }

    @Test("the same seed gives bit-identical weights and metrics; another seed differs")
    func determinism() {
        let model = ModelSession()
        model.run(TrainBuiltinTests.irisSetup)
        model.run(
            """
            fitWith = { s in
              net = sequential([dense(8, activation: "relu"), dropout(0.2), dense(3)])
              r = fit(net, train, val: val, epochs: 5, seed: s)
              [r.history, predict(net, iris), evaluate(r, test).loss]
            }
            a = fitWith(4); b = fitWith(4); c = fitWith(5)
            """)
        #expect(model.printed("a == b, a == c") == "true false")
    }

    @Test("an interrupted fit: the cell errors, the run is kept as interrupted, the model keeps its weights")
    func interrupt() {
        let model = ModelSession()
        model.run(TrainBuiltinTests.irisSetup)
        // Each batch polls once; 7 batches an epoch, so training stops in epoch 3.
        let host = RecordingHost(interruptAfterPolls: 20)
        let result = model.session.execute("r = fit(m, train, epochs: 50, batch: 16)", host: host)
        #expect(result.error?.ename == "KeyboardInterrupt")
        #expect(model.printed("summary(m).parameters") == "67")
        #expect(model.error("r")?.hasPrefix("unknown name 'r'") == true)
        let runs = model.session.services.existing(TrainingRuns.self)?.runs ?? []
        #expect(runs.count == 1)
        #expect(runs.first?.status == .interrupted)
        let final =
            host.events.compactMap { event -> String? in
                if case .update(let bundle, _) = event { return bundle.plainText }
                return nil
            }.last ?? ""
        #expect(final.hasPrefix("interrupted at epoch"), "\(final)")
        // What it learned so far is used: it predicts.
        #expect(model.printed("len(predict(m, test))") == "22")
    }

    @Test("fit shows one display and updates it in place, ending with the final line")
    func progressDisplay() {
        let model = ModelSession()
        model.run(TrainBuiltinTests.irisSetup)
        let host = RecordingHost()
        model.run("r = fit(m, train, val: val, epochs: 3, batch: 16)", host: host)
        var displayID: String?
        var updates: [MimeBundle] = []
        for event in host.events {
            switch event {
            case .display(let bundle, let id):
                #expect(displayID == nil, "one display")
                #expect(bundle.plainText == "epoch 1/3  batch 0/7  starting")
                displayID = id
            case .update(let bundle, let id):
                #expect(id == displayID)
                updates.append(bundle)
            default:
                Issue.record("unexpected output \(event)")
            }
        }
        let last = updates.last
        #expect(last?.plainText.hasPrefix("epoch 3/3: loss ") == true)
        #expect(last?.plainText.contains("  val_accuracy ") == true)
        #expect(last?.plainText.contains("  done in ") == true)
        #expect(last?.data["text/html"]?.contains("<img src=\"data:image/png;base64,") == true)
        #expect(last?.data["image/svg+xml"]?.contains("<svg") == true)
    }

    @Test("a run's fields")
    func runFields() {
        let model = ModelSession()
        model.run(TrainBuiltinTests.irisSetup)
        model.run(
            "r = fit(m, train, val: val, epochs: 4, batch: 16, optimizer: sgd(lr: 0.1), seed: 2, name: \"a\", tags: [\"x\"])"
        )
        #expect(model.printed("type(r), r.name, r.status, len(r.id), r.tags") == "run a finished 16 [\"x\"]")
        #expect(model.printed("keys(r.history)") == "[\"loss\", \"accuracy\", \"val_loss\", \"val_accuracy\"]")
        #expect(
            model.printed("len(r.history.loss), keys(r.metrics)")
                == "4 [\"loss\", \"accuracy\", \"val_loss\", \"val_accuracy\"]")
        #expect(model.printed("r.metrics.loss == r.history.loss[-1]") == "true")
        #expect(
            model.printed("r.params.optimizer")
                == "[name: \"sgd\", lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0]")
        #expect(
            model.printed("r.params.epochs, r.params.batch, r.params.seed, r.params.loss, r.params.layers")
                == "4 16 2 cross_entropy [\"dense(8, activation: \\\"relu\\\")\", \"dense(3)\"]")
        #expect(
            model.printed("keys(r.data), r.data.train == version(train), r.data.val == version(val)")
                == "[\"train\", \"val\"] true true")
        #expect(
            model.printed("len(r.epochs), keys(r.epochs[0])")
                == "4 [\"epoch\", \"loss\", \"accuracy\", \"val_loss\", \"val_accuracy\", \"seconds\", \"samples_per_s\"]"
        )
        #expect(model.printed("len(r.created)") == "20")
        let shown = model.run("r")
        #expect(shown.hasPrefix("run \(model.printed("r.id")) \"a\": finished, 4 epochs"))
        #expect(FileManager.default.fileExists(atPath: model.folder + "/.strata/strata.db"))
    }

    @Test("evaluate gives a metrics record and, for classes, a confusion matrix")
    func evaluate() {
        let model = ModelSession()
        model.run(TrainBuiltinTests.irisSetup)
        model.run("r = fit(m, train, epochs: 20, batch: 16, optimizer: adam(lr: 0.01), seed: 1)")
        model.run("e = evaluate(r, test)")
        #expect(
            model.printed("type(e), e.count, e.classes")
                == "metrics 22 [\"setosa\", \"versicolor\", \"virginica\"]")
        #expect(model.printed("sum(map(e.confusion, { row in sum(row) })), len(e.confusion)") == "22 3")
        #expect(model.printed("e.accuracy >= 0 && e.accuracy <= 1, e.loss > 0, e.f1 >= 0") == "true true true")
        let shown = model.run("e")
        #expect(shown.hasPrefix("evaluated on 22 samples\nmetric      value\n---------  "))
        #expect(shown.contains("confusion matrix\nactual \\ predicted  setosa  versicolor  virginica"))
        // A run keeps its weights: training the model further does not change the run's results.
        model.run("before = evaluate(r, test).loss; fit(m, train, epochs: 5);")
        #expect(model.printed("before == evaluate(r, test).loss, before == evaluate(m, test).loss") == "true false")
        #expect(
            model.error("evaluate(sequential([dense(3)]), test)")
                == "evaluate: the model has not been trained yet; call fit(model, data) first")
        #expect(
            model.error("evaluate(r, dataset(\"wine\"))")?
                .hasPrefix("evaluate: the data lacks the columns 'sepal_length', 'sepal_width'") == true)
    }

    @Test("predict gives class names for classification and numbers for regression")
    func predict() {
        let model = ModelSession()
        model.run(TrainBuiltinTests.irisSetup)
        model.run("fit(m, train, epochs: 30, batch: 16, optimizer: adam(lr: 0.01), seed: 1);")
        #expect(model.printed("len(predict(m, test)), type(predict(m, test)[0])") == "22 string")
        let labels = model.printed("predict(m, head(test, n: 3))")
        #expect(labels.hasPrefix("[\"") && labels.split(separator: ",").count == 3)
        model.run("all = predict(m, iris)")
        #expect(model.printed("len(filter(all, { p in p == \"setosa\" })) > 40") == "true")
        model.run(
            """
            d = dataset("diabetes"); dm = sequential([dense(1)])
            fit(dm, standardize(d, using: d), epochs: 2);
            """)
        #expect(model.printed("type(predict(dm, standardize(d, using: d))[0])") == "number")
    }

    @Test("early_stop keeps the best epoch's weights and metrics")
    func earlyStop() {
        let model = ModelSession()
        model.run(TrainBuiltinTests.irisSetup)
        model.run(
            "r = fit(m, train, val: val, epochs: 300, batch: 8, optimizer: adam(lr: 0.05), early_stop: 3, seed: 1)")
        #expect(model.printed("len(r.history.loss) < 300, r.status") == "true finished")
        #expect(model.printed("r.metrics.val_loss == min(r.history.val_loss)") == "true")
        #expect(model.run("r").contains("stopped early at epoch"))
    }
}
