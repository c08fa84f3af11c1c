import Learn
import Store
import Testing

@testable import Experiments

@Suite struct ModelSpecTests {
    static let everyLayer: [LayerSpec] = [
        .reshape([1, 8, 8]), .conv2d(filters: 4, kernel: 2, stride: 2, padding: .valid, activation: .relu),
        .conv2d(filters: 8, kernel: 3, stride: 1, padding: .same, activation: nil), .maxPool2d(size: 2),
        .avgPool2d(size: 3), .batchNorm, .flatten, .dropout(rate: 0.25), .dense(units: 16, activation: .gelu),
        .sigmoid, .tanh, .relu, .dense(units: 3, activation: nil), .softmax,
    ]

    @Test func specRoundTripsThroughJSON() throws {
        let spec = ModelSpec(layers: Self.everyLayer, sampleShape: [64])
        #expect(try ModelSpec(json: spec.json()) == spec)
    }

    /// The stored form, written out: every setting, defaults included (Docs/StoreFormat.md).
    @Test func knownAnswerJSON() {
        let spec = ModelSpec(
            layers: [
                .dense(units: 16, activation: .relu),
                .conv2d(
                    filters: 8, kernel: 3, stride: 1,
                    padding: .same, activation: nil),
            ],
            sampleShape: [4])
        #expect(
            spec.json() == #"{"format":"strata-model","layers":[{"activation":"relu","kind":"dense","units":16},"#
                + #"{"activation":null,"filters":8,"kernel":3,"kind":"conv2d","padding":"same","stride":1}],"#
                + #""sample_shape":[4],"version":1}"#)
    }

    @Test(arguments: [
        (#"{"format":"strata-model","version":1,"layers":[{"kind":"capsule"}]}"#, "capsule"),
        (#"{"format":"strata-model","version":1,"layers":[{"kind":"dense"}]}"#, "units"),
        (#"{"format":"strata-model","version":9,"layers":[]}"#, "newer Strata"),
        (#"{"format":"other","version":1,"layers":[]}"#, "not a model spec"),
        (#"[1, 2"#, "cannot be read"),
    ])
    func badSpecsAreNamedErrors(_ json: String, _ fragment: String) {
        do {
            _ = try ModelSpec(json: json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }

    /// Schema 3 recorded `LayerSpec.description`; every layer reads back from it.
    @Test func everyLayerTextReadsBack() {
        for spec in Self.everyLayer {
            #expect(LegacyLayerText.spec(spec.description) == spec, "\(spec.description)")
        }
    }

    @Test(arguments: [
        "dense(16", "dense()", "dense(16, units: 3)", "conv2d(8, padding: \"odd\")", "swish()",
        "dense(16) dense(3)", "reshape([1, x])", "dropout(rate: 0.5, 0.2)",
    ])
    func otherTextIsNotALayer(_ text: String) {
        #expect(LegacyLayerText.spec(text) == nil)
    }

    @Test func fitParamsRoundTripThroughTheStoredRecord() throws {
        let params = FitParams(
            layers: ["dense(3)"], optimizer: .sgd(learningRate: 0.1, momentum: 0.9, nesterov: true),
            train: "iris", validation: nil, epochs: 5, batch: 16, loss: .crossEntropy,
            metrics: [.accuracy, .f1], seed: 7, shuffle: false, earlyStop: 3, name: "x", tags: ["a"])
        #expect(FitParams(record: params.record) == params)
        #expect(FitParams(record: ParamValue.parse(params.record.json)!) == params)
        #expect(FitParams(record: .record([("layers", .list([]))])) == nil)
    }
}
