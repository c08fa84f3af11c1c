import JSON

/// A request's rows as the client sent them, column by column and not yet encoded: what
/// every request format (Open Inference Protocol, MLflow's four JSON forms, CSV)
/// decodes to, and what the prediction log keeps.
public struct InputTable: Sendable, Equatable {
    /// One column's cells: numbers, or text (for categories, or numbers sent as text),
    /// with nil for a missing cell.
    public enum Cells: Sendable, Equatable {
        case numbers([Double?])
        case texts([String?])

        var count: Int {
            switch self {
            case .numbers(let values): values.count
            case .texts(let values): values.count
            }
        }

        /// The cells as JSON, for the prediction log.
        var json: JSONValue {
            switch self {
            case .numbers(let values): .array(values.map { $0.map(JSONValue.number) ?? .null })
            case .texts(let values): .array(values.map { $0.map(JSONValue.string) ?? .null })
            }
        }
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var cells: Cells

        public init(name: String, cells: Cells) {
            self.name = name
            self.cells = cells
        }
    }

    public var columns: [Column]
    public var rows: Int

    /// Columns of equal length.
    /// - Throws: a 400 naming the first column whose length differs, or a repeated name.
    public init(columns: [Column]) throws(RequestError) {
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name).inserted {
            throw .bad("column '\(column.name)' is given twice", field: column.name)
        }
        let rows = columns.first?.cells.count ?? 0
        if let uneven = columns.first(where: { $0.cells.count != rows }) {
            throw .bad(
                "column '\(uneven.name)' has \(uneven.cells.count) values and '\(columns[0].name)' has \(rows): "
                    + "every column needs one value per row", field: uneven.name)
        }
        self.columns = columns
        self.rows = rows
    }

    /// Builds columns from rows of cells keyed by column name (MLflow's records),
    /// keeping the order in which names first appear; a name missing from a row is a
    /// missing cell there.
    static func fromRecords(_ records: [[String: JSONValue]], field: String) throws(RequestError) -> InputTable {
        var order: [String] = []
        var known = Set<String>()
        for record in records {
            for key in record.keys.sorted() where known.insert(key).inserted { order.append(key) }
        }
        var columns: [Column] = []
        for name in order {
            let cells = records.map { $0[name] ?? .null }
            columns.append(Column(name: name, cells: try InputTable.cells(cells, field: "\(field).\(name)")))
        }
        return try InputTable(columns: columns)
    }

    /// JSON values as one column's cells: all numbers (or null), else text, where a
    /// number among texts is written as text.
    /// - Throws: a 400 naming `field` for an array, an object or a boolean cell.
    static func cells(_ values: [JSONValue], field: String) throws(RequestError) -> Cells {
        var numbers: [Double?] = []
        numbers.reserveCapacity(values.count)
        var allNumbers = true
        for (row, value) in values.enumerated() {
            switch value {
            case .number(let n): numbers.append(n)
            case .null: numbers.append(nil)
            case .string: allNumbers = false
            case .array, .object, .bool:
                throw .bad(
                    "\(field)[\(row)] is \(InputTable.kind(value)); a cell is a number, a string or null",
                    field: field)
            }
            if !allNumbers { break }
        }
        if allNumbers { return .numbers(numbers) }
        var texts: [String?] = []
        texts.reserveCapacity(values.count)
        for value in values {
            switch value {
            case .string(let s): texts.append(s)
            case .number(let n): texts.append(InputTable.text(n))
            default: texts.append(nil)
            }
        }
        return .texts(texts)
    }

    /// A number as a category name: whole numbers without a fraction (`3`, not `3.0`),
    /// as a CSV file that holds them would name the category.
    static func text(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The table as JSON text, column by column, for the prediction log.
    var json: String {
        var writer = JSONWriter()
        writer.write(
            object: Dictionary(columns.map { ($0.name, $0.cells.json) }, uniquingKeysWith: { first, _ in first }))
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
