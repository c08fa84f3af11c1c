/// One worker's share of a chunk of CSV text, and the scratch it parses into.
///
/// A segment always starts at a row boundary and holds only complete rows (the
/// loader cuts chunks after a line end, outside quotes), so parsing it has no state
/// to carry across segments: workers parse neighbouring segments at the same time,
/// and the loader appends their results in order. Numbers go into one Float block
/// per column, text cells become codes into a per-segment `ByteInterner`. The
/// storage is reused from chunk to chunk, so steady-state parsing allocates nothing.
///
/// `@unchecked Sendable`: a segment is handed to exactly one worker per chunk, and
/// the loader reads it only after that worker has finished.
final class CSVSegment: @unchecked Sendable {
    /// One access to this property for a whole parse: inside the struct, accesses
    /// to its state are checked at compile time instead of at every cell.
    private var parser: CSVSegmentParser

    init(layout: CSVLayout) { parser = CSVSegmentParser(layout: layout) }

    var layout: CSVLayout { parser.layout }
    var rows: Int { parser.rows }
    var lines: Int { parser.lines }
    var failure: CSVSegmentFailure? { parser.failure }
    var tallies: [CSVColumnTally] { parser.tallies }
    var interners: [ByteInterner] { parser.interners }

    /// The parsed numbers of numeric column `field` (valid until the next `parse`).
    func numbers(_ field: Int) -> UnsafeBufferPointer<Float> { parser.numbers(field) }

    /// The parsed codes of text column `field`, into `interners[field]`; -1 is missing.
    func textCodes(_ field: Int) -> UnsafeBufferPointer<Int32> { parser.textCodes(field) }

    /// Parses every row of `[base, base + count)`, which must end at a row boundary
    /// or at the end of the file. Stops at the first row-level failure.
    func parse(_ base: UnsafePointer<UInt8>, count: Int) { parser.parse(base, count: count) }

    deinit { parser.deallocate() }
}
