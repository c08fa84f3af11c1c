import Data
import Learn
import SwiftProtobuf
import Tensor
import Testing

@testable import Export

@Suite("ONNX export")
struct ONNXExportTests {
    /// Strata's "same" padding puts the odd extra row and column after (TensorFlow's
    /// rule); "valid" pads nothing, even where the stride leaves input unread.
    @Test(arguments: [
        (input: [1, 8, 8], kernel: 3, stride: 1, padding: Padding.same, pads: [1, 1, 1, 1]),
        (input: [1, 8, 8], kernel: 3, stride: 2, padding: Padding.same, pads: [0, 0, 1, 1]),
        (input: [1, 8, 8], kernel: 2, stride: 1, padding: Padding.same, pads: [0, 0, 1, 1]),
        (input: [1, 7, 5], kernel: 4, stride: 3, padding: Padding.same, pads: [1, 1, 2, 1]),
        (input: [1, 8, 8], kernel: 3, stride: 2, padding: Padding.valid, pads: [0, 0, 0, 0]),
    ])
    func convolutionPads(input: [Int], kernel: Int, stride: Int, padding: Padding, pads: [Int]) throws {
        #expect(
            try ONNXGraphBuilder.pads(input: input, kernel: kernel, stride: stride, padding: padding, index: 0) == pads)
    }

    @Test func anUntrainedModelIsRefused() throws {
        let model = try Sequential([.dense(units: 3, activation: nil)])
        #expect(throws: ExportError.untrained) {
            try ONNXExport.model(.init(model: model, loss: .crossEntropy, preprocessing: nil, runID: nil))
        }
    }

    @Test func unknownFormatsAreNamed() {
        #expect(throws: ExportError.unknownFormat("tflite")) { try ExportFormat(named: "tflite") }
        #expect(
            ExportError.unknownFormat("tflite").description
                == "unknown export format \"tflite\"; the format is \"onnx\"")
    }

    /// The file reads back as opset 20 with a symbolic batch, the folded steps first,
    /// and the schema, classes and run id in its metadata.
    @Test func theFileDescribesItsInputAndOutputs() throws {
        var model = try Sequential([.dense(units: 4, activation: .relu), .dense(units: 2, activation: .softmax)])
        try model.build(sampleShape: [3], seed: 1)
        let reference = DataReference(name: "train", version: String(repeating: "a", count: 64))
        let preprocessing = Preprocessing(
            columns: [.init(name: "age", categories: nil), .init(name: "city", categories: ["Oslo", "Rome"])],
            steps: [
                .standardize(ColumnScaling(columns: [.init(name: "age", offset: 40, scale: 10)], fittedOn: reference))
            ],
            target: .init(name: "churn", classes: ["no", "yes"]), sampleShape: nil)
        let bytes = try ONNXExport.model(
            .init(
                model: model, loss: .crossEntropy, preprocessing: preprocessing,
                runID: "01abc"))
        let file = try Onnx_ModelProto(serializedBytes: bytes)
        #expect(file.producerName == "strata")
        #expect(file.opsetImport.map(\.version) == [20])
        let input = file.graph.input[0].type.tensorType.shape.dim
        #expect(input.map(\.dimParam) == ["N", ""])
        #expect(input.map(\.dimValue) == [0, 3])
        #expect(file.graph.output.map(\.name) == ["probabilities", "label"])
        #expect(file.graph.node.prefix(4).map(\.opType) == ["Cast", "Sub", "Mul", "Cast"])
        // One softmax: the user's trailing one is the loss's, applied once at the end.
        #expect(file.graph.node.filter { $0.opType == "Softmax" }.count == 1)
        let metadata = Dictionary(uniqueKeysWithValues: file.metadataProps.map { ($0.key, $0.value) })
        #expect(metadata["feature_names"] == #"["age","city=Oslo","city=Rome"]"#)
        #expect(metadata["classes"] == #"["no","yes"]"#)
        #expect(metadata["run_id"] == "01abc")
        #expect(metadata["preprocessing"] == preprocessing.json())
        // Only the numeric position is scaled: the one-hot positions keep offset 0, factor 1.
        let offsets = try #require(file.graph.initializer.first { $0.name.hasSuffix("_offset") })
        #expect(offsets.dims == [3])
        let values = offsets.rawData.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        #expect(values == [40, 0, 0])
    }

    @Test func preprocessingThatDoesNotFillTheInputIsRefused() throws {
        var model = try Sequential([.dense(units: 2, activation: nil)])
        try model.build(sampleShape: [3], seed: 1)
        let preprocessing = Preprocessing(
            columns: [.init(name: "age", categories: nil)], steps: [],
            target: nil, sampleShape: nil)
        #expect(throws: ExportError.schemaMismatch(features: 1, sampleShape: [3])) {
            try ONNXExport.model(.init(model: model, loss: .mse, preprocessing: preprocessing, runID: nil))
        }
    }
}
