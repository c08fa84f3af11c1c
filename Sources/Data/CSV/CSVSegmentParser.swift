/// The state and the loop behind `CSVSegment`: a value type, so that its state is
/// accessed without the run-time exclusivity checks a class's properties carry.
struct CSVSegmentParser {
    let layout: CSVLayout
    /// Rows parsed, line ends passed (blank lines and quoted line ends included),
    /// and the first row-level failure, which stops the parse.
    private(set) var rows = 0
    private(set) var lines = 0
    private(set) var failure: CSVSegmentFailure?
    private(set) var tallies: [CSVColumnTally]
    /// Per text column, the segment's distinct values; codes index into these.
    private(set) var interners: [ByteInterner]
    private var numberFlags: [[Bool]]

    private var rowCapacity = 0
    private var floats: UnsafeMutablePointer<Float>
    private var codes: UnsafeMutablePointer<Int32>
    private var unquoted: [UInt8] = []
    private let powers: UnsafeMutablePointer<Double>

    init(layout: CSVLayout) {
        self.layout = layout
        tallies = Array(repeating: CSVColumnTally(), count: layout.fieldCount)
        interners = Array(repeating: ByteInterner(), count: layout.fieldCount)
        numberFlags = Array(repeating: [], count: layout.fieldCount)
        floats = .allocate(capacity: 1)
        codes = .allocate(capacity: 1)
        powers = .allocate(capacity: NumberParser.powersOfTen.count)
        powers.initialize(from: NumberParser.powersOfTen, count: NumberParser.powersOfTen.count)
    }

    func deallocate() {
        floats.deallocate()
        codes.deallocate()
        powers.deallocate()
    }

