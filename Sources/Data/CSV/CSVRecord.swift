/// Reads one record (the header, or the first row when there is none) field by
/// field, with the same quoting rules as `CSVSegment`, keeping each field's bytes.
/// The bulk of the file never goes through here.
enum CSVRecord {
    enum Scan {
        /// The buffer ends inside the record; more bytes are needed.
        case incomplete
        /// The file ends inside a quoted field that opened `lineEnds` lines into the record.
        case unterminatedQuote(lineEnds: Int)
        /// The record's fields, the offset just after its line end, and the line ends
        /// it spans (1 for a one-line record, 0 if the file ends without one).
        case record(fields: [[UInt8]], next: Int, lineEnds: Int)
    }

    static func scan(_ base: UnsafePointer<UInt8>, count: Int, delimiter: UInt8, atEnd: Bool) -> Scan {
        let quote = UInt8(ascii: "\"")
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var index = 0
        var lineEnds = 0
        while true {
            // At the start of a field.
            if index < count, base[index] == quote {
                let quoteLine = lineEnds
                index += 1
                var closed = false
                while index < count {
                    let byte = base[index]
                    if byte == quote {
                        if index + 1 < count, base[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        if index + 1 == count, !atEnd { return .incomplete }
                        index += 1
                        closed = true
                        break
                    }
                    if byte == UInt8(ascii: "\n") { lineEnds += 1 }
                    field.append(byte)
                    index += 1
                }
                if !closed { return atEnd ? .unterminatedQuote(lineEnds: quoteLine) : .incomplete }
            }
            while index < count {
                let byte = base[index]
                if byte == delimiter || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                field.append(byte)
                index += 1
            }
            fields.append(field)
            field.removeAll()
            if index == count {
                return atEnd ? .record(fields: fields, next: count, lineEnds: lineEnds) : .incomplete
            }
            let byte = base[index]
            index += 1
            if byte == delimiter { continue }
            if byte == UInt8(ascii: "\r") {
                if index == count, !atEnd { return .incomplete }
                if index < count, base[index] == UInt8(ascii: "\n") { index += 1 }
            }
            return .record(fields: fields, next: index, lineEnds: lineEnds + 1)
        }
    }
}
