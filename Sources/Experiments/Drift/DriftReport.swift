import Data
import Foundation
import Render
import TextFormat

/// The shift between a model's training data and the data it was served, per input
/// column and for its predictions: the population stability index over the training
/// deciles (numbers) or categories, and a two-sample test with its p-value
/// (Kolmogorov-Smirnov for numbers, chi-squared for categories).
///
/// Flags follow the usual thresholds: `drift` at PSI ≥ 0.25, or a p-value below 0.05
/// with PSI ≥ 0.1; `watch` at PSI ≥ 0.1 or p < 0.05 alone (with many served rows a
/// test finds shifts too small to matter, which PSI weighs).
public struct DriftReport: Sendable, Equatable {
    public enum Flag: String, Sendable, Equatable {
        case none = ""
        case watch
        case drift
    }

    public struct Row: Sendable, Equatable {
        /// The column's name; `prediction` for the model's outputs against the training targets.
        public var column: String
        public var isPrediction: Bool
        /// `numbers` or `categories`.
        public var kind: String
        public var trainRows: Int
        public var servedRows: Int
        /// The mean (in the units the data was loaded in) or the most frequent category.
        public var trainSummary: String
        public var servedSummary: String
        public var psi: Double
        /// `ks` or `chi2`.
        public var test: String
        public var statistic: Double
        public var pValue: Double
        /// Served cells holding a category the model never saw.
        public var unseen: Int
        public var flag: Flag
    }

    public var rows: [Row]
    public var servedRows: Int

    /// Why a report cannot be made.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Compares `served` (already prepared for the model: `prepared(for:)`) with the
    /// training profile; `predictions` is the served predictions column (labels or
    /// values), compared with the training targets.
    public static func compare(
        profile: DataProfile, served: Dataset, predictions: Column?,
        preprocessing: Preprocessing?
    ) throws(Problem) -> DriftReport {
        guard served.rowCount > 0 else { throw Problem(description: "there are no served rows to compare") }
        var rows: [Row] = []
        for column in profile.columns {
            guard let given = served.column(named: column.name) else { continue }
            rows.append(
                row(
                    column, DataProfile.ColumnProfile(column: given), codes: given, prediction: false,
                    preprocessing: preprocessing))
        }
        if let predictions, let target = profile.target {
            rows.append(
                row(
                    target, DataProfile.ColumnProfile(column: predictions), codes: predictions, prediction: true,
                    preprocessing: nil))
        }
        return DriftReport(rows: rows, servedRows: served.rowCount)
    }

