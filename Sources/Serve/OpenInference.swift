import Foundation
import JSON

/// The Open Inference Protocol V2 (KServe's and Triton's REST protocol): an infer
/// request's tensors as a table of columns, and the answer as output tensors. Both the
/// JSON form and Triton's binary tensor extension (a JSON header of
/// `Inference-Header-Content-Length` bytes followed by raw tensor data), which
/// `tritonclient` uses by default, are read and written.
///
/// A tabular model takes one input per column (`shape` [N] or [N, 1]); a model whose
/// columns are all numbers (an image's pixels) also takes a single tensor [N, ...]
/// holding them in the model's column order, whatever its name.
enum OpenInference {
    struct Request {
        var id: String?
        var table: InputTable
        /// The outputs asked for (nil: all), each with whether it is wanted as binary.
        var outputs: [(name: String, binary: Bool)]?
        var binaryByDefault: Bool
    }

    /// The output tensors a model answers with.
    static func outputNames(_ model: ServedModel) -> [String] {
        if case .classification = model.task { return ["label", "probabilities"] }
        return ["predictions"]
    }

    /// Reads an infer request; `headerLength` is the binary extension's header.
    /// - Throws: a 400 naming the field.
    static func decode(_ body: [UInt8], headerLength: Int?, model: ServedModel) throws(RequestError) -> Request {
        let jsonEnd: Int
        if let headerLength {
            guard headerLength >= 0, headerLength <= body.count else {
                throw .bad(
                    "Inference-Header-Content-Length is \(headerLength), the body has \(body.count) bytes",
                    field: "Inference-Header-Content-Length")
            }
            jsonEnd = headerLength
        } else {
            jsonEnd = body.count
        }
        let document: JSONValue
        do throws(JSONParseError) {
            document = try body.withUnsafeBufferPointer { buffer throws(JSONParseError) in
                try JSONParser.parse(UnsafeBufferPointer(rebasing: buffer[0..<jsonEnd]))
            }
        } catch {
            throw .bad("the body is not JSON: \(error)")
        }
        guard case .object = document else { throw .bad("the body must be a JSON object") }
        guard case .array(let inputs)? = document["inputs"] else {
            throw .bad("the request needs \"inputs\", a list of tensors", field: "inputs")
        }
        var binary = BinaryCursor(body: body, offset: jsonEnd)
        var tensors: [Tensor] = []
        for (index, input) in inputs.enumerated() {
            tensors.append(try Tensor(input, field: "inputs[\(index)]", binary: &binary))
        }
        let table = try columns(tensors, model: model)
        var outputs: [(name: String, binary: Bool)]?
        let binaryByDefault = document["parameters"]?["binary_data_output"]?.boolValue ?? false
        if case .array(let requested)? = document["outputs"] {
            let known = outputNames(model)
            outputs = []
            for (index, output) in requested.enumerated() {
                guard let name = output["name"]?.stringValue else {
                    throw .bad("outputs[\(index)] needs a \"name\"", field: "outputs[\(index)].name")
                }
                guard known.contains(name) else {
                    throw .bad(
                        "model '\(model.name)' has no output '\(name)'; it has "
                            + known.map { "'\($0)'" }.joined(separator: ", "), field: "outputs[\(index)].name")
                }
                outputs!.append((name, output["parameters"]?["binary_data"]?.boolValue ?? binaryByDefault))
            }
        }
        let id: String? =
            switch document["id"] {
            case .string(let text)?: text
            case .number(let n)?: InputTable.text(n)
            default: nil
            }
        return Request(id: id, table: table, outputs: outputs, binaryByDefault: binaryByDefault)
    }

    /// One input tensor as sent.
    struct Tensor {
        var name: String
        var shape: [Int]
        var cells: InputTable.Cells
        var field: String

        init(_ json: JSONValue, field: String, binary: inout BinaryCursor) throws(RequestError) {
            self.field = field
            guard let name = json["name"]?.stringValue else {
                throw .bad("\(field) needs a \"name\"", field: field + ".name")
            }
            guard case .array(let extents)? = json["shape"], let shape = Optional(extents.compactMap(\.intValue)),
                shape.count == extents.count, !shape.isEmpty, shape.allSatisfy({ $0 >= 0 })
            else {
                throw .bad(
                    "\(field).shape must be a list of sizes, the first being the number of rows",
                    field: field + ".shape")
            }
            guard let datatype = json["datatype"]?.stringValue else {
                throw .bad("\(field) needs a \"datatype\" (FP32, FP64, INT64, BYTES, ...)", field: field + ".datatype")
            }
            self.name = name
            self.shape = shape
            let count = shape.reduce(1, *)
            if let size = json["parameters"]?["binary_data_size"]?.intValue {
                let bytes = try binary.take(size, field: field)
                cells = try Tensor.binaryCells(bytes, datatype: datatype, count: count, field: field)
            } else {
                guard let data = json["data"] else { throw .bad("\(field) has no \"data\"", field: field + ".data") }
                var flat: [JSONValue] = []
                flat.reserveCapacity(count)
                Tensor.flatten(data, into: &flat)
                guard flat.count == count else {
                    throw .bad(
                        "\(field).data has \(flat.count) values and its shape \(shape) holds \(count)",
                        field: field + ".data")
                }
                if datatype == "BOOL" {
                    flat = flat.map { if case .bool(let b) = $0 { .number(b ? 1 : 0) } else { $0 } }
                }
                cells = try InputTable.cells(flat, field: field + ".data")
                if datatype != "BYTES", case .texts = cells {
                    throw .bad("\(field) is \(datatype) and its data holds text", field: field + ".data")
                }
            }
        }

