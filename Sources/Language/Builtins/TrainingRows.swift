import Tensor

/// The training data's rows as 64-bit digests, kept in memory with a model trained in
/// this session, so `evaluate`, `predict` and `fit`'s `val:` can say when data shares
/// rows with the training data: a leak that makes metrics measure memory rather than
/// generalisation. Only features are compared (a copied row with another label is
/// still a copy). Not stored with the run: a run read from the store does not check.
struct TrainingRows: Equatable {
    private let digests: Set<UInt64>
    /// Rows in the training data (duplicates included).
    let count: Int
    /// A digest of all rows, so comparing two schemas does not compare sets.
    private let combined: UInt64

    init(_ features: Tensor) {
        let rows = TrainingRows.rowDigests(features)
        digests = Set(rows)
        count = rows.count
        combined = rows.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ $1) &* 0x100_0000_01b3 }
    }

    static func == (a: TrainingRows, b: TrainingRows) -> Bool { a.count == b.count && a.combined == b.combined }

    /// How many rows of `features` are also training rows.
    func shared(with features: Tensor) -> Int {
        TrainingRows.rowDigests(features).reduce(0) { $0 + (digests.contains($1) ? 1 : 0) }
    }

    /// FNV-1a over each row's bit patterns (one row per index of the first axis).
    static func rowDigests(_ features: Tensor) -> [UInt64] {
        let rows = features.shape.first ?? 0
        guard rows > 0 else { return [] }
        let width = features.count / rows
        return features.withUnsafeBufferPointer { values in
            (0..<rows).map { row in
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                // Indexed rather than sliced: a bag of words is tens of thousands of
                // values a row, and a slice's iterator is slow in debug builds.
                var index = row &* width
                let end = index &+ width
                while index < end {
                    hash = (hash ^ UInt64(values[index].bitPattern)) &* 0x100_0000_01b3
                    index &+= 1
                }
                return hash
            }
        }
    }
}
