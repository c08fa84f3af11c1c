/// Missing cells: drop the rows that have them, or fill them in.
extension Dataset {
    /// How `fillna` chooses what goes into missing feature cells.
    public enum FillStrategy: Sendable, Equatable {
        /// Numeric columns get their mean; categorical columns their most frequent category.
        case mean
        /// Numeric columns get their median (the mean of the two middle values for an
        /// even count); categorical columns their most frequent category.
        case median
        /// Every column gets its most frequent value: ties go to the smallest number, or
        /// the first category in sorted order.
        case mode
        /// Numeric columns get this number; categorical columns are left as they are.
        case number(Float)
        /// Categorical columns get this category (added to their categories when new);
        /// numeric columns are left as they are.
        case category(String)
        /// The given fills, per column (`fillna(ds, [age: 30, city: "paris"])`).
        case values(FillValues)

        /// The word the lineage records: `mean`, `median`, `mode`, `value`, `values`.
        var name: String {
            switch self {
            case .mean: "mean"
            case .median: "median"
            case .mode: "mode"
            case .number, .category: "value"
            case .values: "values"
            }
        }
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

    /// Missing feature cells filled by `strategy`, with the statistics (mean, median,
    /// mode) taken from `statistics` (the training split) or, without it, from this
    /// dataset. The fills of every column (not only those with missing cells, so the
    /// same fills can be applied to later data) are recorded in the lineage, where
    /// `FillValues(lineage:)` reads them back. The target is never filled: a made-up
    /// label would teach the model something false (use `dropna`).
    ///
    /// - Throws: `statistics` lacks a column or holds it as the other kind; a
    ///   per-column fill names an unknown column or does not suit its kind.
    public func fillna(_ strategy: FillStrategy, using statistics: Dataset? = nil) throws(TransformError) -> Dataset {
        let source = statistics ?? self
        if statistics != nil {
            for column in columns {
                guard let other = source.column(named: column.name) else {
                    throw .statisticsColumn(column.name, reason: "has no")
                }
                if other.isCategorical != column.isCategorical {
                    throw .statisticsColumn(column.name, reason: other.isCategorical ? "has text in" : "has numbers in")
                }
            }
        }
        // Fills from statistics follow `using:`'s rule: when the statistics dataset was
        // itself filled the same way, its fills are the ones that filled it.
        let measured: Bool
        switch strategy {
        case .mean, .median, .mode: measured = true
        case .number, .category, .values: measured = false
        }
        let produced: ColumnFills? =
            measured
            ? source.preprocessing.lazy.reversed().compactMap { applied -> ColumnFills? in
                if case .fill(let fills) = applied.step, fills.strategy == strategy.name { return fills }
                return nil
            }.first : nil
        let fills: FillValues
        if let produced {
            fills = produced.values
        } else {
            fills = try source.fillValues(strategy, for: columns.map(\.name))
        }
        var result = try filling(fills)
        // Kept as a step, so a model trained on the result fills new data the same way.
        let step = ColumnFills(
            values: fills, strategy: strategy.name,
            fittedOn: measured ? (produced?.fittedOn ?? source.reference) : nil)
        result.preprocessing.append(AppliedStep(step: .fill(step), input: contentID))
        var parameters = fills.lineageParameters
        parameters["with"] = strategy.name
        if let statistics { parameters["using"] = statistics.contentID }
        result.lineage = derivedLineage("fillna", parameters, others: statistics.map { [$0] } ?? [])
        return result
    }

