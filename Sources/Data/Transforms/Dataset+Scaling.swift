/// Feature scaling whose statistics come from another dataset (the training split), so
/// nothing about validation or test data leaks into the transform. `using` means "scale
/// the way this data was scaled": when `statistics` was itself produced by the same
/// transform, its statistics are the ones that produced it, so `minmax(val, using:
/// train)` gives the same result whether `train` was already rebound to its scaled self
/// or not. Each call records its step (`preprocessing`), which a model trained on the
/// result keeps.
extension Dataset {
    /// Each numeric feature column centred on the mean and divided by the population
    /// standard deviation, both computed from the same column of `statistics`
    /// (missing cells skipped). A column whose deviation is 0 is only centred; one with
    /// no values in `statistics` is left as it is. Categorical columns, missing cells
    /// and the target are untouched.
    ///
    /// - Throws: `statistics` lacks a numeric column this dataset has.
    public func standardize(using statistics: Dataset) throws(TransformError) -> Dataset {
        let scaling = try scaling(from: statistics, operation: "standardize") { moments in
            (offset: moments.mean, scale: moments.standardDeviation)
        }
        return applying(.standardize(scaling), statistics: statistics)
    }

    /// Each numeric feature column mapped to [0, 1] by the minimum and maximum of the
    /// same column of `statistics`: `(x - min) / (max - min)`. Values outside that
    /// range (in a test split) fall outside [0, 1]; a constant column becomes 0.
    ///
    /// - Throws: `statistics` lacks a numeric column this dataset has.
    public func minmax(using statistics: Dataset) throws(TransformError) -> Dataset {
        let scaling = try scaling(from: statistics, operation: "minmax") { moments in
            (offset: moments.minimum, scale: moments.maximum - moments.minimum)
        }
        return applying(.minmax(scaling), statistics: statistics)
    }

    /// The scaling `statistics` stands for: the one that produced it when it went
    /// through `operation` itself, else measured from its columns (those this dataset
    /// has as numbers; a column with no values is left out, so it stays as it is).
    private func scaling(
        from statistics: Dataset, operation: String,
        measure: (ColumnStatistics) -> (offset: Double, scale: Double)
    ) throws(TransformError) -> ColumnScaling {
        let produced = statistics.preprocessing.last { $0.step.operation == operation }
        var measured: [ColumnScaling.Column] = []
        // By dictionary: a vectorized dataset has tens of thousands of columns.
        let sources = Dictionary(statistics.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for column in columns where column.isNumeric {
            guard let source = sources[column.name] else {
                throw .statisticsColumn(column.name, reason: "has no")
            }
            guard source.isNumeric else {
                throw .statisticsColumn(column.name, reason: "has text in")
            }
            guard produced == nil else { continue }
            let moments = ColumnStatistics(source.numbers ?? [])
            guard moments.count > 0 else { continue }
            let (offset, scale) = measure(moments)
            measured.append(ColumnScaling.Column(name: column.name, offset: offset, scale: scale))
        }
        switch produced?.step {
        case .standardize(let scaling)?, .minmax(let scaling)?: return scaling
        case .fill?, .vectorize?, nil: return ColumnScaling(columns: measured, fittedOn: statistics.reference)
        }
    }

    /// The dataset as a name and content id, for steps and warnings.
    public var reference: DataReference { DataReference(name: name, version: contentID) }

    /// This dataset with `step` applied and recorded. A step it already went through
    /// is not applied twice (the same affine map twice is never what was meant).
    /// `statistics`, the dataset the step was asked to take its numbers from, adds its
    /// source files to the lineage.
    public func applying(_ step: PreprocessingStep, statistics: Dataset? = nil) -> Dataset {
        applying(step, statistics: statistics, statisticsID: nil, vectorized: nil)
    }

    /// `applying`, with `statistics`' content id when known and the features a
    /// `vectorize` step makes of this dataset when they are (`vectorize` fits and
    /// transforms the same texts in one pass).
    func applying(
        _ step: PreprocessingStep, statistics: Dataset?, statisticsID: String?, vectorized: [ColumnValues]?
    ) -> Dataset {
        if preprocessing.contains(where: { $0.step == step }) { return self }
        let ownID = contentID
        var result = self
        switch step {
        case .standardize(let scaling), .minmax(let scaling):
            let byName = Dictionary(scaling.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            result.columns = columns.map { column in
                guard let scale = byName[column.name], let values = column.numbers else { return column }
                return Column(name: column.name, values: .numeric(values.map(scale.apply)))
            }
        case .fill(let fills):
            // A fill of the other kind than its column is refused where fills are made
            // (`fillna`) and where data is prepared (column kinds are checked first).
            result.columns = ((try? filling(fills.values)) ?? self).columns
        case .vectorize(let vectorization):
            // A dataset without the text column (checked where data is prepared) is left as it is.
            guard let position = columns.firstIndex(where: { $0.name == vectorization.column }),
                case .text(let texts) = columns[position].values
            else { return self }
            let values = vectorized ?? vectorization.transform(texts)
            let features = zip(vectorization.outputNames, values).map { Column(name: $0, values: $1) }
            result.columns.replaceSubrange(position...position, with: features)
        }
        result.preprocessing.append(AppliedStep(step: step, input: ownID))
        let statisticsID = statisticsID ?? statistics?.contentID ?? step.fittedOn?.version ?? ownID
        result.lineage = Lineage(
            sources: Lineage.mergedSources([self] + (statistics.map { [$0] } ?? [])),
            operation: step.operation,
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
