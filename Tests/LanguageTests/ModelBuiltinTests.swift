import Foundation
import Language
import Render
import Testing

/// Runs cells in one session whose working directory (and so its store) is a fresh
/// temporary folder.
struct ModelSession {
    let session: Session
    let folder: String

    init() {
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent("strata-models-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        session = Session(environment: SessionEnvironment(workingDirectory: folder))
    }

    /// Runs `source`, failing the test on an error; returns the result's plain text.
    @discardableResult
    func run(
        _ source: String, host: RecordingHost = RecordingHost(),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> String {
        let result = session.execute(source, host: host)
        if let error = result.error {
            Issue.record("\(source) failed: \(error.message)", sourceLocation: sourceLocation)
        }
        return result.display?.plainText ?? ""
    }

    /// The error message `source` fails with, or nil.
    func error(_ source: String, host: RecordingHost = RecordingHost()) -> String? {
        session.execute(source, host: host).error?.message
    }

    /// `print(expr)`'s output, without the newline.
    func printed(_ expression: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let host = RecordingHost()
        run("print(\(expression))", host: host, sourceLocation: sourceLocation)
        return String(host.stdout.dropLast())
    }
}

@Suite("Model builtins")
struct ModelBuiltinTests {
    @Test(
        "layers show as the call that makes them, defaults left out",
        arguments: [
            ("dense(16, activation: \"relu\")", "dense(16, activation: \"relu\")"),
            ("dense(3)", "dense(3)"),
            ("conv2d(8)", "conv2d(8)"),
            (
                "conv2d(8, kernel: 5, stride: 2, padding: \"valid\", activation: \"relu\")",
                "conv2d(8, kernel: 5, stride: 2, padding: \"valid\", activation: \"relu\")"
            ),
            ("maxpool2d()", "maxpool2d()"),
            ("avgpool2d(size: 3)", "avgpool2d(size: 3)"),
            ("flatten()", "flatten()"),
            ("reshape([1, 8, 8])", "reshape([1, 8, 8])"),
            ("dropout(0.25)", "dropout(0.25)"),
            ("batchnorm()", "batchnorm()"),
            ("relu()", "relu()"),
            ("softmax()", "softmax()"),
            ("adam()", "adam()"),
            ("adam(lr: 0.01)", "adam(lr: 0.01)"),
            ("sgd(lr: 0.1, momentum: 0.9, nesterov: true)", "sgd(lr: 0.1, momentum: 0.9, nesterov: true)"),
            ("adamw()", "adamw()"),
            ("adamw(weight_decay: 0.1)", "adamw(weight_decay: 0.1)"),
            ("adam(lr: 0.005, clip_norm: 1)", "adam(lr: 0.005, clip_norm: 1)"),
            ("adam().clip_norm", "0"),
            ("sgd(clip_norm: 2.5).clip_norm", "2.5"),
            ("lstm(32)", "lstm(32)"),
            ("gru(16, sequences: true, bidirectional: true)", "gru(16, sequences: true, bidirectional: true)"),
            ("transformer(4)", "transformer(4)"),
            ("transformer(2, ff: 64, dropout: 0)", "transformer(2, ff: 64, dropout: 0)"),
        ])
    func display(source: String, expected: String) {
        #expect(ModelSession().run(source) == expected)
    }

    @Test(
        "bad layer and optimizer settings fail where they are written",
        arguments: [
            ("dense(-3)", "dense: 'units' must be a positive integer, got -3"),
            ("dense(2.5)", "dense: 'units' must be a positive integer, got 2.5"),
            ("dense(\"ten\")", "dense: 'units' must be a positive integer, got string"),
            ("dense(4, activation: \"rleu\")", "dense: unknown activation \"rleu\" (did you mean \"relu\"?)"),
            ("conv2d(8, padding: \"full\")", "conv2d: 'padding' must be \"same\" or \"valid\", got \"full\""),
            ("conv2d(8, kernel: 0)", "conv2d: 'kernel' must be a positive integer, got 0"),
            ("dropout(1.5)", "dropout: 'rate' must be at least 0 and below 1, got 1.5"),
            ("reshape([0, 2])", "reshape: the argument must be a list of positive whole numbers"),
            ("sequential([])", "sequential: a model needs at least one layer"),
            ("sequential([dense(3), 4])", "sequential: element 1 of 'layers' is a number, not a layer"),
            ("adam(lr: -1)", "adam: 'lr' must be a positive number, got -1"),
            ("sgd(momentum: 1)", "sgd: 'momentum' must be at least 0 and below 1, got 1"),
            ("sgd(nesterov: true)", "sgd: 'nesterov: true' needs a positive 'momentum'"),
            ("adamw(beta2: 1.5)", "adamw: 'beta2' must be at least 0 and below 1, got 1.5"),
            ("sgd(clip_norm: -1)", "sgd: 'clip_norm' must be"),
            ("transformer(0)", "transformer: 'heads' must be a positive integer, got 0"),
            ("summary(3)", "summary: the argument must be a model (from sequential), got a number"),
        ])
    func badSettings(source: String, expected: String) {
        let message = ModelSession().error(source) ?? "(no error)"
        #expect(message.hasPrefix(expected), "\(source): \(message)")
    }

    @Test("a model shows its summary: '?' before the first fit, shapes and counts after")
    func summary() {
        let model = ModelSession()
        model.run("m = sequential([dense(16, activation: \"relu\"), dropout(0.5), dense(3)])")
        let before = model.run("summary(m)")
        #expect(before.contains("dense(16, activation: \"relu\")  ?"))
        #expect(before.contains("total: ? (known after the first fit)"))
        #expect(model.printed("type(m), len(m), type(m.layers[0]), summary(m).parameters") == "model 3 layer nil")
        model.run("fit(m, dataset(\"iris\"), epochs: 1);")
        let after = model.run("m")
        #expect(
            after == """
                sequential model for samples of shape [4]
                layer                          output shape  parameters
                -----------------------------  ------------  ----------
                dense(16, activation: "relu")  [16]                  80
                dropout(0.5)                   [16]                   0
                dense(3)                       [3]                   51
                total: 131 trainable parameters
                """)
        #expect(model.printed("summary(m).parameters, len(summary(m))") == "131 3")
        #expect(model.printed("list(summary(m))[2]") == "[layer: \"dense(3)\", output_shape: [3], parameters: 51]")
    }

    @Test("optimizer settings are fields")
    func optimizerFields() {
        let model = ModelSession()
        #expect(
            model.printed("adamw().weight_decay, adam(lr: 0.1).lr, sgd().momentum, type(sgd())")
                == "0.01 0.1 0 optimizer")
    }
}
