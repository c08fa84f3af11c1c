import Data
import Foundation
import Learn

/// The `metadata_props` of an exported file: what a consumer needs to feed it and read
/// its outputs without Strata. Values that are lists or records are JSON.
///
///   input_schema    {"input": "input", "shape": ["N", ...], "columns": [{"name", "categories"}]}
///   feature_names   ["sepal_length", ..., "color=red", ...]  one per input position
///   classes         ["setosa", ...]  the order of `probabilities` and the values of `label`
///   target          the predicted column's name
///   task            "classification" or "regression"
///   loss            the loss the model was trained with
///   run_id          the run the weights come from
///   preprocessing   the run's full preprocessing (Docs/StoreFormat.md, "Preprocessing");
///                   its numeric steps are already in the graph
struct ONNXMetadata {
    struct InputSchema: Encodable {
        var input: String
        var shape: [ShapeEntry]
        var columns: [Preprocessing.InputColumn]

        enum ShapeEntry: Encodable {
            case symbol(String), extent(Int)

            func encode(to encoder: Encoder) throws {
                var c = encoder.singleValueContainer()
                switch self {
                case .symbol(let s): try c.encode(s)
                case .extent(let n): try c.encode(n)
                }
            }
        }
    }

    var entries: [(key: String, value: String)] = []

    init(preprocessing: Preprocessing?, sampleShape: [Int], classes: [String]?, loss: Loss, runID: String?) {
        let columns = preprocessing?.columns ?? []
        let schema = InputSchema(
            input: ONNXExport.inputName,
            shape: [.symbol(ONNXExport.batchDimension)] + sampleShape.map { .extent($0) },
            columns: columns)
        entries.append(("input_schema", ONNXMetadata.json(schema)))
        if !columns.isEmpty { entries.append(("feature_names", ONNXMetadata.json(FeatureLayout(columns).names))) }
        if let classes { entries.append(("classes", ONNXMetadata.json(classes))) }
        if let target = preprocessing?.target?.name { entries.append(("target", target)) }
        entries.append(("task", classes == nil ? "regression" : "classification"))
        entries.append(("loss", loss.rawValue))
        if let runID { entries.append(("run_id", runID)) }
        if let preprocessing { entries.append(("preprocessing", preprocessing.json())) }
    }

    var props: [Onnx_StringStringEntryProto] {
        entries.map { entry in
            var prop = Onnx_StringStringEntryProto()
            prop.key = entry.key
            prop.value = entry.value
            return prop
        }
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, numbers and lists of them: encoding cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }
}
