import Foundation

/// Each parameter's share of the objective's variance over a sweep's finished trials,
/// by a one-way analysis of variance per parameter: the trials are grouped by the
/// parameter's value (categories as they are; numbers in up to `bins` quantile bins, on a
/// log scale for log distributions), and the parameter's importance is the correlation
/// ratio η² = (variance of the group means, weighted by group size) / (total variance).
/// The shares are then normalised to sum to 1, as Optuna's importances are. Simpler than
/// fANOVA (no interactions, no forest) and deterministic; with a few dozen trials it ranks
/// parameters the same way in the common cases, which is what the plot is for.
public enum ParameterImportance {
    /// One parameter's values, one per trial.
    public enum Column: Sendable, Equatable {
        case numbers([Double], log: Bool)
        case categories([String])
    }

    /// The method as the plot names it.
    public static let method = "one-way ANOVA (η²) on quantile bins, normalised"

    /// The importance of each named column for `values` (one per trial), in the columns'
    /// order; all zero when the objective does not vary (or there are fewer than 2 trials).
    public static func shares(
        _ columns: [(name: String, column: Column)], values: [Double],
        bins: Int = 5
    ) -> [(name: String, share: Double)] {
        let finite = values.indices.filter { values[$0].isFinite }
        let raw: [Double] = columns.map { _, column in
            guard finite.count >= 2 else { return 0 }
            let groups = groups(of: column, rows: finite, bins: bins)
            return etaSquared(groups.map { $0.map { values[$0] } })
        }
        let total = raw.reduce(0, +)
        return zip(columns, raw).map { ($0.name, total > 0 ? $1 / total : 0) }
    }

    /// The rows grouped by the column's value.
    static func groups(of column: Column, rows: [Int], bins: Int) -> [[Int]] {
        switch column {
        case .categories(let names):
            var byName: [String: [Int]] = [:]
            for row in rows { byName[names[row], default: []].append(row) }
            return byName.keys.sorted().map { byName[$0]! }
        case .numbers(let numbers, let log):
            let keyed = rows.compactMap { row -> (row: Int, key: Double)? in
                let x = numbers[row]
                guard x.isFinite, !log || x > 0 else { return nil }
                return (row, log ? Foundation.log(x) : x)
            }.sorted { $0.key < $1.key }
            guard !keyed.isEmpty else { return [] }
            // Equal values stay in one bin, so a parameter with three settings gives three groups.
            var result: [[Int]] = []
            let size = Swift.max(1, Int((Double(keyed.count) / Double(Swift.max(bins, 1))).rounded(.up)))
            var current: [Int] = []
            var last = keyed[0].key
            for (row, key) in keyed {
                if current.count >= size, key != last {
                    result.append(current)
                    current = []
                }
                current.append(row)
                last = key
            }
            result.append(current)
            return result
        }
    }

    /// Between-group sum of squares over the total sum of squares.
    static func etaSquared(_ groups: [[Double]]) -> Double {
        let all = groups.flatMap { $0 }
        guard all.count >= 2 else { return 0 }
        let mean = all.reduce(0, +) / Double(all.count)
        let total = all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard total > 0 else { return 0 }
        let between = groups.reduce(0.0) { sum, group in
            guard !group.isEmpty else { return sum }
            let groupMean = group.reduce(0, +) / Double(group.count)
            return sum + Double(group.count) * (groupMean - mean) * (groupMean - mean)
        }
        return Swift.min(1, between / total)
    }
}
