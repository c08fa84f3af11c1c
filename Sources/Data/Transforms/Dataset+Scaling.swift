/// Feature scaling whose statistics come from another dataset (the training split), so
/// nothing about validation or test data leaks into the transform.
extension Dataset {
    /// Each numeric feature column centred on the mean and divided by the population
    /// standard deviation, both computed from the same column of `statistics`
    /// (missing cells skipped). A column whose deviation is 0 is only centred; one with
    /// no values in `statistics` is left as it is. Categorical columns, missing cells
    /// and the target are untouched.
    ///
    /// - Throws: `statistics` lacks a numeric column this dataset has.
    public func standardize(using statistics: Dataset) throws(TransformError) -> Dataset {
        try rescaled(using: statistics, operation: "standardize") { values in
            let moments = ColumnStatistics(values)
            guard moments.count > 0 else { return nil }
            return (offset: moments.mean, scale: moments.standardDeviation)
        }
    }

    /// Each numeric feature column mapped to [0, 1] by the minimum and maximum of the
    /// same column of `statistics`: `(x - min) / (max - min)`. Values outside that
    /// range (in a test split) fall outside [0, 1]; a constant column becomes 0.
    ///
    /// - Throws: `statistics` lacks a numeric column this dataset has.
    public func minmax(using statistics: Dataset) throws(TransformError) -> Dataset {
        try rescaled(using: statistics, operation: "minmax") { values in
            let moments = ColumnStatistics(values)
            guard moments.count > 0 else { return nil }
            return (offset: moments.minimum, scale: moments.maximum - moments.minimum)
        }
    }

    /// Applies `(x - offset) / scale` per numeric column, with the parameters `measure`
    /// takes from `statistics`' column of the same name (nil: leave the column; scale
    /// 0: subtract only).
    private func rescaled(using statistics: Dataset, operation: String,
                          measure: ([Float]) -> (offset: Double, scale: Double)?) throws(TransformError) -> Dataset {
        var scaledColumns: [Column] = []
        scaledColumns.reserveCapacity(columns.count)
        for column in columns {
            guard case .numeric(let values) = column.values else {
                scaledColumns.append(column)
                continue
            }
            guard let source = statistics.column(named: column.name) else {
                throw .statisticsColumn(column.name, reason: "has no")
            }
            guard case .numeric(let sourceValues) = source.values else {
                throw .statisticsColumn(column.name, reason: "has text in")
            }
            guard let (offset, scale) = measure(sourceValues) else {
                scaledColumns.append(column)
                continue
            }
            let factor = scale > 0 && scale.isFinite ? 1 / scale : 1
            let scaled = values.map { Float((Double($0) - offset) * factor) }
            scaledColumns.append(Column(name: column.name, values: .numeric(scaled)))
        }
        var result = self
        result.columns = scaledColumns
        let ownID = contentID, statisticsID = statistics.contentID
        result.lineage = Lineage(sources: Lineage.mergedSources([self, statistics]), operation: operation,
                                 parameters: ["using": statisticsID],
                                 parents: ownID == statisticsID ? [ownID] : [ownID, statisticsID])
        return result
    }
}

/// Count, mean, population standard deviation, minimum and maximum of the values that
/// are not missing (NaN), accumulated in Double (Welford's method, stable for large
/// offsets such as areas in the thousands).
public struct ColumnStatistics: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    public private(set) var minimum = Double.infinity
    public private(set) var maximum = -Double.infinity
    private var squaredDeviations = 0.0

    public init(_ values: [Float]) {
        for value in values where !value.isNaN {
            let x = Double(value)
            count += 1
            let delta = x - mean
            mean += delta / Double(count)
            squaredDeviations += delta * (x - mean)
            minimum = Swift.min(minimum, x)
            maximum = Swift.max(maximum, x)
        }
    }

    /// The population standard deviation (divided by n, as scikit-learn's scaler does); 0
    /// for no values.
    public var standardDeviation: Double {
        count > 0 ? (Swift.max(squaredDeviations, 0) / Double(count)).squareRoot() : 0
    }
}
