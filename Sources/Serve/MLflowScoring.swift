import Data
import JSON

/// MLflow's scoring protocol (`POST /invocations`), so its clients and anything that
/// talks to `mlflow models serve` work unchanged: a JSON body with exactly one of
/// `dataframe_split`, `dataframe_records`, `instances` or `inputs`, or a CSV body with
/// a header row (`Content-Type: text/csv`). The answer is `{"predictions": [...]}`:
/// per row `{"label": ..., "probabilities": {class: p, ...}}` for classification, the
/// value (or values) for regression.
enum MLflowScoring {
    static let formats = ["dataframe_split", "dataframe_records", "instances", "inputs"]

    /// Reads a request body of `contentType`.
    /// - Throws: a 400 naming the field (or 415 for a media type it does not read).
    static func decode(_ body: [UInt8], contentType: String?, model: ServedModel) throws(RequestError) -> InputTable {
        let media = contentType?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        switch media {
        case "text/csv"?:
            return try csv(body)
        case nil, "application/json"?, ""?:
            break
        case let other?:
            throw RequestError(
                .unsupportedMediaType, "Content-Type \(other) is not read here; send application/json or text/csv",
                field: "Content-Type")
        }
        let document: JSONValue
        do throws(JSONParseError) {
            document = try JSONParser.parse(body)
        } catch {
            throw .bad("the body is not JSON: \(error)")
        }
        guard case .object(let fields) = document else {
            throw .bad(
                "the body must be a JSON object with one of " + formats.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        let given = formats.filter { fields[$0] != nil }
        guard given.count == 1 else {
            throw .bad(
                given.isEmpty
                    ? "the body needs one of " + formats.map { "\"\($0)\"" }.joined(separator: ", ")
                    : "the body has " + given.map { "\"\($0)\"" }.joined(separator: " and ") + "; send one of them",
                field: given.first)
        }
        let format = given[0], value = fields[format]!
        switch format {
        case "dataframe_split":
            return try split(value, model: model)
        case "dataframe_records":
            return try records(value, field: format)
        default:
            return try tensorLike(value, field: format, model: model)
        }
    }

    /// `{"columns": [...], "data": [[...], ...]}` (an `index` is ignored).
    static func split(_ value: JSONValue, model: ServedModel) throws(RequestError) -> InputTable {
        let field = "dataframe_split"
        guard case .array(let names)? = value["columns"] else {
            throw .bad("\(field) needs \"columns\", a list of names", field: field + ".columns")
        }
        guard case .array(let rows)? = value["data"] else {
            throw .bad("\(field) needs \"data\", a list of rows", field: field + ".data")
        }
        var columnNames: [String] = []
        for (index, name) in names.enumerated() {
            guard let text = name.stringValue else {
                throw .bad("\(field).columns[\(index)] must be a string", field: "\(field).columns[\(index)]")
            }
            columnNames.append(text)
        }
        var cells = [[JSONValue]](repeating: [], count: columnNames.count)
        for (number, row) in rows.enumerated() {
            guard case .array(let values) = row, values.count == columnNames.count else {
                throw .bad(
                    "\(field).data[\(number)] must be a list of \(columnNames.count) values, one per column",
                    field: "\(field).data[\(number)]")
            }
            for (index, value) in values.enumerated() { cells[index].append(value) }
        }
        var columns: [InputTable.Column] = []
        for (index, name) in columnNames.enumerated() {
            columns.append(InputTable.Column(name: name, cells: try InputTable.cells(cells[index], field: name)))
        }
        return try InputTable(columns: columns)
    }

    /// `[{"column": value, ...}, ...]`.
    static func records(_ value: JSONValue, field: String) throws(RequestError) -> InputTable {
        guard case .array(let rows) = value else { throw .bad("\(field) must be a list of rows", field: field) }
        var objects: [[String: JSONValue]] = []
        for (number, row) in rows.enumerated() {
            guard case .object(let object) = row else {
                throw .bad("\(field)[\(number)] must be an object of column: value", field: "\(field)[\(number)]")
            }
            objects.append(object)
        }
        return try InputTable.fromRecords(objects, field: field)
    }

    /// `instances` and `inputs`: records, a dictionary of columns, or rows of values in
    /// the model's column order.
    static func tensorLike(_ value: JSONValue, field: String, model: ServedModel) throws(RequestError) -> InputTable {
        switch value {
        case .object(let columns):
            var table: [InputTable.Column] = []
            for name in columns.keys.sorted() {
                var flat: [JSONValue] = []
                OpenInference.Tensor.flatten(columns[name]!, into: &flat)
                table.append(
                    InputTable.Column(name: name, cells: try InputTable.cells(flat, field: "\(field).\(name)")))
            }
            return try InputTable(columns: table)
        case .array(let rows) where rows.allSatisfy({ if case .object = $0 { true } else { false } }):
            return try records(value, field: field)
        case .array(let rows):
            let names = model.inputColumns.map(\.name)
            var cells = [[JSONValue]](repeating: [], count: names.count)
            for (number, row) in rows.enumerated() {
                var flat: [JSONValue] = []
                OpenInference.Tensor.flatten(row, into: &flat)
                guard flat.count == names.count else {
                    throw .bad(
                        "\(field)[\(number)] has \(flat.count) values; model '\(model.name)' reads \(names.count) "
                            + "columns (" + names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", ..." : "")
                            + ")",
                        field: "\(field)[\(number)]")
                }
                for (index, value) in flat.enumerated() { cells[index].append(value) }
            }
            var table: [InputTable.Column] = []
            for (index, name) in names.enumerated() {
                table.append(InputTable.Column(name: name, cells: try InputTable.cells(cells[index], field: name)))
            }
            return try InputTable(columns: table)
        default:
            throw .bad("\(field) must be a list of rows or an object of columns", field: field)
        }
    }

    /// A CSV body: a header row of column names, then one row per record. Numbers read
    /// as numbers, empty cells as missing, the rest as text.
    static func csv(_ body: [UInt8]) throws(RequestError) -> InputTable {
        let records: [[String]]
        do throws(CSVText.Problem) {
            records = try CSVText.records(body)
        } catch {
            throw .bad("the CSV body does not read: \(error)")
        }
        guard let header = records.first else { throw .bad("the CSV body is empty; it needs a header row") }
        var columns = [[JSONValue]](repeating: [], count: header.count)
        for (number, record) in records.dropFirst().enumerated() {
            guard record.count == header.count else {
                throw .bad(
                    "CSV line \(number + 2) has \(record.count) fields, the header \(header.count)",
                    field: "line \(number + 2)")
            }
            for (index, text) in record.enumerated() {
                columns[index].append(text.isEmpty ? .null : Double(text).map(JSONValue.number) ?? .string(text))
            }
        }
        var table: [InputTable.Column] = []
        for (index, name) in header.enumerated() {
            table.append(InputTable.Column(name: name, cells: try InputTable.cells(columns[index], field: name)))
        }
        return try InputTable(columns: table)
    }

    /// `{"predictions": [...]}`.
    static func encode(_ answer: Answer) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 32 + answer.outputs.count * 24)
        writer.write(raw: "{\"predictions\":")
        if let labels = answer.labels, case .classification(let classes) = answer.task {
            writer.write(raw: "[")
            for row in 0..<answer.rows {
                if row > 0 { writer.write(raw: ",") }
                writer.write(raw: "{\"label\":")
                writer.write(string: labels[row])
                writer.write(raw: ",\"probabilities\":{")
                for (k, name) in classes.enumerated() {
                    if k > 0 { writer.write(raw: ",") }
                    writer.write(string: name)
                    writer.write(raw: ":")
                    writer.write(float: answer.outputs[row * answer.width + k])
                }
                writer.write(raw: "}}")
            }
            writer.write(raw: "]")
        } else {
            answer.writeRows(into: &writer)
        }
        writer.write(raw: "}")
        return writer.bytes
    }
}
