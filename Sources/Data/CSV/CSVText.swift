/// Small CSV text held in memory (a request body), read record by record with the
/// loader's own quoting rules (`CSVRecord`): the whole text, as rows of fields.
public enum CSVText {
    /// Why the text does not read.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The 1-based line where the problem starts.
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The records of `bytes`, each as its fields (UTF-8, invalid bytes replaced);
    /// empty lines are skipped.
    /// - Throws: `Problem` for a quoted field that never closes.
    public static func records(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) throws(Problem) -> [[String]] {
        var records: [[String]] = []
        var offset = 0
        var line = 1
        while offset < bytes.count {
            let scan = bytes.withUnsafeBufferPointer { buffer in
                CSVRecord.scan(
                    buffer.baseAddress! + offset, count: buffer.count - offset, delimiter: delimiter, atEnd: true)
            }
            switch scan {
            case .incomplete:
                // With atEnd set the scanner always finishes the record.
                throw Problem(line: line, reason: "the record does not end")
            case .unterminatedQuote(let lineEnds):
                throw Problem(line: line + lineEnds, reason: "a quoted field is never closed")
            case .record(let fields, let next, let lineEnds):
                if !(fields.count == 1 && fields[0].isEmpty) {
                    records.append(fields.map { String(decoding: $0, as: UTF8.self) })
                }
                offset += next
                line += lineEnds
            }
        }
        return records
    }
}
