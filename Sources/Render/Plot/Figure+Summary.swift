/// The `text/plain` form of a figure: what it shows, in one line, for terminals and
/// for readers of a notebook without images.
extension Figure {
    /// `line plot: loss (60 points, 0.12..2.3)`, `histogram: sepal_length (150
    /// values, 20 bins, 4.3..7.9)`, `heatmap: 3x3, 0..50`, `parallel coordinates: 40
    /// trials over lr, units; val_accuracy 0.91..0.98`.
    public var summary: String {
        let text: String
        switch content {
        case .series(let series): text = Figure.summary(of: series, figure: self)
        case .bars(let chart): text = Figure.summary(of: chart)
        case .heatmap(let heatmap): text = Figure.summary(of: heatmap)
        case .images(let grid): text = Figure.summary(of: grid)
        case .parallel(let chart): text = Figure.summary(of: chart)
        }
        guard let title, !title.isEmpty, !text.contains(title) else { return text }
        return title + " — " + text
    }

    /// `0.12..2.3`, or `no finite values`.
    static func rangeText<S: Sequence>(_ values: S) -> String where S.Element == Double {
        var low = Double.infinity, high = -Double.infinity
        for value in values where value.isFinite { low = min(low, value); high = max(high, value) }
        guard low <= high else { return "no finite values" }
        return low == high ? NumberLabel.compact(low) : NumberLabel.compact(low) + ".." + NumberLabel.compact(high)
    }

    static func count(_ number: Int, _ noun: String, plural: String? = nil) -> String {
        NumberLabel.grouped(number) + " " + (number == 1 ? noun : plural ?? noun + "s")
    }

    private static func summary(of series: [Series], figure: Figure) -> String {
        guard !series.isEmpty else { return "plot: no data" }
        let kinds = Set(
            series.map { item -> String in
                switch item {
                case .line: return "line plot"
                case .scatter: return "scatter plot"
                case .histogram: return "histogram"
                }
            })
        let kind = kinds.count == 1 ? kinds.first! : "plot"
        let parts = series.enumerated().map { index, item -> String in
            let fallback = series.count == 1 ? (figure.yLabel ?? "y") : "series \(index + 1)"
            switch item {
            case .line(let line):
                let count = min(line.x.count, line.y.count)
                return (line.label ?? fallback) + " (" + Figure.count(count, "point") + ", "
                    + rangeText(line.y.prefix(count)) + ")"
            case .scatter(let scatter):
                let name = scatter.label ?? "\(figure.yLabel ?? "y") vs \(figure.xLabel ?? "x")"
                var text = name + " (" + Figure.count(min(scatter.x.count, scatter.y.count), "point")
                switch scatter.coloring {
                case .none: break
                case .categories(_, let names):
                    text += ", " + Figure.count(names.count, "category", plural: "categories")
                case .values(let values, let label): text += ", colour " + (label ?? "value") + " " + rangeText(values)
                }
                return text + ")"
            case .histogram(let histogram):
                let total = Int(histogram.counts.reduce(0, +))
                let edges = histogram.edges
                let span =
                    edges.isEmpty
                    ? "" : ", " + NumberLabel.compact(edges.first!) + ".." + NumberLabel.compact(edges.last!)
                let details = Figure.count(total, "value") + ", " + Figure.count(histogram.counts.count, "bin") + span
                guard let name = histogram.label ?? figure.xLabel ?? (series.count > 1 ? fallback : nil) else {
                    return details
                }
                return name + " (" + details + ")"
            }
        }
        return kind + ": " + parts.joined(separator: "; ")
    }

    private static func summary(of chart: BarChart) -> String {
        let count = min(chart.labels.count, chart.values.count)
        let shown = (0..<min(count, 8)).map { chart.labels[$0] + ": " + NumberLabel.compact(chart.values[$0]) }
        let more = count > 8 ? ", ..." : ""
        return "bar chart: " + Figure.count(count, "bar")
            + (count > 0 ? " (" + shown.joined(separator: ", ") + more + ")" : "")
    }

    private static func summary(of heatmap: Heatmap) -> String {
        "heatmap: \(heatmap.rowCount)x\(heatmap.columnCount), " + rangeText(heatmap.values.joined())
    }

    private static func summary(of chart: ParallelCoordinates) -> String {
        guard chart.lineCount > 0 else { return "parallel coordinates: no trials" }
        let names = chart.axes.prefix(10).map(\.name) + (chart.axes.count > 10 ? ["..."] : [])
        let over = names.isEmpty ? "" : " over " + names.joined(separator: ", ")
        return "parallel coordinates: " + Figure.count(chart.lineCount, "trial") + over + "; "
            + chart.valueLabel + " " + rangeText(chart.values)
    }

    private static func summary(of grid: ImageGrid) -> String {
        guard let first = grid.images.first else { return "images: none" }
        let shape =
            first.channels == 1 ? "\(first.height)x\(first.width)" : "\(first.channels)x\(first.height)x\(first.width)"
        let captions = grid.images.prefix(10).compactMap(\.caption)
        var text = "images: " + Figure.count(grid.images.count, "image") + " of " + shape
        if !captions.isEmpty {
            text += " (" + captions.joined(separator: ", ") + (grid.images.count > 10 ? ", ..." : "") + ")"
        }
        return text
    }
}
