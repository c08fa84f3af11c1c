import Foundation
import JSON

/// A Jupyter notebook (nbformat 4) read for the tools that work on its code: the
/// formatter and the linter. It keeps the file's bytes, so writing changed cells back
/// (`replacingSources`) touches only those cells' `"source"` values.
public struct NotebookFile: Sendable {
    /// A code cell: where it is and what it says.
    public struct Cell: Sendable, Equatable {
        /// The cell's position among all cells, from 0 (the key for `replacingSources`).
        public var index: Int
        /// The cell's position among the code cells, from 1: what messages call "cell N".
        public var number: Int
        /// The cell's text, its lines joined.
        public var source: String

        public init(index: Int, number: Int, source: String) {
            self.index = index
            self.number = number
            self.source = source
        }
    }

    /// The path the notebook was read from, for messages.
    public let path: String
    /// True when the notebook's kernel or language is Strata
    /// (`metadata.kernelspec.name` or `metadata.language_info.name` is `"strata"`).
    public let isStrata: Bool
    /// The code cells, in order.
    public let codeCells: [Cell]

    private let bytes: [UInt8]
    private let layout: NotebookByteLayout

    /// Reads and parses the notebook at `path`.
    public static func read(path: String) throws(NotebookFileError) -> NotebookFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw NotebookFileError(path: path, reason: .unreadable("no such file"))
        }
        guard !isDirectory.boolValue else { throw NotebookFileError(path: path, reason: .unreadable("it is a folder")) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NotebookFileError(path: path, reason: .unreadable("permission denied"))
        }
        return try NotebookFile(bytes: [UInt8](data), path: path)
    }

    /// Parses a notebook's bytes; `path` is only for messages.
    public init(bytes: [UInt8], path: String) throws(NotebookFileError) {
        func fail(_ what: String) -> NotebookFileError { NotebookFileError(path: path, reason: .notANotebook(what)) }
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw NotebookFileError(path: path, reason: .invalidJSON(error))
        }
        guard document.objectValue != nil else { throw fail("the file holds no JSON object") }
        guard let format = document["nbformat"]?.intValue else { throw fail("no 'nbformat' number") }
        guard format >= 4 else { throw fail("it is nbformat \(format); open and save it in a current Jupyter") }
        guard let cells = document["cells"]?.arrayValue else { throw fail("no 'cells' list") }
        guard let layout = NotebookByteLayout(bytes: bytes), layout.cells.count == cells.count else {
            throw fail("the 'cells' list could not be located")
        }

        var codeCells: [Cell] = []
        for (index, cell) in cells.enumerated() {
            guard let type = cell["cell_type"]?.stringValue else { throw fail("cell \(index) has no 'cell_type'") }
            guard type == "code" else { continue }
            guard let source = Self.joinedSource(cell["source"]) else {
                throw fail("code cell \(index)'s 'source' is neither a string nor a list of strings")
            }
            guard layout.cells[index].sourceRange != nil else {
                throw fail("code cell \(index)'s 'source' could not be located")
            }
            codeCells.append(Cell(index: index, number: codeCells.count + 1, source: source))
        }

        let metadata = document["metadata"]
        self.path = path
        self.isStrata =
            metadata?["kernelspec"]?["name"]?.stringValue == "strata"
            || metadata?["language_info"]?["name"]?.stringValue == "strata"
        self.codeCells = codeCells
        self.bytes = bytes
        self.layout = layout
    }

    /// The notebook's bytes with the given code cells' sources replaced (keyed by
    /// `Cell.index`), written as Jupyter writes them (a list of lines, each but the last
    /// ending in a line break) in the file's own indentation. Everything else is kept
    /// byte for byte, and so is a cell whose new source equals its old one.
    public func replacingSources(_ sources: [Int: String]) throws(NotebookFileError) -> [UInt8] {
        var replacements: [(range: Range<Int>, bytes: [UInt8])] = []
        for (index, source) in sources {
            guard let cell = codeCells.first(where: { $0.index == index }), let range = layout.cells[index].sourceRange
            else {
                throw NotebookFileError(path: path, reason: .noSuchCodeCell(index: index))
            }
            guard source != cell.source else { continue }
            replacements.append((range, encodedSource(source, keyIndent: layout.cells[index].keyIndent)))
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        var copied = 0
        for replacement in replacements.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            out += bytes[copied..<replacement.range.lowerBound]
            out += replacement.bytes
            copied = replacement.range.upperBound
        }
        out += bytes[copied...]
        return out
    }

    // MARK: - Sources

    /// nbformat allows a string or a list of strings (joined as they are).
    private static func joinedSource(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text): return text
        case .array(let parts):
            var text = ""
            for part in parts {
                guard let piece = part.stringValue else { return nil }
                text += piece
            }
            return text
        default: return nil
        }
    }

    /// `source` as Jupyter writes it: `[]` when empty, else one string per line, one per
    /// line of the file, indented one step more than the `"source"` key.
    private func encodedSource(_ source: String, keyIndent: Int?) -> [UInt8] {
        let lines = Self.lines(of: source)
        guard !lines.isEmpty else { return Array("[]".utf8) }
        guard let keyIndent, let unit = layout.indentUnit else {
            // Compact JSON stays compact.
            return JSONValue.array(lines.map { .string($0) }).jsonBytes
        }
        let elementIndent = [UInt8](repeating: 0x20, count: keyIndent + unit)
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, line) in lines.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(0x0A)
            out += elementIndent
            out += JSONValue.string(line).jsonBytes
        }
        out.append(0x0A)
        out += [UInt8](repeating: 0x20, count: keyIndent)
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// The lines of `source`, each but the last keeping its `\n` (Python's
    /// `splitlines(keepends=True)` on `\n`, as nbformat does).
    static func lines(of source: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for scalar in source.unicodeScalars {
            current.unicodeScalars.append(scalar)
            if scalar == "\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
