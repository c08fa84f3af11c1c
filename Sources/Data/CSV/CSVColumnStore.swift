/// The loader's growing columns: parsed segments are appended here in file order.
/// Numbers are copied block by block; a text column's segment-local codes are
/// translated into one file-wide `ByteInterner`, whose values are sorted into
/// categories at the end.
struct CSVColumnStore {
    enum Storage {
        case numeric([Float])
        case text(codes: [Int32], values: ByteInterner)
    }

    private(set) var storage: [Storage]
    private(set) var tallies: [CSVColumnTally]
    private(set) var rowCount = 0

    init(layout: CSVLayout) {
        storage = layout.kinds.map { kind in
            switch kind {
            case .numeric: .numeric([])
            case .text: .text(codes: [], values: ByteInterner())
            }
        }
        tallies = Array(repeating: CSVColumnTally(), count: layout.fieldCount)
    }

    /// Appends a parsed segment whose first byte is on line `firstLine` (1-based).
    /// `projectedRows` estimates the file's total, so each column is allocated
    /// about once instead of doubling (which would leave up to half of it unused).
    mutating func append(_ segment: CSVSegment, firstLine: Int, projectedRows: Int) {
        let added = segment.rows
        for field in storage.indices {
            tallies[field].absorb(segment.tallies[field], lineOffset: firstLine)
            switch storage[field] {
            case .numeric(var values):
                storage[field] = .numeric([])  // keeps `values` uniquely referenced: no copy
                Self.reserve(&values, adding: added, projected: projectedRows)
                values.append(contentsOf: segment.numbers(field))
                storage[field] = .numeric(values)
            case .text(var codes, var values):
                storage[field] = .numeric([])
                let local = segment.interners[field]
                var translation = [Int32](repeating: -1, count: local.count)
                for id in 0..<local.count {
                    translation[id] = local.key(id).withUnsafeBufferPointer { values.intern($0) }
                }
                Self.reserve(&codes, adding: added, projected: projectedRows)
                for code in segment.textCodes(field) {
                    codes.append(code < 0 ? -1 : translation[Int(code)])
                }
                storage[field] = .text(codes: codes, values: values)
            }
        }
        rowCount += added
    }

    private static func reserve<T>(_ array: inout [T], adding: Int, projected: Int) {
        let needed = array.count + adding
        guard needed > array.capacity else { return }
        array.reserveCapacity(max(needed, projected))
    }

    /// Takes numeric column `field` out of the store.
    mutating func takeNumbers(_ field: Int) -> [Float] {
        guard case .numeric(let values) = storage[field] else { return [] }
        storage[field] = .numeric([])
        return values
    }

    /// Column `field` as codes into its categories sorted by their UTF-8 bytes (the
    /// order of Unicode code points, as Python's `sorted` gives); missing is -1.
    /// Takes it out of the store, so the codes are renumbered in place.
    /// `invalid` lists the categories (new codes) whose bytes are not UTF-8 (each
    /// invalid sequence reads as U+FFFD).
    mutating func takeCategorical(_ field: Int) -> (codes: [Int32], categories: [String], invalid: [Int32]) {
        guard case .text(var codes, let values) = storage[field] else { return ([], [], []) }
        storage[field] = .numeric([])
        let order = (0..<values.count).sorted { values.key($0).lexicographicallyPrecedes(values.key($1)) }
        var rank = [Int32](repeating: 0, count: values.count)
        for (position, id) in order.enumerated() { rank[id] = Int32(position) }
        codes.withUnsafeMutableBufferPointer { codes in
            for index in codes.indices where codes[index] >= 0 { codes[index] = rank[Int(codes[index])] }
        }
        let invalid = (0..<values.count).filter { !values.isValidUTF8($0) }.map { rank[$0] }.sorted()
        return (codes, order.map { values.string($0) }, invalid)
    }
}
