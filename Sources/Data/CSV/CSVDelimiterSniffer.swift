/// Finds a CSV file's delimiter from its first lines when the caller named none, as
/// Python's `csv.Sniffer` does: the candidate (`,` `\t` `;` `|`) that splits the header
/// and the first rows into the same number of fields, more than one. A comma that
/// does wins, so comma files (and single-column ones) read as before; a file that
/// looks separated by something else but whose rows disagree fails naming that
/// delimiter and the row, rather than loading as one column `a;b;c`.
enum CSVDelimiterSniffer {
    /// The delimiters tried, in order of preference.
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]
    /// Bytes of the file's start looked at, and records at most.
    static let sampleLength = 64 << 10
    static let sampleRecords = 20

    /// The delimiter of the file at `path` (its first `sampleLength` bytes).
    static func detect(_ file: InputFile, path: String) throws(DataError) -> UInt8 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: sampleLength, alignment: 1)
        defer { buffer.deallocate() }
        let count = try file.read(into: buffer)
        try file.rewind()
        return try detect(Array(buffer.prefix(count)), atEnd: count < sampleLength, path: path)
    }

    /// The delimiter of a file starting with `bytes` (`atEnd`: they are the whole file).
    static func detect(_ bytes: [UInt8], atEnd: Bool, path: String) throws(DataError) -> UInt8 {
        let comma = UInt8(ascii: ",")
        let rows = Dictionary(
            uniqueKeysWithValues: candidates.map { ($0, records(bytes, atEnd: atEnd, delimiter: $0)) })
        func consistent(_ delimiter: UInt8) -> Bool {
            let counts = rows[delimiter]!.map(\.fields)
            return (counts.first ?? 0) > 1 && counts.allSatisfy { $0 == counts[0] }
        }
        if consistent(comma) { return comma }
        let others = candidates.dropFirst().filter(consistent)
        if others.count == 1 { return others[0] }
        if others.count > 1 {
            throw .ambiguousDelimiter(
                path: path, candidates: others.map(name), fields: others.map { rows[$0]![0].fields })
        }
        // Nothing splits every row alike. If the header splits at something other
        // than a comma, that is the likely delimiter, and a row disagrees with it.
        let headerFields = { (delimiter: UInt8) in rows[delimiter]!.first?.fields ?? 0 }
        guard headerFields(comma) <= 1,
            let likely = candidates.dropFirst().filter({ headerFields($0) > 1 }).max(by: {
                headerFields($0) < headerFields($1)
            }),
            let row = rows[likely]!.first(where: { $0.fields != headerFields(likely) })
        else { return comma }
        throw .inconsistentDelimiter(
            path: path, likely: name(likely), line: row.line, found: row.fields,
            expected: headerFields(likely))
    }

    /// The first records of `bytes` split at `delimiter` (quotes respected), with the
    /// 1-based line each starts on; blank lines are skipped, as the loader skips them.
    private static func records(_ bytes: [UInt8], atEnd: Bool, delimiter: UInt8) -> [(line: Int, fields: Int)] {
        var found: [(line: Int, fields: Int)] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var line = 1
            while offset < buffer.count, found.count < sampleRecords {
                if base[offset] == UInt8(ascii: "\n") || base[offset] == UInt8(ascii: "\r") {
                    if base[offset] == UInt8(ascii: "\n") { line += 1 }
                    offset += 1
                    continue
                }
                guard
                    case .record(let fields, let next, let lineEnds) = CSVRecord.scan(
                        base + offset, count: buffer.count - offset, delimiter: delimiter, atEnd: atEnd)
                else { return }
                found.append((line, fields.count))
                offset += next
                line += lineEnds
            }
        }
        return found
    }

    /// How a message shows a delimiter: `","`, `"\t"`.
    static func name(_ delimiter: UInt8) -> String {
        delimiter == UInt8(ascii: "\t") ? "\"\\t\"" : "\"" + String(decoding: [delimiter], as: UTF8.self) + "\""
    }
}
