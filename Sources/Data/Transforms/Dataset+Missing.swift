/// Missing cells: drop the rows that have them, or fill them in.
extension Dataset {
    /// How `fillna` fills missing feature cells.
    public enum FillStrategy: Sendable, Equatable {
        /// Numeric columns get their mean (of the cells present; 0 when none are);
        /// categorical columns get their most frequent category (the first in sorted
        /// order on a tie; left missing when no cell is present).
        case mean
        /// Numeric columns get this number; categorical columns are left as they are,
        /// since a number is not one of their categories.
        case value(Float)
    }

    /// The rows with no missing cell, in features or target.
    public func dropna() -> Dataset {
        var kept: [Int] = []
        kept.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            if target?.isMissing(at: row) == true { continue }
            if columns.contains(where: { $0.isMissing(at: row) }) { continue }
            kept.append(row)
        }
        return gatherRows(kept, lineage: derivedLineage("dropna", ["kept": "\(kept.count)"]))
    }

    /// Missing feature cells filled by `strategy`. The target is never filled: a
    /// made-up label would teach the model something false (use `dropna`).
    public func fillna(_ strategy: FillStrategy) -> Dataset {
        var result = self
        result.columns = columns.map { column in
            switch (column.values, strategy) {
            case (.numeric(let values), _):
                guard values.contains(where: \.isNaN) else { return column }
                let fill: Float
                switch strategy {
                case .value(let number): fill = number
                case .mean:
                    let statistics = ColumnStatistics(values)
                    fill = statistics.count > 0 ? Float(statistics.mean) : 0
                }
                return Column(name: column.name, values: .numeric(values.map { $0.isNaN ? fill : $0 }))
            case (.categorical(let codes, let categories), .mean):
                guard codes.contains(where: { $0 < 0 }), let mode = Dataset.mostFrequent(codes, categories.count)
                else { return column }
                return Column(name: column.name,
                              values: .categorical(codes: codes.map { $0 < 0 ? Int32(mode) : $0 }, categories: categories))
            case (.categorical, .value):
                return column
            }
        }
        let parameter: String
        switch strategy {
        case .mean: parameter = "mean"
        case .value(let number): parameter = "\(number)"
        }
        result.lineage = derivedLineage("fillna", ["with": parameter])
        return result
    }

    /// The code that occurs most often (ties: the smallest code), nil when none occurs.
    static func mostFrequent(_ codes: [Int32], _ categoryCount: Int) -> Int? {
        var tally = Array(repeating: 0, count: categoryCount)
        for code in codes where code >= 0 { tally[Int(code)] += 1 }
        guard let best = tally.max(), best > 0 else { return nil }
        return tally.firstIndex(of: best)
    }
}
