import Foundation

/// What the items of a labelling session have in common: their columns (names and
/// kinds), the image shape when they are images, and how the widget shows them. Stored
/// once per labels dataset, so `labels(name)` can rebuild a dataset from the items'
/// bytes alone, after a restart and without the data `label` was given.
public struct LabelSchema: Sendable, Equatable {
    /// How the widget shows one item.
    public enum Presentation: String, Sendable, CaseIterable {
        /// An image (`[channels, height, width]` rows).
        case image
        /// A text (a single text column).
        case text
        /// A row of named values, as a small table.
        case row
    }

    public enum Kind: String, Sendable, CaseIterable {
        case number, category
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var kind: Kind

        public init(name: String, kind: Kind) {
            self.name = name
            self.kind = kind
        }
    }

    public var presentation: Presentation
    public var columns: [Column]
    /// `[channels, height, width]` for images, else nil.
    public var sampleShape: [Int]?

    public init(presentation: Presentation, columns: [Column], sampleShape: [Int]? = nil) {
        self.presentation = presentation
        self.columns = columns
        self.sampleShape = sampleShape
    }

    static let header = "strata-label-schema 1"

    /// UTF-8 lines: the header, `presentation <name>`, `shape <c> <h> <w>` for images,
    /// then one `<kind> <name>` line per column, with `\` and newlines in names escaped
    /// as `\\` and `\n` (as manifests write paths).
    public func encoded() -> [UInt8] {
        var text = Self.header + "\npresentation " + presentation.rawValue + "\n"
        if let sampleShape { text += "shape " + sampleShape.map(String.init).joined(separator: " ") + "\n" }
        for column in columns {
            text += column.kind.rawValue + " " + Self.escape(column.name) + "\n"
        }
        return Array(text.utf8)
    }

    /// Reads what `encoded()` wrote.
    public static func decode(_ bytes: [UInt8]) throws(LabelItemError) -> LabelSchema {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == header else { throw .invalidSchema(reason: "the first line is not '\(header)'") }
        guard lines.count >= 2, lines[1].hasPrefix("presentation "),
            let presentation = Presentation(rawValue: String(lines[1].dropFirst("presentation ".count)))
        else {
            throw .invalidSchema(reason: "the second line does not name a presentation")
        }
        var schema = LabelSchema(presentation: presentation, columns: [])
        for line in lines.dropFirst(2) {
            if line.hasPrefix("shape ") {
                let sides = line.dropFirst("shape ".count).split(separator: " ").compactMap { Int($0) }
                guard sides.count == 3, sides.allSatisfy({ $0 >= 1 }) else {
                    throw .invalidSchema(reason: "'\(line)' is not a shape of three sizes")
                }
                schema.sampleShape = sides
                continue
            }
            guard let space = line.firstIndex(of: " "), let kind = Kind(rawValue: String(line[..<space])) else {
                throw .invalidSchema(reason: "'\(line)' is not '<kind> <column name>'")
            }
            schema.columns.append(Column(name: unescape(String(line[line.index(after: space)...])), kind: kind))
        }
        return schema
    }

    private static func escape(_ name: String) -> String {
        name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func unescape(_ name: String) -> String {
        var result = ""
        var escaping = false
        for character in name {
            if escaping {
                result.append(character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// Why stored labelling data could not be read back.
public enum LabelItemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The schema object is not in the format `LabelSchema.encoded()` writes.
    case invalidSchema(reason: String)
    /// An item's bytes do not match the schema: which labelled item (counting from 0).
    case invalidItem(index: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidSchema(let reason): return "the labels' schema is invalid: \(reason)"
        case .invalidItem(let index, let reason): return "labelled item \(index + 1) is invalid: \(reason)"
        }
    }
}
