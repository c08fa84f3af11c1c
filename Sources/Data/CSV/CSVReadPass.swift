import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One read of a CSV file from start to end: the file is read in chunks into one
/// reusable buffer, each chunk is cut at row boundaries into one segment per core,
/// the segments are parsed at the same time, and their columns are appended in
/// order to a `CSVColumnStore`. Memory stays at the columns plus about one chunk.
struct CSVReadPass {
    struct Result {
        /// The header's fields as text, or nil when the file has no header.
        var header: [String]?
        var fieldCount: Int
        var layout: CSVLayout
        var store: CSVColumnStore
        /// SHA-256 of the file's bytes, when the pass was asked to hash them.
        var sha256: String?
        var size: Int
    }

    var path: String
    var delimiter: UInt8
    var hasHeader: Bool
    var chunkSize: Int

    /// Below this many bytes a chunk is parsed on the calling thread alone.
    static let parallelThreshold = 256 << 10
    /// Bytes of the first rows used to guess which columns hold text.
    static let sniffLength = 64 << 10
    /// Hashing costs about this fraction of parsing per byte; the worker that hashes
    /// a chunk gets a correspondingly smaller segment.
    static let hashCost = 0.2

    /// Reads the whole file. `kinds` fixes each field's kind; nil guesses them from
    /// the first rows. With `hash`, the file's SHA-256 is computed on the way.
    func run(file: InputFile, kinds: [CSVColumnKind]?, hash: Bool) throws(DataError) -> Result {
        try file.rewind()
        var buffer = ChunkBuffer(file: file, capacity: chunkSize, hasher: hash ? StreamingHash() : nil)
        defer { buffer.release() }
        try buffer.refill()
        buffer.skipByteOrderMark()
        var line = 1
        while true {
            line += buffer.skipBlankLines()
            if buffer.available > 0 { break }
            if buffer.atEnd { throw .emptyFile(path: path) }
            try buffer.refill()
        }

        // The first record gives the header, or just the number of fields.
        var firstRecord: [[UInt8]] = []
        var recordLength = 0
        var recordLines = 0
        scanning: while true {
            switch CSVRecord.scan(buffer.start, count: buffer.available, delimiter: delimiter, atEnd: buffer.atEnd) {
            case .incomplete:
                try buffer.refill()
            case .unterminatedQuote(let lineEnds):
                throw .unterminatedQuote(path: path, line: line + lineEnds)
            case .record(let fields, let next, let lineEnds):
                (firstRecord, recordLength, recordLines) = (fields, next, lineEnds)
                break scanning
            }
        }
        let fieldCount = firstRecord.count
        guard fieldCount > 0 else { throw .noColumns(path: path) }
        var header: [String]?
        if hasHeader {
            header = firstRecord.map { String(decoding: $0, as: UTF8.self) }
            buffer.consume(recordLength)
            line += recordLines
        }

        let layout = CSVLayout(delimiter: delimiter, kinds: kinds ?? sniffKinds(&buffer, fieldCount: fieldCount))
        var store = CSVColumnStore(layout: layout)
        let workerCount = max(1, min(4, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let segments = (0..<workerCount).map { _ in CSVSegment(layout: layout) }

        while true {
            let available = buffer.available
            let parallel = workerCount > 1 && available >= Self.parallelThreshold
            let targets = parallel ? splitTargets(available, workers: workerCount, hashing: buffer.hashPending) : []
            let cuts = CSVBoundaries.find(in: buffer.start, count: available, delimiter: delimiter, targets: targets)
            guard let end = buffer.atEnd ? available : cuts.last else {
                try buffer.refill()  // no complete row yet: a row longer than the buffer
                continue
            }
            var bounds = [0]
            for case let split? in cuts.splits where split > bounds.last! && split < end { bounds.append(split) }
            bounds.append(end)
            let pieces = bounds.count - 1
            let cutPoints = bounds
            let shared = SharedBytes(base: buffer.start)
            let hashing = buffer.takePendingHash()
            DispatchQueue.concurrentPerform(iterations: pieces) { index in
                if index == 0 { hashing?.run() }
                segments[index].parse(shared.base + cutPoints[index], count: cutPoints[index + 1] - cutPoints[index])
            }
            for index in 0..<pieces {
                let segment = segments[index]
                if let failure = segment.failure {
                    switch failure {
                    case .fieldCount(let local, let found):
                        throw .fieldCount(path: path, line: line + local, found: found, expected: fieldCount)
                    case .unterminatedQuote(let local):
                        throw .unterminatedQuote(path: path, line: line + local)
                    }
                }
                let consumed = buffer.fileOffset + bounds[index + 1]
                let projected =
                    Int(
                        Double(store.rowCount + segment.rows) * Double(max(file.size, consumed))
                            / Double(max(1, consumed)) * 1.02) + 64
                store.append(segment, firstLine: line, projectedRows: projected)
                line += segment.lines
            }
            buffer.consume(end)
            if buffer.atEnd && buffer.available == 0 { break }
            try buffer.refill()
        }
        let digest = buffer.finishHash()
        return Result(
            header: header, fieldCount: fieldCount, layout: layout, store: store,
            sha256: digest, size: buffer.fileOffset)
    }

    /// Offsets at which to cut a chunk for `workers` segments of equal work, the
    /// first worker's share made smaller when it also hashes the chunk.
    private func splitTargets(_ count: Int, workers: Int, hashing: Bool) -> [Int] {
        let total = Double(count) * (1 + (hashing ? Self.hashCost : 0))
        let share = total / Double(workers)
        let first = max(0.05 * Double(count), share - (hashing ? Self.hashCost * Double(count) : 0))
        var targets = [Int(first)]
        for worker in 1..<(workers - 1) { targets.append(Int(first + share * Double(worker))) }
        return targets.filter { $0 < count }
    }

    /// Guesses each field's kind from the first rows: text where most non-missing
    /// cells are words. A wrong guess costs a second pass, never a wrong result.
    private func sniffKinds(_ buffer: inout ChunkBuffer, fieldCount: Int) -> [CSVColumnKind] {
        let numeric = [CSVColumnKind](repeating: .numeric, count: fieldCount)
        let length = min(buffer.available, Self.sniffLength)
        let cuts = CSVBoundaries.find(in: buffer.start, count: length, delimiter: delimiter, targets: [])
        let end = (buffer.atEnd && length == buffer.available) ? length : (cuts.last ?? 0)
        guard end > 0 else { return numeric }
        let segment = CSVSegment(layout: CSVLayout(delimiter: delimiter, kinds: numeric))
        segment.parse(buffer.start, count: end)
        return segment.tallies.map { $0.words > $0.numbers ? .text : .numeric }
    }
}

/// The chunk's bytes, shared read-only with the workers for one `concurrentPerform`.
private struct SharedBytes: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
}
