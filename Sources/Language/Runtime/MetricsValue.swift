import Learn
import Render
import TextFormat

/// What `evaluate` returns (`type(m)` is `"metrics"`): the loss and metrics of a model
/// on a dataset as fields (`m.accuracy`, `m.loss`, `m.count`), and for classification
/// the confusion matrix (`m.confusion`, rows actual, columns predicted, in the order of
/// `m.classes`). It shows as a table of the metrics, then the confusion matrix.
public final class MetricsValue: NativeValue, PlotSource {
    /// Metric names and values, loss first.
    let values: [(name: String, value: Double)]
    let confusion: ConfusionMatrix?
    let classes: [String]
    let count: Int

    init(values: [(name: String, value: Double)], confusion: ConfusionMatrix?, classes: [String], count: Int) {
        self.values = values
        self.confusion = confusion
        self.classes = classes
        self.count = count
    }

    public var typeName: String { "metrics" }

    public var memberNames: [String] {
        values.map(\.name) + ["count"] + (confusion == nil ? [] : ["confusion", "classes"])
    }

    public func member(named name: String) -> Value? {
        if let value = values.first(where: { $0.name == name }) { return .number(value.value) }
        switch name {
        case "count": return .number(Double(count))
        case "confusion":
            return confusion.map { .list($0.counts.map { row in .list(row.map { .number(Double($0)) }) }) }
        case "classes":
            return confusion == nil ? nil : .list(classes.map(Value.string))
        default: return nil
        }
    }

    public var length: Int? { values.count }

    /// `accuracy 0.9565, loss 0.1234 on 23 samples`.
    public var summary: String {
        values.map { "\($0.name) \(NumberText.metric($0.value))" }.joined(separator: ", ") + " on \(count) samples"
    }

    public func display() -> MimeBundle {
        let metrics = Table(
            columns: ["metric", "value"], rows: values.map { [$0.name, NumberText.metric($0.value)] },
            alignments: [.left, .right], caption: "evaluated on \(count) samples")
        guard let matrix = confusionTable else { return metrics.bundle() }
        return MimeBundle(
            plain: metrics.plain() + "\n\n" + matrix.plain(),
            extra: [
                "text/html": metrics.html() + "\n" + matrix.html(),
                "text/markdown": metrics.markdown() + "\n\n" + matrix.markdown(),
            ])
    }

    /// Actual classes down, predicted across, as counts.
    var confusionTable: Table? {
        guard let confusion else { return nil }
        let rows = confusion.counts.enumerated().map { index, row in
            [classes.indices.contains(index) ? classes[index] : String(index)] + row.map(String.init)
        }
        return Table(
            columns: ["actual \\ predicted"] + classes, rows: rows,
            alignments: [.left] + classes.map { _ in .right }, caption: "confusion matrix")
    }

    // MARK: PlotSource: the confusion matrix as a heatmap.

    public func plotFigures() -> [Figure] {
        guard let confusion else {
            return [
                Figure(
                    title: "metrics",
                    content: .bars(
                        BarChart(
                            labels: values.map(\.name),
                            values: values.map(\.value))))
            ]
        }
        return [
            Figure(
                title: "confusion matrix", xLabel: "predicted", yLabel: "actual",
                content: .heatmap(
                    Heatmap(
                        values: confusion.counts.map { $0.map(Double.init) },
                        rowLabels: classes, columnLabels: classes, colorBarLabel: "count")))
        ]
    }
}
