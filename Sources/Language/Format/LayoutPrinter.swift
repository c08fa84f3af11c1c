/// The text a layout writes, and the column where the next character goes, so the
/// layout can ask whether a piece still fits on the line.
struct LayoutPrinter {
    /// Lines longer than this are broken where the grammar allows it.
    static let lineLimit = 100
    /// Spaces per level of indentation.
    static let indentWidth = 2

    private(set) var text = ""
    /// The column (0-based, in characters) where the next character goes.
    private(set) var column = 0
    /// Indentation still to write before the next character on a new line, so blank
    /// lines and line ends carry no spaces.
    private var pendingIndent: Int?

    /// Appends `piece`; a string literal in it may span lines.
    mutating func write(_ piece: String) {
        if let indent = pendingIndent {
            text += String(repeating: " ", count: indent)
            pendingIndent = nil
        }
        text += piece
        if let lastBreak = piece.lastIndex(of: "\n") {
            column = piece.distance(from: piece.index(after: lastBreak), to: piece.endIndex)
        } else {
            column += piece.count
        }
    }

    /// Ends the line; the next one starts at `indent`.
    mutating func newline(indent: Int) {
        text += "\n"
        pendingIndent = indent
        column = indent
    }

    /// Ends the line and leaves one empty line.
    mutating func blankLine(indent: Int) {
        text += "\n"
        newline(indent: indent)
    }

    /// Whether `piece` fits from the current column with `trailing` more characters
    /// after it on its last line. A string literal that spans lines is judged by its
    /// first and last lines, the only ones a layout can move.
    func fits(_ piece: String, trailing: Int = 0) -> Bool {
        guard let firstBreak = piece.firstIndex(of: "\n") else {
            return column + piece.count + trailing <= Self.lineLimit
        }
        let firstLine = piece.distance(from: piece.startIndex, to: firstBreak)
        let lastBreak = piece.lastIndex(of: "\n")!
        let lastLine = piece.distance(from: piece.index(after: lastBreak), to: piece.endIndex)
        return column + firstLine <= Self.lineLimit && lastLine + trailing <= Self.lineLimit
    }
}