    private static func row(
        _ train: DataProfile.ColumnProfile, _ served: DataProfile.ColumnProfile, codes column: Column,
        prediction: Bool, preprocessing: Preprocessing?
    ) -> Row {
        let name = prediction ? "prediction" : train.name
        switch (train.distribution, served.distribution) {
        case (.numeric(let sketch, let count, let mean), .numeric(let values, let servedCount, let servedMean)):
            // The served sketch is every served value when there are few; else the
            // same evenly spaced order statistics as the training side.
            let edges = DriftStatistics.decileEdges(sketch)
            let psi = DriftStatistics.populationStability(
                expected: DriftStatistics.binFractions(sketch, edges: edges),
                actual: DriftStatistics.binFractions(values, edges: edges))
            let distance = DriftStatistics.kolmogorovSmirnov(sketch, values)
            let p = DriftStatistics.kolmogorovSmirnovP(distance, n: count, m: servedCount)
            return Row(
                column: name, isPrediction: prediction, kind: "numbers", trainRows: count, servedRows: servedCount,
                trainSummary: summary(mean, column: train.name, preprocessing),
                servedSummary: summary(servedMean, column: train.name, preprocessing),
                psi: psi, test: "ks", statistic: distance, pValue: p, unseen: 0, flag: flag(psi: psi, p: p))
        case (.categorical(let categories, let counts), .categorical(let servedCategories, let servedCounts)):
            // Match by name; served categories the training data lacks form one more
            // bucket (for inputs they are the unseen ones `prepared(for:)` marked).
            let position = Dictionary(servedCategories.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            var aligned = categories.map { position[$0].map { servedCounts[$0] } ?? 0 }
            let known = Set(categories)
            var unseen = zip(servedCategories, servedCounts).filter { !known.contains($0.0) }.reduce(0) { $0 + $1.1 }
            if case .categorical(let codes, _) = column.values {
                unseen += codes.reduce(0) { $0 + ($1 == ColumnValues.unseenCode ? 1 : 0) }
            }
            var trainCounts = counts
            if unseen > 0 {
                aligned.append(unseen)
                trainCounts.append(0)
            }
            let trainTotal = trainCounts.reduce(0, +), servedTotal = aligned.reduce(0, +)
            let psi = DriftStatistics.populationStability(
                expected: trainCounts.map { Double($0) / Double(max(trainTotal, 1)) },
                actual: aligned.map { Double($0) / Double(max(servedTotal, 1)) })
            let test = DriftStatistics.chiSquared(trainCounts, aligned)
            let p = DriftStatistics.chiSquaredP(test.statistic, degrees: test.degrees)
            return Row(
                column: name, isPrediction: prediction, kind: "categories", trainRows: trainTotal,
                servedRows: servedTotal, trainSummary: mode(categories, counts),
                servedSummary: mode(categories, Array(aligned.prefix(categories.count))),
                psi: psi, test: "chi2", statistic: test.statistic, pValue: p, unseen: unseen,
                flag: flag(psi: psi, p: p))
        default:
            // The served column is of the other kind (prepared data never is); report it plainly.
            return Row(
                column: name, isPrediction: prediction, kind: "mismatch", trainRows: 0, servedRows: 0,
                trainSummary: "", servedSummary: "", psi: .nan, test: "", statistic: .nan, pValue: .nan, unseen: 0,
                flag: .drift)
        }
    }

    static func flag(psi: Double, p: Double) -> Flag {
        if psi >= 0.25 || (p < 0.05 && psi >= 0.1) { return .drift }
        if psi >= 0.1 || p < 0.05 { return .watch }
        return .none
    }

    /// A mean in the units the column was loaded in: the run's scaling undone.
    static func summary(_ mean: Double?, column: String, _ preprocessing: Preprocessing?) -> String {
        guard var value = mean else { return "" }
        for step in (preprocessing?.steps ?? []).reversed() {
            switch step {
            case .standardize(let scaling), .minmax(let scaling):
                if let entry = scaling.columns.first(where: { $0.name == column }) {
                    value = value * (entry.scale > 0 && entry.scale.isFinite ? entry.scale : 1) + entry.offset
                }
            case .fill, .vectorize:
                break
            }
        }
        return "mean " + NumberText.significant(value)
    }

    static func mode(_ categories: [String], _ counts: [Int]) -> String {
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }),
            counts[best] > 0
        else { return "" }
        return categories[best]
    }

    /// Below this many served rows, the report says its flags are rough.
    public static let fewRows = 30

    /// The rows that passed a threshold.
    public var flagged: [Row] { rows.filter { $0.flag != .none } }

    /// The report as a table: one row per column, the predictions last.
    public var table: Table {
        Table(
            columns: [
                "column", "kind", "train", "served", "train rows", "served rows", "psi", "test", "statistic",
                "p-value", "unseen", "flag",
            ],
            rows: rows.map { row in
                [
                    row.column, row.kind, row.trainSummary, row.servedSummary, String(row.trainRows),
                    String(row.servedRows),
                    NumberText.significant(row.psi, digits: 3), row.test,
                    NumberText.significant(row.statistic, digits: 3),
                    DriftReport.pText(row.pValue), row.unseen > 0 ? String(row.unseen) : "", row.flag.rawValue,
                ]
            },
            alignments: [.left, .left, .left, .left, .right, .right, .right, .left, .right, .right, .right, .left],
            caption: "Drift of \(servedRows) served row\(servedRows == 1 ? "" : "s") from the training data"
                + (servedRows < DriftReport.fewRows
                    ? " (fewer than \(DriftReport.fewRows): PSI and the tests "
                        + "are rough at this size; read the flags as hints)" : ""),
            footer: "psi: population stability index over the training deciles or categories (watch at 0.1, drift "
                + "at 0.25); test: two-sample Kolmogorov-Smirnov (ks) or chi-squared (chi2) with its p-value")
    }

    static func pText(_ p: Double) -> String {
        guard p.isFinite else { return "" }
        return p < 1e-4 ? "<0.0001" : NumberText.significant(p, digits: 2)
    }

    /// PSI per column as bars.
    public var figure: Figure {
        Figure(
            title: "Population stability index (watch at 0.1, drift at 0.25)", xLabel: nil, yLabel: "PSI",
            content: .bars(BarChart(labels: rows.map(\.column), values: rows.map { $0.psi.isFinite ? $0.psi : 0 })))
    }
}