    /// The parsed numbers of numeric column `field` (valid until the next `parse`).
    func numbers(_ field: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: floats + field * rowCapacity, count: rows)
    }

    /// The parsed codes of text column `field`, into `interners[field]`; -1 is missing.
    func textCodes(_ field: Int) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(start: codes + field * rowCapacity, count: rows)
    }

    mutating func parse(_ base: UnsafePointer<UInt8>, count: Int) {
        reset(byteCount: count)
        // Locals, not properties, in the loop: class property accesses carry
        // exclusivity checks that would cost more than the parsing itself.
        let end = base + count
        let fieldCount = layout.fieldCount
        let delimiter = layout.delimiter
        let floats = self.floats
        let rowCapacity = self.rowCapacity
        let powers = UnsafePointer(self.powers)
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        let quote = UInt8(ascii: "\"")
        var p = base
        var rows = 0
        var lines = 0
        var failure: CSVSegmentFailure?
        layout.kinds.withUnsafeBufferPointer { kinds in
            rowLoop: while p < end {
                // Blank lines are skipped, as pandas does, but still counted.
                if p.pointee == newline || p.pointee == carriageReturn {
                    p += (p.pointee == carriageReturn && p + 1 < end && p[1] == newline) ? 2 : 1
                    lines += 1
                    continue
                }
                let rowLine = lines
                var field = 0
                while true {
                    if p < end, p.pointee == quote {
                        let quoteLine = lines
                        guard let (fieldEnd, lineEnds) = readQuoted(p, end) else {
                            failure = .unterminatedQuote(line: quoteLine)
                            break rowLoop
                        }
                        p = fieldEnd
                        lines += lineEnds
                        unquoted.withUnsafeBufferPointer { bytes in
                            store(
                                bytes.baseAddress!, bytes.baseAddress! + bytes.count, field: field,
                                kind: kinds[field], row: rows, line: rowLine)
                        }
                    } else if kinds[field] == .numeric, let prefix = NumberParser.scanPrefix(p, end, powers: powers),
                        prefix.end == end || prefix.end.pointee == delimiter
                            || prefix.end.pointee == newline || prefix.end.pointee == carriageReturn
                    {
                        // The fast path: a plain number, read in the pass that finds the field's end.
                        let value = Float(prefix.value)
                        if !value.isFinite { noteInfinite(p, prefix.end, field: field, line: rowLine) }
                        floats[field &* rowCapacity &+ rows] = value
                        p = prefix.end
                    } else {
                        let start = p
                        while p < end {
                            let byte = p.pointee
                            if byte == delimiter || byte == newline || byte == carriageReturn { break }
                            p += 1
                        }
                        store(start, p, field: field, kind: kinds[field], row: rows, line: rowLine)
                    }
                    // `p` is at the field's terminator: a delimiter, a line end, or the end.
                    if p < end, p.pointee == delimiter {
                        p += 1
                        field += 1
                        if field == fieldCount {
                            failure = .fieldCount(line: rowLine, found: fieldCount + countRemainingFields(p, end))
                            break rowLoop
                        }
                        continue
                    }
                    if p < end {
                        p += (p.pointee == carriageReturn && p + 1 < end && p[1] == newline) ? 2 : 1
                        lines += 1
                    }
                    if field + 1 != fieldCount {
                        failure = .fieldCount(line: rowLine, found: field + 1)
                        break rowLoop
                    }
                    rows += 1
                    continue rowLoop
                }
            }
        }
        self.rows = rows
        self.lines = lines
        self.failure = failure
        // Every cell is a number, missing, or a word; only the rare two are counted.
        for index in tallies.indices {
            tallies[index].numbers = rows - tallies[index].missing - tallies[index].words
        }
    }

    /// Makes room for as many rows as `byteCount` bytes can hold and forgets the
    /// previous chunk. Untouched pages of the blocks cost no memory.
    private mutating func reset(byteCount: Int) {
        rows = 0
        lines = 0
        failure = nil
        for index in tallies.indices { tallies[index] = CSVColumnTally() }
        for index in interners.indices where layout.kinds[index] == .text {
            interners[index].removeAll()
            numberFlags[index].removeAll(keepingCapacity: true)
        }
        // Every row but the last ends in a line end and has fieldCount - 1 delimiters.
        let needed = byteCount / max(1, layout.fieldCount) + 2
        if needed > rowCapacity {
            floats.deallocate()
            codes.deallocate()
            rowCapacity = max(needed, rowCapacity * 5 / 4)
            floats = .allocate(capacity: rowCapacity * layout.fieldCount)
            codes = .allocate(capacity: rowCapacity * layout.fieldCount)
        }
    }

    /// Stores one cell given as bytes (already unquoted): a number, missing, or a word.
    private mutating func store(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, field: Int,
        kind: CSVColumnKind, row: Int, line: Int
    ) {
        let (first, last) = Self.trimmed(start, end)
        let slot = field * rowCapacity + row
        switch kind {
        case .numeric:
            if NumberParser.isMissing(first, last) {
                floats[slot] = .nan
                tallies[field].missing += 1
            } else if let value = NumberParser.parseWhole(first, last) {
                let single = Float(value)
                if !single.isFinite { noteInfinite(first, last, field: field, line: line) }
                floats[slot] = single
            } else {
                floats[slot] = .nan
                noteWord(start, end, field: field, line: line)
            }
        case .text:
            if NumberParser.isMissing(first, last) {
                codes[slot] = -1
                tallies[field].missing += 1
                return
            }
            // Categories keep the cell's exact text, spaces included, as pandas does.
            let code = interners[field].intern(UnsafeBufferPointer(start: start, count: end - start))
            if Int(code) == numberFlags[field].count {
                numberFlags[field].append(NumberParser.parseWhole(first, last) != nil)
            }
            codes[slot] = code
            if !numberFlags[field][Int(code)] { noteWord(start, end, field: field, line: line) }
        }
    }

    private mutating func noteWord(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, field: Int, line: Int) {
        tallies[field].words += 1
        if tallies[field].firstWord == nil {
            tallies[field].firstWord = CSVCellNote(line: line, text: Self.text(start, end))
        }
    }

    private mutating func noteInfinite(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, field: Int, line: Int
    ) {
        if tallies[field].firstInfinite == nil {
            let (first, last) = Self.trimmed(start, end)
            tallies[field].firstInfinite = CSVCellNote(line: line, text: Self.text(first, last))
        }
    }

    /// Reads the quoted field whose opening quote is at `start` into `unquoted`,
    /// undoubling `""`; bytes after the closing quote up to the terminator are kept
    /// too, as pandas does. Returns the terminator's position and the line ends
    /// inside the quotes, or nil if the quote never closes.
    private mutating func readQuoted(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>)
        -> (UnsafePointer<UInt8>, Int)?
    {
        let quote = UInt8(ascii: "\"")
        unquoted.removeAll(keepingCapacity: true)
        var lineEnds = 0
        var q = start + 1
        while true {
            guard q < end else { return nil }
            let byte = q.pointee
            if byte == quote {
                if q + 1 < end, q[1] == quote {
                    unquoted.append(quote)
                    q += 2
                    continue
                }
                q += 1
                break
            }
            if byte == UInt8(ascii: "\n") { lineEnds += 1 }
            unquoted.append(byte)
            q += 1
        }
        while q < end {
            let byte = q.pointee
            if byte == layout.delimiter || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            unquoted.append(byte)
            q += 1
        }
        return (q, lineEnds)
    }

    /// How many more fields the rest of the row holds (for a "too many fields" message).
    private func countRemainingFields(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int {
        var count = 1
        var inQuotes = false
        var p = start
        while p < end {
            let byte = p.pointee
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes {
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                if byte == layout.delimiter { count += 1 }
            }
            p += 1
        }
        return count
    }

    /// `[start, end)` without the spaces and tabs around it.
    @inline(__always)
    static func trimmed(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>)
        -> (UnsafePointer<UInt8>, UnsafePointer<UInt8>)
    {
        var first = start
        var last = end
        while first < last, first.pointee == 0x20 || first.pointee == 0x09 { first += 1 }
        while last > first, (last - 1).pointee == 0x20 || (last - 1).pointee == 0x09 { last -= 1 }
        return (first, last)
    }

    /// The bytes as text (invalid UTF-8 becomes U+FFFD).
    static func text(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
    }
}
