import Data
import Experiments
import Foundation
import JSON
import Learn
import Store
import Testing

@testable import Serve

/// A model served from a store: requests in every format decode to the same rows, go
/// through the run's preprocessing like `predict`'s data, and bad requests name the field.
@Suite struct ServedModelTests {
    /// A two-feature, two-class model (one numeric column standardized, one categorical)
    /// recorded in a memory store as a fit records it.
    static func servedModel() throws -> ServedModel {
        var model = try Sequential([.dense(units: 2, activation: nil)])
        try model.build(sampleShape: [3], seed: 7)
        let scaling = ColumnScaling(
            columns: [.init(name: "size", offset: 10, scale: 2)],
            fittedOn: DataReference(name: "train", version: String(repeating: "a", count: 64)))
        let preprocessing = Preprocessing(
            columns: [.init(name: "size", categories: nil), .init(name: "color", categories: ["blue", "red"])],
            steps: [.standardize(scaling)], target: .init(name: "kind", classes: ["small", "large"]), sampleShape: nil)
        let store = MemoryStore()
        let id = try store.beginRun(
            name: "shapes", params: .record([("loss", .string("cross_entropy"))]),
            modelSpec: ModelSpec(model).json(), preprocessing: preprocessing.json(), data: [],
            source: "fit(...)")
        try store.finishRun(id, outcome: .completed, metrics: [:], weights: Data(model.encodedWeights()!), error: nil)
        return try ServedModel(name: "shapes", run: ExperimentRun(store.run(id.rawValue)), objects: store)
    }

    @Test("a request's rows go through the run's scaling and one-hot encoding, in the model's column order")
    func encoding() throws {
        let model = try ServedModelTests.servedModel()
        let table = try InputTable(columns: [
            .init(name: "color", cells: .texts(["red", "blue", "green"])),
            .init(name: "size", cells: .numbers([12, 10, 6])),
        ])
        let rows = try model.encode(table)
        #expect(rows.rows == 3)
        // size standardized ((x - 10) / 2), then color one-hot over [blue, red]; green is unseen.
        #expect(rows.features == [1, 0, 1, 0, 1, 0, -2, 0, 0])
        #expect(rows.unseen.map(\.column) == ["color"])
        #expect(rows.unseen.map(\.rows) == [1])
    }

