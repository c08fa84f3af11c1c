import Experiments
import Learn
import Render
import TextFormat

/// What `learning_curve` returns (`type(c)` is `"learning_curve"`): one point per
/// training-set size, shown as a table and a plot of the train and val loss and metric
/// against the number of samples. Fields: `.samples`, `.train` and `.val` (the metric
/// at each point), `.train_loss`, `.val_loss`, `.metric` (its name) and `.runs`.
public final class LearningCurveValue: NativeValue, PlotSource {
    let curve: LearningCurve
    let runs: [RunValue]
    /// Drawn once, when made: a failure to draw leaves the table alone.
    private let picture: MimeBundle?

    init(curve: LearningCurve, runs: [RunValue]) {
        self.curve = curve
        self.runs = runs
        picture = try? FigureRenderer.render(panels: curve.figures, columns: 2, title: "learning curve")
    }

    public var typeName: String { "learning_curve" }

    public var memberNames: [String] { ["samples", "train", "val", "train_loss", "val_loss", "metric", "runs"] }

    public func member(named name: String) -> Value? {
        func numbers(_ values: [Double]) -> Value { .list(values.map(Value.number)) }
        switch name {
        case "samples": return numbers(curve.points.map { Double($0.samples) })
        case "train": return numbers(curve.points.map(\.trainMetric))
        case "val": return numbers(curve.points.map(\.valMetric))
        case "train_loss": return numbers(curve.points.map(\.trainLoss))
        case "val_loss": return numbers(curve.points.map(\.valLoss))
        case "metric": return .string(curve.metric.rawValue)
        case "runs": return .list(runs.map { .native($0) })
        default: return nil
        }
    }

    public var length: Int? { curve.points.count }

    /// `learning curve of accuracy: 4 points, 10 to 105 samples; val 0.8 to 0.95`.
    public var summary: String {
        let points = curve.points
        guard let first = points.first, let last = points.last else { return "learning curve: no points" }
        return "learning curve of \(curve.metric.rawValue): \(points.count) point\(points.count == 1 ? "" : "s"), "
            + "\(first.samples) to \(last.samples) samples; train \(NumberText.metric(last.trainMetric)), "
            + "val \(NumberText.metric(last.valMetric)) with all of them"
    }

    public func display() -> MimeBundle {
        MimeBundle.table(curve.table, summary: summary, picture: picture, alt: "learning curve")
    }

    // MARK: PlotSource

    public func plotFigures() -> [Figure] { curve.figures }

    public var plotTitle: String? { "learning curve" }
}
