import Data
import Experiments
import Render
import TextFormat

/// What `mistakes` returns (`type(m)` is `"mistakes"`): the rows a model gets most
/// wrong, worst (highest loss) first. Image data shows as a grid captioned
/// `true → predicted`, other data as a table of the rows with the prediction and loss.
/// Fields: `.rows` (those rows as a dataset, as passed in), `.indices` (their positions
/// in the dataset, from 0), `.actual`, `.predicted`, `.losses`.
public final class MistakesValue: NativeValue, PlotSource {
    let rows: DatasetValue
    let indices: [Int]
    let actual: [Value]
    let predicted: [Value]
    let losses: [Double]
    /// The grid for image data (`[channels, rows, cols]` samples); nil for tables.
    let grid: ImageGrid?
    /// The grid drawn once, when made (nil for tables).
    private let picture: MimeBundle?

    /// - Throws: `RenderError` when the image grid cannot be drawn.
    init(rows: Dataset, indices: [Int], actual: [Value], predicted: [Value], losses: [Double], grid: ImageGrid?)
        throws(RenderError)
    {
        self.rows = DatasetValue(rows)
        self.indices = indices
        self.actual = actual
        self.predicted = predicted
        self.losses = losses
        self.grid = grid
        picture = try grid.map { grid throws(RenderError) in
            try FigureRenderer.render(panels: [MistakesValue.figure(grid, count: indices.count)], columns: 1)
        }
    }

    public var typeName: String { "mistakes" }

    public var memberNames: [String] { ["rows", "indices", "actual", "predicted", "losses"] }

    public func member(named name: String) -> Value? {
        switch name {
        case "rows": return .native(rows)
        case "indices": return .list(indices.map { .number(Double($0)) })
        case "actual": return .list(actual)
        case "predicted": return .list(predicted)
        case "losses": return .list(losses.map(Value.number))
        default: return nil
        }
    }

    public var length: Int? { indices.count }

    /// `16 mistakes, worst first: losses 4.1 to 0.93`.
    public var summary: String {
        guard let first = losses.first, let last = losses.last else { return "no mistakes: the dataset is empty" }
        return "\(indices.count) mistake\(indices.count == 1 ? "" : "s"), worst first: loss "
            + (indices.count == 1
                ? NumberText.metric(first) : "\(NumberText.metric(first)) to \(NumberText.metric(last))")
    }

    /// The caption under an image: `true → predicted`.
    static func caption(actual: Value, predicted: Value) -> String {
        actual.plainText(quoted: false) + " → " + predicted.plainText(quoted: false)
    }

    static func figure(_ grid: ImageGrid, count: Int) -> Figure {
        Figure(title: "the \(count) highest losses, worst first (true → predicted)", content: .images(grid))
    }

    /// Row, true, predicted and loss, one line per mistake; with the row's own values
    /// for table data.
    var table: Table {
        let caption = "the \(indices.count) rows with the highest loss, worst first"
        if grid != nil {
            return Table(
                columns: ["row", "true", "predicted", "loss"],
                rows: indices.indices.map { index in
                    [
                        String(indices[index]), actual[index].plainText(quoted: false),
                        predicted[index].plainText(quoted: false), NumberText.metric(losses[index]),
                    ]
                },
                alignments: [.right, .left, .left, .right], caption: caption)
        }
        // The rows as a dataset shows them (wide ones elided), with the outcome added.
        var table = DatasetValue.table(of: rows.dataset)
        if let target = rows.dataset.target, !table.columns.isEmpty {
            table.columns[table.columns.count - 1] = target.columnName + " (true)"
        }
        table.columns = ["row"] + table.columns + ["predicted", "loss"]
        table.rows = table.rows.enumerated().map { index, cells in
            [String(indices[index])] + cells + [
                predicted[index].plainText(quoted: false),
                NumberText.metric(losses[index]),
            ]
        }
        table.alignments = nil
        table.caption = caption
        return table
    }

    public func display() -> MimeBundle {
        let table = table
        guard let picture else { return table.bundle() }
        return MimeBundle(
            plain: picture.plainText + "\n" + table.plain(),
            extra: [
                "text/html": LearningCurves.htmlImage(picture, alt: "mistakes") + "\n" + table.html(),
                "text/markdown": table.markdown(),
                "image/png": picture.data["image/png"] ?? "",
                "image/svg+xml": picture.data["image/svg+xml"] ?? "",
            ],
            metadata: picture.metadata)
    }

    // MARK: PlotSource: the image grid, or the losses as bars.

    public func plotFigures() -> [Figure] {
        if let grid { return [MistakesValue.figure(grid, count: indices.count)] }
        return [
            Figure(
                title: "the highest losses",
                content: .bars(
                    BarChart(
                        labels: indices.map { "row \($0)" }, values: losses)))
        ]
    }
}
