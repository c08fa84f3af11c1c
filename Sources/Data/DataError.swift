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
    /// `text:` names a column that is not there, or one whose cells are numbers.
    case badTextColumn(path: String, name: String, reason: String)
    /// An IDX file whose magic number is not the expected one.
    case badMagic(path: String, found: UInt32, expected: UInt32)
    /// The IDX images and labels disagree on the number of examples.
    case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
    /// An IDX file that ends before its header says it should.
    case truncated(path: String, expectedBytes: Int, foundBytes: Int)
    /// A gzip stream that zlib cannot inflate.
    case corruptGzip(path: String, reason: String)
    /// `load_images` was given a file where it reads a folder.
    case notAFolder(path: String)
    /// A folder with no PNG or JPEG files under it (or, with `skip_bad`, none that decode).
    case noImages(path: String, skipped: Int)
    /// An image file that cannot be used: corrupt, truncated, empty or of another format.
    case badImage(path: String, reason: String)
    /// An image whose size differs from the first one's, and no `size:` to resize them.
    case imageSizeMismatch(path: String, height: Int, width: Int, first: String, firstHeight: Int, firstWidth: Int)
    /// Labels from folders, but some images sit directly in the folder (`files`, full paths).
    case looseImages(folder: String, files: [String])
    /// A row of a labels CSV that is not `file,label`; `line` is 1-based.
    case badLabelFile(path: String, line: Int, reason: String)
    /// A file the labels CSV lists (on `line`) that does not exist.
    case missingLabelledFile(labels: String, line: Int, path: String)
    /// An image under the folder that the labels CSV does not list (`more` others neither).
    case unlabelledImage(path: String, labels: String, more: Int)
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
        case .badTextColumn(let path, let name, let reason):
            return "text: column '\(name)' \(reason) ('\(path)')"
        case .badMagic(let path, let found, let expected):
            return "'\(path)' is not an IDX file of the expected kind: magic number "
                + "\(hex(found)), expected \(hex(expected))"
        case .countMismatch(let images, let imageCount, let labels, let labelCount):
            return "'\(images)' holds \(imageCount) images but '\(labels)' holds \(labelCount) labels"
        case .truncated(let path, let expectedBytes, let foundBytes):
            return "'\(path)' is truncated: expected \(expectedBytes) bytes, found \(foundBytes)"
        case .corruptGzip(let path, let reason):
            return "'\(path)' is not a valid gzip file: \(reason)"
        case .notAFolder(let path):
            return "'\(path)' is a file; load_images reads the images in a folder"
        case .noImages(let path, let skipped):
            if skipped == 0 { return "no PNG or JPEG files in '\(path)' or its sub-folders" }
            return "none of the \(skipped) image files in '\(path)' could be read (all were skipped as bad)"
        case .badImage(let path, let reason):
            return "'\(path)' is not a usable image: \(reason); pass skip_bad: true to skip such files"
        case .imageSizeMismatch(let path, let height, let width, let first, let firstHeight, let firstWidth):
            return "'\(path)' is \(height)x\(width) (height x width) but the first image, '\(first)', is "
                + "\(firstHeight)x\(firstWidth); pass size: [\(firstHeight), \(firstWidth)] to resize every image"
        case .looseImages(let folder, let files):
            let shown =
                files.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
                + (files.count > 5 ? " and \(files.count - 5) more" : "")
            return "labels: \"folders\" takes each image's class from its sub-folder of '\(folder)', but "
                + "\(files.count == 1 ? "1 image is" : "\(files.count) images are") directly in it: \(shown); "
                + "move them into a class folder, or pass labels: nil or a file,label CSV"
        case .badLabelFile(let path, let line, let reason):
            return "line \(line) of the labels file '\(path)': \(reason)"
        case .missingLabelledFile(let labels, let line, let path):
            return "line \(line) of the labels file '\(labels)' lists '\(path)', which does not exist"
        case .unlabelledImage(let path, let labels, let more):
            let others = more == 0 ? "" : " (nor are \(more) other image\(more == 1 ? "" : "s") in the folder)"
            return "'\(path)' is not listed in the labels file '\(labels)'\(others); list every image "
                + "with its label, or move the unlabelled ones out of the folder"
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
