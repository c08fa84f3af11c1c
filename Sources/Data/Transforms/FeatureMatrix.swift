/// A dataset's features as one row-major Float32 matrix, the form a model trains on.
/// Categorical columns are one-hot expanded (one feature per category, named
/// `"color=red"`); a missing category is all zeros; missing numbers stay NaN. Free-text
/// columns give no features: a model reads text through `vectorize`, and training
/// refuses a dataset that still has one.
public struct FeatureMatrix: Sendable, Equatable {
    /// `rows * features` values, row after row.
    public var values: [Float]
    public var rows: Int
    public var features: Int
    /// One name per feature: the column's name, or `column=category` for one-hot parts.
    public var names: [String]

    /// The values of the rows at `indices`, row-major (a batch).
    public func gather(rows indices: [Int]) -> [Float] {
        var batch = [Float](repeating: 0, count: indices.count * features)
        batch.withUnsafeMutableBufferPointer { out in
            values.withUnsafeBufferPointer { source in
                for (position, row) in indices.enumerated() {
                    let from = row * features, to = position * features
                    for feature in 0..<features { out[to + feature] = source[from + feature] }
                }
            }
        }
        return batch
    }
}

extension Dataset {
    /// The number of features after one-hot expansion.
    public var featureCount: Int {
        columns.reduce(0) { total, column in
            switch column.values {
            case .numeric, .sparse: return total + 1
            case .categorical(_, let categories): return total + categories.count
            case .text: return total
            }
        }
    }

    /// The features as a row-major matrix (see `FeatureMatrix`). Columns are written
    /// one at a time with a stride, which reads each column sequentially.
    public func featureMatrix() -> FeatureMatrix {
        let width = featureCount
        var names: [String] = []
        names.reserveCapacity(width)
        var values = [Float](repeating: 0, count: rowCount * width)
        var offset = 0
        values.withUnsafeMutableBufferPointer { out in
            for column in columns {
                switch column.values {
                case .numeric(let numbers):
                    names.append(column.name)
                    for row in 0..<rowCount { out[row * width + offset] = numbers[row] }
                    offset += 1
                case .sparse(let sparse):
                    names.append(column.name)
                    sparse.forEachStored { row, value in out[row * width + offset] = value }
                    offset += 1
                case .categorical(let codes, let categories):
                    names.append(contentsOf: categories.map { column.name + "=" + $0 })
                    for row in 0..<rowCount where codes[row] >= 0 {
                        out[row * width + offset + Int(codes[row])] = 1
                    }
                    offset += categories.count
                case .text:
                    continue
                }
            }
        }
        return FeatureMatrix(values: values, rows: rowCount, features: width, names: names)
    }
}
