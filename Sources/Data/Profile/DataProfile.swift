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
    /// pixels) keeps fewer order statistics per column, so a run's profile stays
    /// under a megabyte or so.
    public static let valueBudget = 100_000
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
        let points = Swift.max(
            101, Swift.min(DataProfile.sketchSize, DataProfile.valueBudget / Swift.max(dataset.columns.count, 1)))
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
                    sketch: DataProfile.sketch(present, points: points), count: present.count,
                    mean: mean),
                missing: values.count - present.count)
        case .categorical(let codes, let categories):
            var counts = [Int](repeating: 0, count: categories.count)
            var missing = 0
            for code in codes {
                if code >= 0 { counts[Int(code)] += 1 } else { missing += 1 }
            }
            self.init(
                name: column.name, distribution: .categorical(categories: categories, counts: counts), missing: missing)
        case .sparse:
            self.init(column: Column(name: column.name, values: .numeric(column.numbers ?? [])), points: points)
        case .text(let strings):
            // Drift of free text is read through its lengths (in characters), a number.
            self.init(
                column: Column(name: column.name, values: .numeric(strings.map { Float($0.count) })), points: points)
        }
    }
}

extension DataProfile {
    /// Order statistics at evenly spaced ranks of `sorted` (all of it when short).
    static func sketch(_ sorted: [Float], points: Int) -> [Float] {
        guard sorted.count > points, points > 1 else { return sorted }
        return (0..<points).map { index in
            sorted[Int((Double(index) * Double(sorted.count - 1) / Double(points - 1)).rounded())]
        }
    }
}