    @Test("missing, extra and mistyped columns are 400s naming the column")
    func badColumns() throws {
        let model = try ServedModelTests.servedModel()
        func field(_ columns: [InputTable.Column]) throws -> String? {
            do {
                _ = try model.encode(try InputTable(columns: columns))
                return "accepted"
            } catch {
                #expect(error.status == .badRequest)
                return error.field
            }
        }
        #expect(try field([.init(name: "size", cells: .numbers([1]))]) == "color")
        #expect(
            try field([
                .init(name: "size", cells: .numbers([1])), .init(name: "color", cells: .texts(["red"])),
                .init(name: "weight", cells: .numbers([3])),
            ]) == "weight")
        #expect(
            try field([.init(name: "size", cells: .texts(["big"])), .init(name: "color", cells: .texts(["red"]))])
                == "size")
        #expect(
            try field([.init(name: "size", cells: .numbers([nil])), .init(name: "color", cells: .texts(["red"]))])
                == "size")
    }

    @Test("MLflow's four JSON forms and CSV decode to the same table")
    func mlflowForms() throws {
        let model = try ServedModelTests.servedModel()
        let bodies: [(String?, String)] = [
            (nil, #"{"dataframe_split": {"columns": ["size", "color"], "data": [[12, "red"], [10, "blue"]]}}"#),
            (
                "application/json",
                #"{"dataframe_records": [{"size": 12, "color": "red"}, {"size": 10, "color": "blue"}]}"#
            ),
            (nil, #"{"instances": [{"size": 12, "color": "red"}, {"size": 10, "color": "blue"}]}"#),
            (nil, #"{"inputs": {"size": [12, 10], "color": ["red", "blue"]}}"#),
            (nil, #"{"inputs": [[12, "red"], [10, "blue"]]}"#),
            ("text/csv; charset=utf-8", "size,color\n12,red\n10,blue\n"),
        ]
        var encoded: [[Float]] = []
        for (type, body) in bodies {
            let table = try MLflowScoring.decode(Array(body.utf8), contentType: type, model: model)
            encoded.append(try model.encode(table).features)
        }
        for features in encoded { #expect(features == [1, 0, 1, 0, 1, 0]) }
    }

    @Test(
        "MLflow requests that do not read are 400s naming the field",
        arguments: [
            (#"{"dataframe_split": {"columns": ["size"], "data": [[1, 2]]}}"#, "dataframe_split.data[0]"),
            (#"{"instances": [1, 2], "inputs": []}"#, "instances"),
            (#"{"records": []}"#, nil),
            (#"{"dataframe_records": [{"size": [1, 2], "color": "red"}]}"#, "dataframe_records.size"),
            (#"{"dataframe_split": "#, nil),
        ] as [(String, String?)])
    func mlflowErrors(body: String, field: String?) throws {
        let model = try ServedModelTests.servedModel()
        #expect(throws: RequestError.self) {
            _ = try MLflowScoring.decode(Array(body.utf8), contentType: nil, model: model)
        }
        do {
            _ = try MLflowScoring.decode(Array(body.utf8), contentType: nil, model: model)
        } catch {
            #expect(error.field == field)
            #expect(error.status == .badRequest)
        }
    }

    @Test("Open Inference Protocol: JSON tensors, nested data, and the binary extension read alike")
    func openInference() throws {
        let model = try ServedModelTests.servedModel()
        let json = #"""
            {"id": "r1", "inputs": [{"name": "size", "shape": [2, 1], "datatype": "FP32", "data": [[12], [10]]},
                                    {"name": "color", "shape": [2], "datatype": "BYTES", "data": ["red", "blue"]}]}
            """#
        let request = try OpenInference.decode(Array(json.utf8), headerLength: nil, model: model)
        #expect(request.id == "r1")
        // The same tensors as raw bytes after a JSON header (tritonclient's default).
        var binary: [UInt8] = []
        for value in [Float(12), 10] { withUnsafeBytes(of: value.bitPattern.littleEndian) { binary += $0 } }
        for text in ["red", "blue"] {
            withUnsafeBytes(of: UInt32(text.utf8.count).littleEndian) { binary += $0 }
            binary += Array(text.utf8)
        }
        let header = #"""
            {"inputs": [{"name": "size", "shape": [2], "datatype": "FP32", "parameters": {"binary_data_size": 8}},
                        {"name": "color", "shape": [2], "datatype": "BYTES", "parameters": {"binary_data_size": 15}}],
             "outputs": [{"name": "probabilities", "parameters": {"binary_data": true}}]}
            """#
        let binaryRequest = try OpenInference.decode(
            Array(header.utf8) + binary, headerLength: header.utf8.count,
            model: model)
        #expect(try model.encode(request.table).features == model.encode(binaryRequest.table).features)
        #expect(binaryRequest.outputs?.map(\.name) == ["probabilities"])
        // The answer: the requested output as raw float32 after a JSON header.
        let answer = Answer(model: model, outputs: [0.25, 0.75, 0.5, 0.5], rows: 2)
        let encoded = OpenInference.encode(answer, model: model, id: "r2", request: binaryRequest)
        let length = try #require(encoded.headerLength)
        let document = try JSONParser.parse(Array(encoded.body[0..<length]))
        guard case .array(let outputs)? = document["outputs"] else {
            Issue.record("no outputs")
            return
        }
        #expect(outputs.first?["parameters"]?["binary_data_size"]?.intValue == 16)
        let floats = encoded.body[length...].withUnsafeBytes { raw in
            (0..<4).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
        #expect(floats == [0.25, 0.75, 0.5, 0.5])
        #expect(answer.labels == ["large", "small"])
    }

    @Test("Open Inference Protocol errors name the field")
    func openInferenceErrors() throws {
        let model = try ServedModelTests.servedModel()
        let cases: [(String, String?)] = [
            (#"{"inputs": [{"name": "size", "shape": [2], "datatype": "FP32", "data": [1]}]}"#, "inputs[0].data"),
            (#"{"inputs": [{"name": "size", "shape": [1], "data": [1]}]}"#, "inputs[0].datatype"),
            (#"{"inputs": [{"name": "size", "shape": [1], "datatype": "FP32", "data": ["x"]}]}"#, "inputs[0].data"),
            (
                #"{"inputs": [{"name": "size", "shape": [1], "datatype": "FP32", "data": [1]}], "outputs": [{"name": "nope"}]}"#,
                "outputs[0].name"
            ),
            (#"{"input": []}"#, "inputs"),
        ]
        for (body, field) in cases {
            do {
                _ = try OpenInference.decode(Array(body.utf8), headerLength: nil, model: model)
                Issue.record("accepted \(body)")
            } catch {
                #expect(error.field == field, "\(body)")
            }
        }
    }

    @Test("only the exact bearer token passes")
    func tokens() {
        #expect(InferenceServer.constantTimeEqual(Array("Bearer abc".utf8), Array("Bearer abc".utf8)))
        #expect(!InferenceServer.constantTimeEqual(Array("Bearer ab".utf8), Array("Bearer abc".utf8)))
        #expect(!InferenceServer.constantTimeEqual(Array("Bearer abd".utf8), Array("Bearer abc".utf8)))
        #expect(!InferenceServer.constantTimeEqual([], Array("Bearer abc".utf8)))
    }
}
