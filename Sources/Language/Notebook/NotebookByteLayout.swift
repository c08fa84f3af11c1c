/// Where each cell's `"source"` value sits in a notebook's bytes, and how the file is
/// indented, so a changed cell is written back by replacing those bytes alone and
/// everything else (key order, number spellings, outputs, the final newline) stays as
/// the tool that saved it wrote it. The JSON module reads values but not their
/// positions; this only walks the structure of a document it has already accepted.
struct NotebookByteLayout {
    /// One entry per cell, in order.
    struct CellLayout: Equatable {
        /// The bytes of the `"source"` value (nil when the cell has none).
        var sourceRange: Range<Int>?
        /// The indentation, in spaces, of the line that holds the `"source"` key; nil when
        /// the key does not start a line (compact JSON).
        var keyIndent: Int?
    }

    var cells: [CellLayout] = []
    /// The indentation step of the file (1 for Jupyter's files), from the first member of
    /// the top-level object; nil for compact JSON.
    var indentUnit: Int?

    private let bytes: [UInt8]
    private var position = 0

    /// Walks `bytes`, which must hold a JSON object (the caller parsed it already).
    init?(bytes: [UInt8]) {
        self.bytes = bytes
        skipWhitespace()
        guard peek == UInt8(ascii: "{") else { return nil }
        var found = false
        let ok = forEachMember { layout, key, keyStart in
            if layout.indentUnit == nil { layout.indentUnit = layout.indent(ofLineAt: keyStart) }
            guard key == "cells", layout.peek == UInt8(ascii: "[") else { return layout.skipValue() }
            found = true
            layout.cells = []
            return layout.forEachElement { layout in
                guard layout.peek == UInt8(ascii: "{") else {
                    layout.cells.append(CellLayout()); return layout.skipValue()
                }
                var cell = CellLayout()
                let ok = layout.forEachMember { layout, key, keyStart in
                    if key == "source" {
                        cell.keyIndent = layout.indent(ofLineAt: keyStart)
                        let start = layout.position
                        guard layout.skipValue() else { return false }
                        cell.sourceRange = start..<layout.position
                        return true
                    }
                    return layout.skipValue()
                }
                layout.cells.append(cell)
                return ok
            }
        }
        guard ok, found else { return nil }
    }

    // MARK: - Walking

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let b = peek, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { position += 1 }
    }

    /// Calls `body` at each member's value (after the colon) with its key and where the
    /// key's quote is; `body` must consume the value. Consumes the object.
    private mutating func forEachMember(_ body: (inout NotebookByteLayout, String, Int) -> Bool) -> Bool {
        guard peek == UInt8(ascii: "{") else { return false }
        position += 1
        skipWhitespace()
        if peek == UInt8(ascii: "}") { position += 1; return true }
        while true {
            skipWhitespace()
            let keyStart = position
            guard peek == UInt8(ascii: "\""), skipString() else { return false }
            let key = String(decoding: bytes[(keyStart + 1)..<(position - 1)], as: UTF8.self)
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { return false }
            position += 1
            skipWhitespace()
            guard body(&self, key, keyStart) else { return false }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return true
            default: return false
            }
        }
    }

    /// Calls `body` at each element of an array; `body` must consume it. Consumes the array.
    private mutating func forEachElement(_ body: (inout NotebookByteLayout) -> Bool) -> Bool {
        guard peek == UInt8(ascii: "[") else { return false }
        position += 1
        skipWhitespace()
        if peek == UInt8(ascii: "]") { position += 1; return true }
        while true {
            skipWhitespace()
            guard body(&self) else { return false }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return true
            default: return false
            }
        }
    }

    /// Skips one value of any kind, nested ones by counting brackets (no recursion).
    private mutating func skipValue() -> Bool {
        var depth = 0
        repeat {
            skipWhitespace()
            guard let b = peek else { return false }
            switch b {
            case UInt8(ascii: "\""):
                guard skipString() else { return false }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard depth > 0 else { return false }
                depth -= 1
                position += 1
            case UInt8(ascii: ","), UInt8(ascii: ":"):
                guard depth > 0 else { return false }
                position += 1
            default:
                // A number or literal: up to the next delimiter.
                let start = position
                while let c = peek, !Self.isDelimiter(c) { position += 1 }
                guard position > start else { return false }
            }
        } while depth > 0
        return true
    }

    /// Skips a string from its opening quote to just past its closing one.
    private mutating func skipString() -> Bool {
        position += 1
        while let b = peek {
            position += 1
            if b == UInt8(ascii: "\\") { position += 1; continue }
            if b == UInt8(ascii: "\"") { return position <= bytes.count }
        }
        return false
    }

    private static func isDelimiter(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == UInt8(ascii: ",") || b == UInt8(ascii: "]")
            || b == UInt8(ascii: "}") || b == UInt8(ascii: ":")
    }

    /// The number of spaces before `offset` on its line, when only spaces precede it
    /// there and a line break comes before them; nil otherwise.
    private func indent(ofLineAt offset: Int) -> Int? {
        var i = offset
        while i > 0, bytes[i - 1] == 0x20 { i -= 1 }
        guard i > 0, bytes[i - 1] == 0x0A else { return nil }
        return offset - i
    }
}
