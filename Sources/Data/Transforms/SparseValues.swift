/// A numeric column that is zero in most rows, kept as its nonzero cells only: a
/// bag-of-words feature from `vectorize` (one column per vocabulary entry, each present
/// in a few messages). The rows are ascending and distinct; every other row is 0.
///
/// The cells are slices so that the columns `vectorize` makes can share two buffers
/// (20,000 columns would otherwise be 40,000 small allocations).
public struct SparseValues: Sendable, Equatable {
    /// The rows holding a nonzero (or NaN) value, ascending.
    public var rows: ArraySlice<Int32>
    /// The value of each of those rows.
    public var values: ArraySlice<Float>
    /// The number of rows of the column, zeros included.
    public var count: Int

    public init(rows: ArraySlice<Int32>, values: ArraySlice<Float>, count: Int) {
        precondition(rows.count == values.count, "a sparse column needs one value per row")
        self.rows = rows
        self.values = values
        self.count = count
    }

    /// The column written out in full.
    public var dense: [Float] {
        var result = [Float](repeating: 0, count: count)
        for (row, value) in zip(rows, values) { result[Int(row)] = value }
        return result
    }

    /// The value at `row`.
    public subscript(row: Int) -> Float {
        // Binary search: the rows are ascending.
        var low = rows.startIndex, high = rows.endIndex
        while low < high {
            let middle = (low + high) / 2
            if Int(rows[middle]) < row { low = middle + 1 } else { high = middle }
        }
        return low < rows.endIndex && Int(rows[low]) == row ? values[low - rows.startIndex + values.startIndex] : 0
    }

    /// Calls `body` with each stored row and its value, in row order.
    public func forEachStored(_ body: (Int, Float) -> Void) {
        var valueIndex = values.startIndex
        for row in rows {
            body(Int(row), values[valueIndex])
            valueIndex += 1
        }
    }

    /// The column of the rows `gather` picks (see `RowGather`), in its order.
    func gathering(_ gather: RowGather) -> SparseValues {
        var picked: [(row: Int32, value: Float)] = []
        forEachStored { row, value in
            for position in gather.positions(of: row) { picked.append((Int32(position), value)) }
        }
        // Positions come in source-row order; the result must be in its own row order.
        if !gather.isIncreasing { picked.sort { $0.row < $1.row } }
        return SparseValues(
            rows: ArraySlice(picked.map(\.row)), values: ArraySlice(picked.map(\.value)), count: gather.count)
    }

    /// `parts` one after the other (their rows renumbered).
    static func concatenating(_ parts: [SparseValues]) -> SparseValues {
        var rows: [Int32] = [], values: [Float] = []
        var offset = 0
        for part in parts {
            rows.append(contentsOf: part.rows.map { $0 + Int32(offset) })
            values.append(contentsOf: part.values)
            offset += part.count
        }
        return SparseValues(rows: rows[...], values: values[...], count: offset)
    }
}

/// Which source rows a row selection (`Dataset.gathering`) takes, inverted once for all
/// sparse columns: for each source row, the positions in the result that take it (a
/// bootstrap sample takes a row several times, a split none).
struct RowGather {
    /// The result's row count.
    let count: Int
    /// Whether the selected rows ascend (a split, a filter), so results need no sort.
    let isIncreasing: Bool
    private let starts: [Int]
    private let positions: [Int]

    init(_ indices: [Int], sourceRows: Int) {
        count = indices.count
        isIncreasing = zip(indices, indices.dropFirst()).allSatisfy { $0 < $1 }
        var starts = [Int](repeating: 0, count: sourceRows + 1)
        for row in indices { starts[row + 1] += 1 }
        for row in 0..<sourceRows { starts[row + 1] += starts[row] }
        var next = starts
        var positions = [Int](repeating: 0, count: indices.count)
        for (position, row) in indices.enumerated() {
            positions[next[row]] = position
            next[row] += 1
        }
        self.starts = starts
        self.positions = positions
    }

    /// The result positions that take source row `row`.
    func positions(of row: Int) -> ArraySlice<Int> {
        positions[starts[row]..<starts[row + 1]]
    }
}