    /// The fill each of the `names` columns gets by `strategy`, from this dataset's cells.
    /// A column with no cell present gets 0 if numeric and nothing if categorical.
    ///
    /// - Throws: for `.values`, an unknown column or a fill of the wrong kind.
    public func fillValues(_ strategy: FillStrategy, for names: [String]? = nil) throws(TransformError) -> FillValues {
        let chosen = names.map { names in columns.filter { names.contains($0.name) } } ?? columns
        if case .values(let given) = strategy {
            for entry in given.entries {
                guard let column = column(named: entry.column) else {
                    throw .unknownColumn(entry.column, available: columns.map(\.name))
                }
                if case .number = entry.fill, column.isCategorical {
                    throw .fillKind(entry.column, isCategorical: true)
                }
                if case .category = entry.fill, !column.isCategorical {
                    throw .fillKind(entry.column, isCategorical: false)
                }
            }
            return given
        }
        var fills = FillValues()
        for column in chosen {
            // A sparse column's statistics are those of its numbers written out.
            let values: ColumnValues =
                if case .sparse = column.values { .numeric(column.numbers ?? []) } else { column.values }
            switch (values, strategy) {
            case (.numeric(let values), .mean):
                let statistics = ColumnStatistics(values)
                fills[column.name] = .number(statistics.count > 0 ? Float(statistics.mean) : 0)
            case (.numeric(let values), .median):
                fills[column.name] = .number(Dataset.median(values) ?? 0)
            case (.numeric(let values), .mode):
                fills[column.name] = .number(Dataset.mostFrequent(values) ?? 0)
            case (.numeric, .number(let number)):
                fills[column.name] = .number(number)
            case (.categorical(let codes, let categories), .mean), (.categorical(let codes, let categories), .median),
                (.categorical(let codes, let categories), .mode):
                if let mode = Dataset.mostFrequent(codes, categories.count) {
                    fills[column.name] = .category(categories[mode])
                }
            case (.categorical, .category(let name)):
                fills[column.name] = .category(name)
            case (.numeric, .category), (.categorical, .number), (_, .values), (.text, _), (.sparse, _):
                break
            }
        }
        return fills
    }

    /// Missing cells of the columns `fills` names filled with their values; a category
    /// the column lacks is added to its categories (kept sorted, codes renumbered).
    /// Columns without a fill, and fills of columns this dataset lacks, change nothing.
    /// The lineage is left to the caller.
    ///
    /// - Throws: a fill of the wrong kind for its column.
    public func filling(_ fills: FillValues) throws(TransformError) -> Dataset {
        var result = self
        for (index, column) in columns.enumerated() {
            guard let fill = fills[column.name] else { continue }
            switch (column.values, fill) {
            case (.numeric(let values), .number(let number)):
                guard values.contains(where: \.isNaN) else { continue }
                result.columns[index].values = .numeric(values.map { $0.isNaN ? number : $0 })
            case (.categorical(let codes, let categories), .category(let name)):
                guard codes.contains(where: { $0 < 0 }) else { continue }
                let union = CategoryUnion([categories, [name]])
                let filled = union.recode(codes, from: 0)
                let code = union.recode([0], from: 1)[0]
                result.columns[index].values = .categorical(
                    codes: filled.map { $0 < 0 ? code : $0 },
                    categories: union.names)
            case (.sparse(var sparse), .number(let number)):
                guard sparse.values.contains(where: \.isNaN) else { continue }
                sparse.values = ArraySlice(sparse.values.map { $0.isNaN ? number : $0 })
                result.columns[index].values = .sparse(sparse)
            case (.numeric, .category), (.sparse, .category):
                throw .fillKind(column.name, isCategorical: false)
            case (.categorical, .number):
                throw .fillKind(column.name, isCategorical: true)
            case (.text, _):
                continue  // text has no missing cells
            }
        }
        return result
    }

    /// The code that occurs most often (ties: the smallest code), nil when none occurs.
    static func mostFrequent(_ codes: [Int32], _ categoryCount: Int) -> Int? {
        var tally = Array(repeating: 0, count: categoryCount)
        for code in codes where code >= 0 { tally[Int(code)] += 1 }
        guard let best = tally.max(), best > 0 else { return nil }
        return tally.firstIndex(of: best)
    }

    /// The number that occurs most often (ties: the smallest), nil when all are missing.
    static func mostFrequent(_ values: [Float]) -> Float? {
        var tally: [Float: Int] = [:]
        for value in values where !value.isNaN { tally[value == 0 ? 0 : value, default: 0] += 1 }
        return tally.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }

    /// The middle of the present values (the mean of the two middle ones for an even
    /// count, as pandas and NumPy), nil when all are missing.
    static func median(_ values: [Float]) -> Float? {
        let present = values.filter { !$0.isNaN }.sorted()
        guard !present.isEmpty else { return nil }
        let middle = present.count / 2
        if present.count % 2 == 1 { return present[middle] }
        return Float((Double(present[middle - 1]) + Double(present[middle])) / 2)
    }
}
