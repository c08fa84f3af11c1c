import Data
import Experiments
import Foundation
import Learn
import Store
import SwiftProtobuf
import Tensor

/// Trained models as ONNX files (opset 20): the layers in NCHW with a symbolic batch
/// axis `N`, the run's numeric preprocessing folded in front of them, the output the
/// model's `predict` gives, and the input schema, classes and run id in the metadata.
///
/// The graph's input `input` is float [N, features] for tabular data (features in the
/// order of `feature_names`: numeric columns as loaded, categorical ones one-hot) and
/// [N] + the sample shape for images. Its outputs: for classification `probabilities`
/// [N, classes] (softmax for cross-entropy; sigmoid for bce, as [1 - p, p] when one
/// output scores two classes) and `label` (int64 [N], the most probable class's index
/// in `classes`); for regression `predictions` [N] + the output shape.
public enum ONNXExport {
    /// The operator set the files use (`Gelu` appears in 20).
    public static let opset = 20
    /// The IR version that goes with opset 20 (ONNX 1.15).
    public static let irVersion = 9
    static let inputName = "input"
    static let batchDimension = "N"

    /// What an export needs: the trained model, its loss (which says what its outputs
    /// mean), the training data's preprocessing and the run it comes from.
    public struct Source: Sendable {
        public var model: Sequential
        public var loss: Loss
        public var preprocessing: Preprocessing?
        public var runID: String?

        public init(model: Sequential, loss: Loss, preprocessing: Preprocessing?, runID: String?) {
            self.model = model
            self.loss = loss
            self.preprocessing = preprocessing
            self.runID = runID
        }

        /// A stored run's model, loss and preprocessing, its weights read from `objects`.
        /// - Throws: `restore` when the weights cannot be read; `noLoss` for a run that
        ///   recorded no fit settings.
        public init(run: ExperimentRun, objects: any ObjectStorage) throws(ExportError) {
            let model: Sequential
            do throws(RestoreError) {
                model = try run.model(from: objects)
            } catch {
                throw .restore(error)
            }
            guard let loss = run.fit?.loss else { throw .noLoss(run: run.id.description) }
            self.init(model: model, loss: loss, preprocessing: run.preprocessing, runID: run.id.description)
        }
    }

    /// The ONNX file of `source`, serialized.
    /// - Throws: `untrained` for a model without weights; `schemaMismatch` when the
    ///   preprocessing's columns do not fill the model's input; `unsupportedLayer`.
    public static func model(_ source: Source, producerVersion: String = "") throws(ExportError) -> [UInt8] {
        let model = source.model
        guard model.isBuilt, let sampleShape = model.sampleShape, let outputShape = model.outputShape else {
            throw .untrained
        }
        let classes = classNames(source, outputShape: outputShape)
        var graph = ONNXGraphBuilder()
        var h = graph.fresh(inputName)
        if let preprocessing = source.preprocessing, !preprocessing.columns.isEmpty {
            h = try graph.preprocessing(preprocessing, input: h, sampleShape: sampleShape)
        }
        h = try graph.layers(of: model, input: h, omitting: source.loss.fusedActivation)
        let outputs = graph.outputs(from: h, outputShape: outputShape, loss: source.loss, classes: classes)

        var proto = Onnx_GraphProto()
        proto.name = source.runID.map { "strata_run_\($0)" } ?? "strata_model"
        proto.node = graph.nodes
        proto.initializer = graph.initializers
        proto.input = [.batched(inputName, type: .float, shape: sampleShape)]
        proto.output = outputs
        var file = Onnx_ModelProto()
        file.irVersion = Int64(irVersion)
        var opsetImport = Onnx_OperatorSetIdProto()
        opsetImport.domain = ""
        opsetImport.version = Int64(opset)
        file.opsetImport = [opsetImport]
        file.producerName = "strata"
        file.producerVersion = producerVersion
        file.docString =
            "A Strata model" + (source.runID.map { " (run \($0))" } ?? "")
            + ": input '\(inputName)', outputs " + outputs.map { "'\($0.name)'" }.joined(separator: ", ")
            + "; the metadata describes the input columns and the classes."
        file.graph = proto
        file.metadataProps =
            ONNXMetadata(
                preprocessing: source.preprocessing, sampleShape: sampleShape, classes: classes,
                loss: source.loss, runID: source.runID
            ).props
        do {
            return try file.serializedBytes()
        } catch {
            // Every required field is set and no message is nested too deeply.
            preconditionFailure("serializing the ONNX model failed: \(error)")
        }
    }

    /// Writes `bytes` to `path` atomically (a temporary file beside it, then a rename),
    /// so a reader never sees half a model.
    /// - Throws: `write` naming the path and why.
    public static func write(_ bytes: [UInt8], to path: String) throws(ExportError) {
        do throws(DataError) {
            let file = try OutputFile(path: path)
            try file.write(bytes: bytes)
            try file.commit()
        } catch {
            if case .unwritableFile(_, let reason) = error { throw .write(path: path, reason: reason) }
            throw .write(path: path, reason: error.description)
        }
    }

    /// The class names the outputs stand for, or nil for regression: the training
    /// target's classes, or numbered ones for a cross-entropy model whose run kept none.
    private static func classNames(_ source: Source, outputShape: [Int]) -> [String]? {
        if let classes = source.preprocessing?.target?.classes { return classes }
        guard source.loss == .crossEntropy else { return nil }
        return (0..<outputShape.reduce(1, *)).map(String.init)
    }
}

/// The formats `export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    case onnx

    /// The format called `name`.
    /// - Throws: `unknownFormat`.
    public init(named name: String) throws(ExportError) {
        guard let format = ExportFormat(rawValue: name) else { throw .unknownFormat(name) }
        self = format
    }
}
