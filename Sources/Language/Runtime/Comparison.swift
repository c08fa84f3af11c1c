import Experiments
import Foundation
import Render
import Store
import TextFormat

/// What `compare(a, b, ...)` returns (`type(x)` is `"comparison"`): the runs' params
/// and final metrics side by side, `≠` marking every row whose values differ, and
/// their learning curves overlaid in one figure (one colour per run, validation
/// dashed). Fields: `.runs` (the runs compared), `.differences` (the names of the rows
/// that differ, e.g. `["optimizer.lr", "metric val_accuracy"]`).
final class Comparison: NativeValue, PlotSource {
    let runs: [RunValue]
    /// The side-by-side table, as `strata diff` shows it too.
    let comparison: RunComparison
    var labels: [String] { comparison.labels }
    var rows: [RunComparison.Row] { comparison.rows }
    /// The overlaid curves as SVG, PNG and text, drawn once; nil when there is nothing
    /// to draw (no run has two epochs) or drawing failed (the table still shows).
    private let curves: MimeBundle?

    init(_ runs: [RunValue]) {
        self.runs = runs
        comparison = RunComparison(
            runs.map { run in
                RunComparison.Run(
                    id: run.id, name: run.name, params: Value.record(run.params).paramValue,
                    metrics: run.finalMetrics, data: run.data, status: run.status.rawValue,
                    epochs: run.epochs.count, tags: run.tags)
            })
        let figures = Comparison.figures(runs, labels: comparison.labels)
        curves = figures.isEmpty ? nil : try? FigureRenderer.render(panels: figures, columns: figures.count)
    }

    var typeName: String { "comparison" }

    var memberNames: [String] { ["runs", "differences"] }

    func member(named name: String) -> Value? {
        switch name {
        case "runs": return .list(runs.map { .native($0) })
        case "differences": return .list(rows.filter(\.differs).map { .string($0.field) })
        default: return nil
        }
    }

    var length: Int? { runs.count }

    func elements() -> [Value]? { runs.map { .native($0) } }

    /// `comparison of 2 runs: 5 of 24 fields differ`.
    var summary: String { comparison.summary }

    var table: Table { comparison.table }

    /// The table in HTML (with the curves under it, as an image, since front ends show
    /// one MIME type per output), Markdown and text, and the curves as SVG and PNG.
    func display() -> MimeBundle {
        let table = self.table
        var html = table.html()
        var extra = ["text/markdown": table.markdown()]
        if let curves {
            html += "\n" + LearningCurves.htmlImage(curves, alt: "learning curves of the compared runs")
            extra["image/png"] = curves.data["image/png"]
            extra["image/svg+xml"] = curves.data["image/svg+xml"]
        }
        extra["text/html"] = html
        return MimeBundle(plain: table.plain(), extra: extra, metadata: curves?.metadata ?? [:])
    }

    // MARK: PlotSource

    func plotFigures() -> [Figure] {
        let figures = Comparison.figures(runs, labels: labels)
        return figures.isEmpty ? [Figure(title: "loss", xLabel: "epoch", content: .series([]))] : figures
    }

    var plotTitle: String? { "compare: " + labels.joined(separator: ", ") }

}
