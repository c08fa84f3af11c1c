/// How the reader treats a column's cells: parsed as numbers, or interned as text.
enum CSVColumnKind: UInt8, Sendable {
    case numeric
    case text
}

/// What every parsing worker needs to know about the file: the delimiter and, for
/// each field of a row (target included, in file order), how to read it.
struct CSVLayout: Sendable {
    var delimiter: UInt8
    var kinds: [CSVColumnKind]
    var fieldCount: Int { kinds.count }
}

/// A cell worth remembering for an error message: where it was and what it said.
struct CSVCellNote: Sendable, Equatable {
    /// 1-based line in the file once merged (0-based within a segment before).
    var line: Int
    var text: String
}

/// What one column's cells looked like: counted so the loader can decide between a
/// numeric column with a stray word (an error) and a text column (categorical).
struct CSVColumnTally: Sendable, Equatable {
    /// Cells that are numbers (finite or not), missing, or anything else.
    var numbers = 0
    var missing = 0
    var words = 0
    var firstWord: CSVCellNote?
    var firstInfinite: CSVCellNote?

    /// Adds a later part of the file, whose line numbers start at `lineOffset`.
    mutating func absorb(_ later: CSVColumnTally, lineOffset: Int) {
        numbers += later.numbers
        missing += later.missing
        words += later.words
        if firstWord == nil, var note = later.firstWord {
            note.line += lineOffset
            firstWord = note
        }
        if firstInfinite == nil, var note = later.firstInfinite {
            note.line += lineOffset
            firstInfinite = note
        }
    }
}

/// A row-level problem that stops parsing; lines are 0-based within the segment.
enum CSVSegmentFailure: Sendable, Equatable {
    case fieldCount(line: Int, found: Int)
    case unterminatedQuote(line: Int)
}
