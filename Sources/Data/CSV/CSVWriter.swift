import TextFormat

/// Writes tables as CSV that `CSVLoader`, pandas and Python's csv module read back:
/// a header row, commas between fields, a line feed after each row, and RFC 4180
/// quoting (a field holding a comma, a quote or a line end is quoted, its quotes
/// doubled). Missing cells are empty. The file is replaced atomically (`OutputFile`).
public enum CSVWriter {
    /// Writes the dataset's feature columns, then its target, one row per example.
    /// Numbers are in the shortest form that reads back as the same Float (`5.1`,
    /// `1e-05`), categories and classes as their names.
    ///
    /// - Throws: `.unwritableFile` naming `path`.
    public static func write(_ dataset: Dataset, to path: String) throws(DataError) {
        var readers: [(Int) -> CellValue] = dataset.columns.map { column in { column.cell(at: $0) } }
        if let target = dataset.target { readers.append { target.cell(at: $0) } }
        try write(header: dataset.allColumnNames, rowCount: dataset.rowCount, to: path) { row, column in
            switch readers[column](row) {
            case .number(let number): return NumberText.shortest(number)
            case .text(let text): return text
            case .missing: return nil
            }
        }
    }

    /// Writes `rowCount` rows under `header`; `field(row, column)` gives each cell's
    /// text, nil for a missing (empty) cell.
    ///
    /// - Throws: `.unwritableFile` naming `path`.
    public static func write(
        header: [String], rowCount: Int, to path: String,
        field: (_ row: Int, _ column: Int) -> String?
    ) throws(DataError) {
        let file = try OutputFile(path: path)
        try file.write(line(header.map(Optional.some)))
        for row in 0..<rowCount {
            try file.write(line(header.indices.map { field(row, $0) }))
        }
        try file.commit()
    }

    /// One row: the fields quoted where they must be, joined by commas, with a line feed.
    /// A row of one empty field is written `""`, as Python's csv module does: an empty
    /// line would be read as a blank line and skipped.
    static func line(_ fields: [String?]) -> String {
        if fields.count == 1, fields[0]?.isEmpty ?? true { return "\"\"\n" }
        return fields.map { $0.map(quoted) ?? "" }.joined(separator: ",") + "\n"
    }

    /// The field as RFC 4180 writes it: as is, or in quotes with its quotes doubled
    /// when it holds a comma, a quote or a line end. A field with spaces at either end
    /// is quoted too, so readers that trim unquoted fields keep them.
    static func quoted(_ field: String) -> String {
        let special = field.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"")
                || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
        let padded = field.first?.isWhitespace == true || field.last?.isWhitespace == true
        guard special || padded else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
