import Learn
import Render
import TextFormat

/// The course's learning curve: the same model trained from scratch on growing
/// subsets of the training data, its error on that subset and on the validation data
/// against the number of samples. Train and val far apart and still closing says more
/// data helps (variance); both flat and high says it will not (bias).
public struct LearningCurve: Sendable {
    /// One training run of the curve.
    public struct Point: Sendable, Equatable {
        /// Training rows the run saw.
        public var samples: Int
        /// The run that produced the point.
        public var runID: String
        /// Loss and metric of the trained model on its own training rows, measured after
        /// training in inference mode (not the epoch's running average, which dropout skews).
        public var trainLoss: Double
        public var trainMetric: Double
        public var valLoss: Double
        public var valMetric: Double

        public init(
            samples: Int, runID: String, trainLoss: Double, trainMetric: Double, valLoss: Double,
            valMetric: Double
        ) {
            self.samples = samples
            self.runID = runID
            self.trainLoss = trainLoss
            self.trainMetric = trainMetric
            self.valLoss = valLoss
            self.valMetric = valMetric
        }
    }

    /// Why fractions of the training data cannot make a curve.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        /// A fraction outside (0, 1], at its index.
        case outOfRange(index: Int, value: Double)
        /// A fraction not larger than the one before it.
        case notIncreasing(index: Int, value: Double, previous: Double)
        /// A fraction so small it gives no rows.
        case noRows(index: Int, value: Double, rows: Int)
        /// Two fractions giving the same number of rows.
        case sameRows(index: Int, value: Double, previous: Double, rows: Int)

        public var description: String {
            switch self {
            case .empty:
                "give at least one fraction, e.g. [0.1, 0.25, 0.5, 1]"
            case .outOfRange(_, let value):
                "each fraction must be above 0 and at most 1, got \(NumberText.shortest(value))"
            case .notIncreasing(_, let value, let previous):
                "fractions must increase, got \(NumberText.shortest(value)) after \(NumberText.shortest(previous))"
            case .noRows(_, let value, let rows):
                "fraction \(NumberText.shortest(value)) of \(rows) rows gives no rows; use a larger fraction"
            case .sameRows(_, let value, let previous, let rows):
                "fractions \(NumberText.shortest(previous)) and \(NumberText.shortest(value)) both give "
                    + "\(rows) rows; drop one"
            }
        }
    }

    /// The number of rows each fraction of `rows` takes (rounded down, so a point never
    /// claims more data than its fraction).
    /// - Throws: `Problem` for the first fraction that cannot be used.
    public static func sizes(fractions: [Double], rows: Int) throws(Problem) -> [Int] {
        guard !fractions.isEmpty else { throw .empty }
        var sizes: [Int] = []
        for (index, fraction) in fractions.enumerated() {
            guard fraction > 0, fraction <= 1 else { throw .outOfRange(index: index, value: fraction) }
            if index > 0, fraction <= fractions[index - 1] {
                throw .notIncreasing(index: index, value: fraction, previous: fractions[index - 1])
            }
            let size = Int((fraction * Double(rows)).rounded(.down))
            guard size > 0 else { throw .noRows(index: index, value: fraction, rows: rows) }
            if let last = sizes.last, last == size {
                throw .sameRows(index: index, value: fraction, previous: fractions[index - 1], rows: size)
            }
            sizes.append(size)
        }
        return sizes
    }

    /// The metric plotted besides the loss (`accuracy`, `rmse`...).
    public let metric: Metric
    public var points: [Point]

    public init(metric: Metric, points: [Point] = []) {
        self.metric = metric
        self.points = points
    }

    /// Two panels, the loss and the metric, each with the train line and the val line
    /// (dashed) against the number of training samples.
    public var figures: [Figure] {
        let x = points.map { Double($0.samples) }
        func panel(_ title: String, train: [Double], validation: [Double]) -> Figure {
            Figure(
                title: title, xLabel: "training samples",
                content: .series([
                    .line(LineSeries(label: "train", x: x, y: train, color: 0)),
                    .line(LineSeries(label: "val", x: x, y: validation, style: .dashed, color: 1)),
                ]))
        }
        return [
            panel("loss", train: points.map(\.trainLoss), validation: points.map(\.valLoss)),
            panel(metric.rawValue, train: points.map(\.trainMetric), validation: points.map(\.valMetric)),
        ]
    }

    /// One row per point: samples, the train and val loss and metric, the run.
    public var table: Table {
        let name = metric.rawValue
        return Table(
            columns: ["samples", "train_loss", "val_loss", "train_\(name)", "val_\(name)", "run"],
            rows: points.map { point in
                [
                    String(point.samples), NumberText.metric(point.trainLoss), NumberText.metric(point.valLoss),
                    NumberText.metric(point.trainMetric), NumberText.metric(point.valMetric), point.runID,
                ]
            },
            alignments: [.right, .right, .right, .right, .right, .left],
            caption: "learning curve: \(points.count) runs on growing subsets of the training data")
    }
}