        static func flatten(_ value: JSONValue, into flat: inout [JSONValue]) {
            if case .array(let elements) = value {
                for element in elements { flatten(element, into: &flat) }
            } else {
                flat.append(value)
            }
        }

        /// Raw little-endian tensor data as cells.
        static func binaryCells(
            _ bytes: ArraySlice<UInt8>, datatype: String, count: Int,
            field: String
        ) throws(RequestError) -> InputTable.Cells {
            func fixed<T>(_ size: Int, _ read: (UnsafeRawBufferPointer, Int) -> T, _ value: (T) -> Double)
                throws(RequestError) -> InputTable.Cells
            {
                guard bytes.count == size * count else {
                    throw .bad(
                        "\(field) has \(bytes.count) bytes of \(datatype) data, its shape needs \(size * count)",
                        field: field)
                }
                return .numbers(bytes.withUnsafeBytes { raw in (0..<count).map { value(read(raw, $0 * size)) } })
            }
            switch datatype {
            case "FP32":
                return try fixed(
                    4,
                    { Float(bitPattern: UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: $1, as: UInt32.self))) },
                    { Double($0) })
            case "FP64":
                return try fixed(
                    8,
                    { Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: $1, as: UInt64.self))) },
                    { $0 })
            case "INT32":
                return try fixed(
                    4, { Int32(littleEndian: $0.loadUnaligned(fromByteOffset: $1, as: Int32.self)) }, { Double($0) })
            case "INT64":
                return try fixed(
                    8, { Int64(littleEndian: $0.loadUnaligned(fromByteOffset: $1, as: Int64.self)) }, { Double($0) })
            case "BOOL", "UINT8": return try fixed(1, { $0[$1] }, { Double($0) })
            case "BYTES":
                var texts: [String?] = []
                var offset = bytes.startIndex
                while offset < bytes.endIndex {
                    guard bytes.endIndex - offset >= 4 else { break }
                    let length =
                        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
                        | Int(bytes[offset + 3]) << 24
                    offset += 4
                    guard bytes.endIndex - offset >= length else { break }
                    texts.append(String(decoding: bytes[offset..<(offset + length)], as: UTF8.self))
                    offset += length
                }
                guard texts.count == count, offset == bytes.endIndex else {
                    throw .bad("\(field)'s BYTES data does not hold \(count) length-prefixed strings", field: field)
                }
                return .texts(texts)
            default:
                throw .bad(
                    "\(field) is \(datatype); send FP32, FP64, INT32, INT64, BOOL, UINT8 or BYTES",
                    field: field + ".datatype")
            }
        }
    }

    /// The binary section of a request, read input by input.
    struct BinaryCursor {
        let body: [UInt8]
        var offset: Int

        mutating func take(_ size: Int, field: String) throws(RequestError) -> ArraySlice<UInt8> {
            guard size >= 0, body.count - offset >= size else {
                throw .bad(
                    "\(field) says binary_data_size \(size), and only \(body.count - offset) bytes follow",
                    field: field + ".parameters.binary_data_size")
            }
            defer { offset += size }
            return body[offset..<(offset + size)]
        }
    }

    /// The tensors as the model's columns.
    static func columns(_ tensors: [Tensor], model: ServedModel) throws(RequestError) -> InputTable {
        let columns = model.inputColumns
        let names = Set(columns.map(\.name))
        if tensors.count == 1, !names.contains(tensors[0].name), tensors[0].shape.count >= 2,
            columns.allSatisfy({ $0.categories == nil && !$0.isText })
        {
            // One tensor holding every column, in the model's order (an image's pixels).
            let tensor = tensors[0]
            let rows = tensor.shape[0]
            let width = tensor.shape.dropFirst().reduce(1, *)
            guard width == columns.count else {
                throw .bad(
                    "\(tensor.field) holds \(width) values per row, model '\(model.name)' reads \(columns.count) "
                        + "(shape \(model.sampleShape))", field: tensor.field + ".shape")
            }
            guard case .numbers(let values) = tensor.cells else {
                throw .bad("\(tensor.field) must hold numbers", field: tensor.field + ".data")
            }
            return try InputTable(
                columns: columns.enumerated().map { position, column in
                    InputTable.Column(
                        name: column.name, cells: .numbers((0..<rows).map { values[$0 * width + position] }))
                })
        }
        var table: [InputTable.Column] = []
        for tensor in tensors {
            guard tensor.shape.count == 1 || (tensor.shape.count == 2 && tensor.shape[1] == 1) else {
                throw .bad(
                    "\(tensor.field) ('\(tensor.name)') has shape \(tensor.shape); a column is [rows] or [rows, 1]",
                    field: tensor.field + ".shape")
            }
            table.append(InputTable.Column(name: tensor.name, cells: tensor.cells))
        }
        return try InputTable(columns: table)
    }

    /// The infer response: JSON, or with binary outputs a JSON header followed by their
    /// bytes (then `headerLength` is set).
    static func encode(_ answer: Answer, model: ServedModel, id: String, request: Request)
        -> (body: [UInt8], headerLength: Int?)
    {
        let wanted = request.outputs ?? outputNames(model).map { ($0, request.binaryByDefault) }
        var writer = JSONWriter(reservingCapacity: 128 + answer.outputs.count * 12)
        var binary: [UInt8] = []
        writer.write(raw: "{\"model_name\":")
        writer.write(string: model.name)
        writer.write(raw: ",\"model_version\":")
        writer.write(string: model.run.rawValue)
        writer.write(raw: ",\"id\":")
        writer.write(string: id)
        writer.write(raw: ",\"outputs\":[")
        for (index, output) in wanted.enumerated() {
            if index > 0 { writer.write(raw: ",") }
            writer.write(raw: "{\"name\":")
            writer.write(string: output.name)
            let labels = output.name == "label" ? answer.labels ?? [] : nil
            writer.write(raw: ",\"datatype\":")
            writer.write(string: labels == nil ? "FP32" : "BYTES")
            writer.write(raw: ",\"shape\":[")
            writer.write(integer: Int64(answer.rows))
            if labels == nil, answer.width > 1 || output.name == "probabilities" {
                writer.write(raw: ",")
                writer.write(integer: Int64(answer.width))
            }
            writer.write(raw: "]")
            if output.binary {
                let start = binary.count
                if let labels {
                    for label in labels {
                        let utf8 = Array(label.utf8)
                        withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { binary.append(contentsOf: $0) }
                        binary.append(contentsOf: utf8)
                    }
                } else {
                    for value in answer.outputs {
                        withUnsafeBytes(of: value.bitPattern.littleEndian) { binary.append(contentsOf: $0) }
                    }
                }
                writer.write(raw: ",\"parameters\":{\"binary_data_size\":")
                writer.write(integer: Int64(binary.count - start))
                writer.write(raw: "}}")
            } else {
                writer.write(raw: ",\"data\":")
                if let labels { answer.writeStrings(labels, into: &writer) } else { answer.writeFlat(into: &writer) }
                writer.write(raw: "}")
            }
        }
        writer.write(raw: "]}")
        guard !binary.isEmpty else { return (writer.bytes, nil) }
        let headerLength = writer.bytes.count
        return (writer.bytes + binary, headerLength)
    }

    /// `GET /v2/models/NAME`: the model's name, version (its run), platform, and its
    /// inputs and outputs with their datatypes and shapes (-1: any number of rows).
    static func metadata(_ model: ServedModel) -> [UInt8] {
        let inputs: [JSONValue] = model.inputColumns.map { column in
            .object([
                "name": .string(column.name),
                "datatype": .string(column.categories == nil && !column.isText ? "FP32" : "BYTES"),
                "shape": .array([.number(-1)]),
            ])
        }
        var outputs: [JSONValue] = []
        switch model.task {
        case .classification(let classes):
            outputs.append(
                .object(["name": .string("label"), "datatype": .string("BYTES"), "shape": .array([.number(-1)])]))
            outputs.append(
                .object([
                    "name": .string("probabilities"), "datatype": .string("FP32"),
                    "shape": .array([.number(-1), .number(Double(classes.count))]),
                ]))
        case .regression(_, let width):
            outputs.append(
                .object([
                    "name": .string("predictions"), "datatype": .string("FP32"),
                    "shape": .array(width == 1 ? [.number(-1)] : [.number(-1), .number(Double(width))]),
                ]))
        }
        var parameters: [String: JSONValue] = ["run": .string(model.run.rawValue)]
        if case .classification(let classes) = model.task {
            parameters["classes"] = .array(classes.map(JSONValue.string))
        }
        if let target = model.preprocessing.target { parameters["target"] = .string(target.name) }
        parameters["categories"] = .object(
            Dictionary(
                model.inputColumns.compactMap { column in
                    column.categories.map { (column.name, JSONValue.array($0.map(JSONValue.string))) }
                }, uniquingKeysWith: { first, _ in first }))
        return JSONValue.object([
            "name": .string(model.name), "versions": .array([.string(model.run.rawValue)]),
            "platform": .string("strata"), "inputs": .array(inputs), "outputs": .array(outputs),
            "parameters": .object(parameters),
        ]).jsonBytes
    }
}
