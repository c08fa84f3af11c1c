/// One cell of a dataset as a reader sees it: a number, a category's name, or missing.
/// Displays, `describe` and the language's row records read cells through this.
public enum CellValue: Sendable, Equatable {
    case number(Float)
    case text(String)
    case missing
}

extension Column {
    /// The cell at `row`.
    public func cell(at row: Int) -> CellValue {
        switch values {
        case .numeric(let numbers):
            return numbers[row].isNaN ? .missing : .number(numbers[row])
        case .categorical(let codes, let categories):
            return codes[row] < 0 ? .missing : .text(categories[Int(codes[row])])
        case .text(let strings):
            return .text(strings[row])
        case .sparse(let sparse):
            let value = sparse[row]
            return value.isNaN ? .missing : .number(value)
        }
    }

    /// Whether the cell at `row` is missing (NaN, or code -1).
    public func isMissing(at row: Int) -> Bool {
        switch values {
        case .numeric(let numbers): return numbers[row].isNaN
        case .categorical(let codes, _): return codes[row] == ColumnValues.missingCode
        case .text: return false
        case .sparse(let sparse): return sparse[row].isNaN
        }
    }

    /// How many cells are missing.
    public var missingCount: Int {
        switch values {
        case .numeric(let numbers): return numbers.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .categorical(let codes, _): return codes.reduce(0) { $0 + ($1 == ColumnValues.missingCode ? 1 : 0) }
        case .text: return 0
        case .sparse(let sparse): return sparse.values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        }
    }

    /// Whether the column holds text categories.
    public var isCategorical: Bool {
        if case .categorical = values { return true }
        return false
    }

    /// The numbers of a numeric column, written out in full if stored sparse; nil for
    /// other kinds.
    public var numbers: [Float]? {
        switch values {
        case .numeric(let numbers): numbers
        case .sparse(let sparse): sparse.dense
        case .categorical, .text: nil
        }
    }

    /// The number at `row` of a numeric column (NaN when missing, and for other kinds).
    public func numberOrNaN(at row: Int) -> Float {
        switch values {
        case .numeric(let numbers): numbers[row]
        case .sparse(let sparse): sparse[row]
        case .categorical, .text: .nan
        }
    }

    /// Whether the column holds numbers (stored in full or sparse).
    public var isNumeric: Bool {
        switch values {
        case .numeric, .sparse: true
        case .categorical, .text: false
        }
    }

    /// Whether the column holds free text (read through `vectorize`).
    public var isText: Bool {
        if case .text = values { return true }
        return false
    }

    /// The column with only the rows at `indices`, in that order (`gather`, the same
    /// selection inverted, made once for all sparse columns).
    func gathering(_ indices: [Int], _ gather: RowGather?) -> Column {
        switch values {
        case .sparse(let sparse):
            let gather = gather ?? RowGather(indices, sourceRows: sparse.count)
            return Column(name: name, values: .sparse(sparse.gathering(gather)))
        case .numeric(let numbers):
            return Column(name: name, values: .numeric(indices.map { numbers[$0] }))
        case .categorical(let codes, let categories):
            return Column(name: name, values: .categorical(codes: indices.map { codes[$0] }, categories: categories))
        case .text(let strings):
            return Column(name: name, values: .text(indices.map { strings[$0] }))
        }
    }
}

extension Target {
    /// The target column's name.
    public var columnName: String {
        switch self {
        case .classification(let name, _, _), .regression(let name, _): return name
        }
    }

    /// The class names (sorted) for classification; empty for regression.
    public var classNames: [String] {
        if case .classification(_, _, let classes) = self { return classes }
        return []
    }

    /// The target at `row`: the class name, or the number.
    public func cell(at row: Int) -> CellValue {
        switch self {
        case .classification(_, let labels, let classes):
            return labels[row] < 0 ? .missing : .text(classes[Int(labels[row])])
        case .regression(_, let values):
            return values[row].isNaN ? .missing : .number(values[row])
        }
    }

    /// Whether the target at `row` is missing.
    public func isMissing(at row: Int) -> Bool {
        switch self {
        case .classification(_, let labels, _): return labels[row] < 0
        case .regression(_, let values): return values[row].isNaN
        }
    }

    /// The target with only the rows at `indices`, in that order.
    func gathering(_ indices: [Int]) -> Target {
        switch self {
        case .classification(let name, let labels, let classes):
            return .classification(name: name, labels: indices.map { labels[$0] }, classes: classes)
        case .regression(let name, let values):
            return .regression(name: name, values: indices.map { values[$0] })
        }
    }
}
