/// Everything that can go wrong while loading or identifying a dataset. Each case
/// carries the file it concerns, so the message can name it; `description` is the
/// user-facing sentence (without the builtin's name, which the language prefixes).
public enum DataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be opened or read.
    case unreadableFile(path: String, reason: String)
    /// The file cannot be created, written or moved into place (`to_csv`).
    case unwritableFile(path: String, reason: String)
    /// The file holds no bytes (or only a byte-order mark and blank lines).
    case emptyFile(path: String)
    /// The header (or first row) yields no columns.
    case noColumns(path: String)
    /// A row whose field count differs from the header's; `line` is 1-based.
    case fieldCount(path: String, line: Int, found: Int, expected: Int)
    /// A quoted field that never closes; `line` is where the quote opened.
    case unterminatedQuote(path: String, line: Int)
    /// No delimiter was given, and several split every one of the first rows alike.
    case ambiguousDelimiter(path: String, candidates: [String], fields: [Int])
    /// No delimiter was given; the header splits at `likely` (not a comma), but row
    /// `line` has another number of fields.
    case inconsistentDelimiter(path: String, likely: String, line: Int, found: Int, expected: Int)
    /// A word among the numbers of a mostly numeric column.
    case badNumber(path: String, line: Int, column: String, value: String)
    /// A cell that parses as an infinite number.
    case infiniteValue(path: String, line: Int, column: String, value: String)
    /// `target:` names no column.
    case unknownTarget(path: String, name: String, suggestion: String?, columns: [String])
    /// An IDX file whose magic number is not the expected one.
    case badMagic(path: String, found: UInt32, expected: UInt32)
    /// The IDX images and labels disagree on the number of examples.
    case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
    /// An IDX file that ends before its header says it should.
    case truncated(path: String, expectedBytes: Int, foundBytes: Int)
    /// A gzip stream that zlib cannot inflate.
    case corruptGzip(path: String, reason: String)
    /// A bundled dataset name that does not exist.
    case unknownDataset(name: String, suggestion: String?, available: [String])
    /// The folder of bundled datasets cannot be found next to the program.
    case missingResources(searched: [String])

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .unwritableFile(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        case .emptyFile(let path):
            return "'\(path)' is empty"
        case .noColumns(let path):
            return "'\(path)' has no columns"
        case .fieldCount(let path, let line, let found, let expected):
            return "row \(line) has \(found) field\(found == 1 ? "" : "s"), expected \(expected) ('\(path)')"
        case .unterminatedQuote(let path, let line):
            return "unterminated quote: the quoted field opened on row \(line) never closes ('\(path)')"
        case .ambiguousDelimiter(let path, let candidates, let fields):
            let each = zip(candidates, fields).map { "\($0) gives \($1)" }.joined(separator: ", ")
            return "cannot tell the delimiter: several split every row into the same number of fields (\(each)); "
                + "pass delimiter: \(candidates[0]) or another ('\(path)')"
        case .inconsistentDelimiter(let path, let likely, let line, let found, let expected):
            return "the file looks \(likely)-separated (the header has \(expected) fields) but row \(line) has "
                + "\(found); pass delimiter: \(likely) to read it that way and see the rows that differ ('\(path)')"
        case .badNumber(let path, let line, let column, let value):
            return "row \(line), column '\(column)': '\(value)' is not a number, but most of the "
                + "column is numeric ('\(path)')"
        case .infiniteValue(let path, let line, let column, let value):
            return "row \(line), column '\(column)': '\(value)' is infinite ('\(path)')"
        case .unknownTarget(let path, let name, let suggestion, let columns):
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            return "no column named '\(name)' for the target\(hint); columns are "
                + columns.map { "'\($0)'" }.joined(separator: ", ") + " ('\(path)')"
        case .badMagic(let path, let found, let expected):
            return "'\(path)' is not an IDX file of the expected kind: magic number "
                + "\(hex(found)), expected \(hex(expected))"
        case .countMismatch(let images, let imageCount, let labels, let labelCount):
            return "'\(images)' holds \(imageCount) images but '\(labels)' holds \(labelCount) labels"
        case .truncated(let path, let expectedBytes, let foundBytes):
            return "'\(path)' is truncated: expected \(expectedBytes) bytes, found \(foundBytes)"
        case .corruptGzip(let path, let reason):
            return "'\(path)' is not a valid gzip file: \(reason)"
        case .unknownDataset(let name, let suggestion, let available):
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            return "no bundled dataset named '\(name)'\(hint); available: "
                + available.map { "'\($0)'" }.joined(separator: ", ")
        case .missingResources(let searched):
            return "the bundled datasets are missing (looked in "
                + searched.map { "'\($0)'" }.joined(separator: ", ") + ")"
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
