import Foundation

/// What a dataset looked like, small enough to keep with every run: per feature column
/// an evenly spaced sketch of its sorted values (numbers) or its category counts, and
/// the same for the target. `drift` compares served data with the training data
/// through it (population stability, Kolmogorov-Smirnov, chi-squared), so a run need
/// not keep its training rows. Values are as the model read them (after the run's
/// preprocessing); data compared with a profile is prepared the same way first.
public struct DataProfile: Sendable, Equatable, Codable {
    public static let format = "strata-data-profile"
    public static let currentVersion = 1
    /// The most order statistics a numeric column keeps: its empirical distribution to
    /// within 1/1000 of the rows.
    public static let sketchSize = 1001

    /// One column's distribution.
    public enum Distribution: Sendable, Equatable, Codable {
        /// `sketch` holds order statistics at evenly spaced ranks of the `count` present
        /// values (all of them when there are few), ascending; `mean` of the present values (nil: none).
        case numeric(sketch: [Float], count: Int, mean: Double?)
        /// Rows per category, in the column's category order.
        case categorical(categories: [String], counts: [Int])
    }

    public struct ColumnProfile: Sendable, Equatable, Codable {
        public var name: String
        public var distribution: Distribution
        /// Missing cells (NaN, or no category).
        public var missing: Int

        public init(name: String, distribution: Distribution, missing: Int) {
            self.name = name
            self.distribution = distribution
            self.missing = missing
        }
    }

    public var format: String
    public var version: Int
    public var rows: Int
    public var columns: [ColumnProfile]
    /// The target's distribution (named as the target), if the data had one.
    public var target: ColumnProfile?

    public init(rows: Int, columns: [ColumnProfile], target: ColumnProfile?) {
        format = DataProfile.format
        version = DataProfile.currentVersion
        self.rows = rows
        self.columns = columns
        self.target = target
    }

    /// The most values a profile keeps in all its sketches: a wide dataset (an image's
    /// pixels, a bag of words) keeps fewer order statistics per column, down to
    /// `fewestPoints`, so a run's profile stays within a few megabytes.
    public static let valueBudget = 100_000
    /// The fewest order statistics a numeric column keeps (its deciles and extremes).
    public static let fewestPoints = 11
    /// The most rows a profile is made from: larger data is subsampled evenly.
    public static let rowLimit = 20_000

    /// The profile of `dataset` as it is (of an even subsample of `rowLimit` rows when larger).
    public init(of dataset: Dataset) {
        var dataset = dataset
        if dataset.rowCount > DataProfile.rowLimit {
            let stride = Double(dataset.rowCount) / Double(DataProfile.rowLimit)
            dataset = dataset.gatherRows(
                (0..<DataProfile.rowLimit).map { Int(Double($0) * stride) },
                lineage: dataset.lineage)
        }
        // An even share of the budget: 127 points for a 28x28 image, the deciles of a
        // 20,000-entry bag of words.
        let perColumn = DataProfile.valueBudget / Swift.max(dataset.columns.count, 1)
        let points = Swift.min(DataProfile.sketchSize, Swift.max(DataProfile.fewestPoints, perColumn))
        let target: ColumnProfile? =
            switch dataset.target {
            case .classification(let name, let labels, let classes)?:
                ColumnProfile(column: Column(name: name, values: .categorical(codes: labels, categories: classes)))
            case .regression(let name, let values)?:
                ColumnProfile(column: Column(name: name, values: .numeric(values)))
            case nil:
                nil
            }
        self.init(
            rows: dataset.rowCount, columns: dataset.columns.map { ColumnProfile(column: $0, points: points) },
            target: target)
    }

    /// The profile as JSON (sorted keys: the same data gives the same bytes).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Numbers and strings only; sketches hold present values; a mean is nil rather than NaN.
        // Infinite values are the one thing that could fail, and a dataset holds none.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// Reads `json()`'s output; nil when it is not a profile this build reads.
    public static func decode(json data: Data) -> DataProfile? {
        guard let profile = try? JSONDecoder().decode(DataProfile.self, from: data),
            profile.format == format, profile.version <= currentVersion
        else { return nil }
        return profile
    }
}

extension DataProfile.ColumnProfile {
    /// The distribution of one column's present values, numbers sketched by `points`
    /// order statistics.
    public init(column: Column, points: Int = DataProfile.sketchSize) {
        switch column.values {
        case .numeric(let values):
            let present = values.filter(\.isFinite).sorted()
            let mean: Double? = present.isEmpty ? nil : present.reduce(0.0) { $0 + Double($1) } / Double(present.count)
            self.init(
                name: column.name,
                distribution: .numeric(
                    sketch: DataProfile.sketch(count: present.count, points: points) { present[$0] },
                    count: present.count, mean: mean),
                missing: values.count - present.count)
        case .sparse(let sparse):
            // Sorted, the column is its negative cells, its zeros, then its positive
            // cells: its order statistics are read by rank, without writing out the zeros.
            let stored = sparse.values.filter(\.isFinite)
            let negatives = stored.filter { $0 < 0 }.sorted(), positives = stored.filter { $0 > 0 }.sorted()
            let missing = sparse.values.count - stored.count
            let present = sparse.count - missing
            let zerosEnd = present - positives.count
            let total = stored.reduce(0.0) { $0 + Double($1) }
            self.init(
                name: column.name,
                distribution: .numeric(
                    sketch: DataProfile.sketch(count: present, points: points) { rank in
                        rank < negatives.count ? negatives[rank] : rank < zerosEnd ? 0 : positives[rank - zerosEnd]
                    },
                    count: present, mean: present == 0 ? nil : total / Double(present)),
                missing: missing)
        case .categorical(let codes, let categories):
            var counts = [Int](repeating: 0, count: categories.count)
            var missing = 0
            for code in codes {
                if code >= 0 { counts[Int(code)] += 1 } else { missing += 1 }
            }
            self.init(
                name: column.name, distribution: .categorical(categories: categories, counts: counts), missing: missing)
        case .text(let strings):
            // Drift of free text is read through its lengths (in characters), a number.
            self.init(
                column: Column(name: column.name, values: .numeric(strings.map { Float($0.count) })), points: points)
        }
    }
}

extension DataProfile {
    /// Order statistics at evenly spaced ranks of `count` sorted values, `value(rank)`
    /// each (all of them when there are few).
    static func sketch(count: Int, points: Int, _ value: (Int) -> Float) -> [Float] {
        guard count > points, points > 1 else { return (0..<count).map(value) }
        return (0..<points).map { index in
            value(Int((Double(index) * Double(count - 1) / Double(points - 1)).rounded()))
        }
    }
}
