import Foundation

/// Lines, scatter points and histograms on shared numeric axes.
/// Where a series plot's parts go: the plotting rectangle and its mapping, and the
/// legend with its rectangle (inside, in a corner with no marks, or right of the plot).
struct SeriesLayout {
    var frame: AxesFrame
    var legend: (box: LegendBox, rect: Rect)?
    /// Room right of the plot for a colour bar (0 without one).
    var colorBarRoom: Double
    var plot: Rect { frame.plot }
}

extension FigureDrawing {
    func drawSeries(_ series: [Series], in area: Rect, on canvas: Canvas) {
        let colors = FigureDrawing.seriesColors(series)
        guard let layout = seriesLayout(series, colors: colors, in: area, on: canvas) else {
            drawEmpty(in: area, on: canvas)
            return
        }
        let frame = layout.frame, plot = layout.plot
        drawAxes(
            plot: plot, x: FigureDrawing.marks(frame.x, along: frame.px),
            y: FigureDrawing.marks(frame.y, along: frame.py), in: area, on: canvas)

        canvas.clip(plot.insetBy(left: -3, top: -3, right: -3, bottom: -1))
        let histograms = series.filter { if case .histogram = $0 { true } else { false } }.count
        for (index, item) in series.enumerated() {
            switch item {
            case .histogram(let histogram):
                drawHistogram(histogram, color: colors[index], overlaid: histograms > 1, frame: frame, on: canvas)
            case .line(let line):
                drawLine(line, color: colors[index], frame: frame, on: canvas)
            case .scatter(let scatter):
                drawScatter(scatter, color: colors[index], frame: frame, on: canvas)
            }
        }
        canvas.unclip()

        if let legend = layout.legend { drawLegend(legend.box, in: legend.rect, on: canvas) }
        if let colorValues = FigureDrawing.colorValues(series) {
            let finite = colorValues.values.filter(\.isFinite)
            let scale = ColorScale(stops: Palette.viridis, lower: finite.min() ?? 0, upper: finite.max() ?? 1)
            let bar = Rect(x: plot.maxX + 24, y: plot.minY, width: PlotStyle.colorBarWidth, height: plot.height)
            drawColorBar(scale, in: bar, label: colorValues.label, on: canvas)
        }
    }

    /// The plot's rectangle and the legend's place. The legend goes in a corner of the
    /// plot where it covers no marks; when every corner has some (a scatter filling its
    /// axes), it goes right of the plot, which narrows to make room. Nil with no data.
    func seriesLayout(_ series: [Series], colors: [Color], in area: Rect, on canvas: Canvas) -> SeriesLayout? {
        guard let (x, y) = seriesTicks(series, in: area) else { return nil }
        let colorBarRoom = FigureDrawing.colorValues(series) == nil ? 0.0 : 78.0
        func frame(right: Double) -> AxesFrame {
            AxesFrame(
                plot: plotRect(
                    in: area, yLabels: y.labels, xLabels: x.labels, xRotated: false, right: right,
                    on: canvas), x: x, y: y)
        }
        let inside = frame(right: colorBarRoom)
        var layout = SeriesLayout(frame: inside, legend: nil, colorBarRoom: colorBarRoom)
        let entries = legendEntries(series, colors: colors)
        let categorical = series.contains {
            if case .scatter(let scatter) = $0, case .categories = scatter.coloring { true } else { false }
        }
        guard entries.count >= 2 || (categorical && !entries.isEmpty) else { return layout }
        let box = measureLegend(entries, labelLimit: inside.plot.width * 0.45, on: canvas)
        if let corner = FigureDrawing.emptyCorner(for: box, in: inside.plot, avoiding: marks(of: series, frame: inside))
        {
            layout.legend = (box, corner)
            return layout
        }
        // Outside, names are cut shorter so the plot keeps most of the width.
        let outside = measureLegend(entries, labelLimit: min(160, area.width * 0.25), on: canvas)
        layout.frame = frame(right: colorBarRoom + outside.width + LegendBox.margin)
        layout.legend = (
            outside,
            Rect(
                x: area.maxX - outside.width, y: layout.plot.minY,
                width: outside.width, height: outside.height)
        )
        return layout
    }

    /// Where the series' marks fall in `frame`: the points drawn, the lines between them
    /// and the bars.
    func marks(of series: [Series], frame: AxesFrame) -> PlotMarks {
        var marks = PlotMarks()
        for item in series {
            switch item {
            case .line(let line): marks.addLine(FigureDrawing.linePoints(line, frame: frame))
            case .scatter(let scatter): marks.points += FigureDrawing.scatterPoints(scatter, frame: frame).map(\.point)
            case .histogram(let histogram): marks.boxes += FigureDrawing.histogramBars(histogram, frame: frame)
            }
        }
        return marks
    }

    /// The values and label of the first scatter coloured by a number (it gets a colour bar).
    static func colorValues(_ series: [Series]) -> (values: [Double], label: String?)? {
        series.lazy.compactMap { item -> (values: [Double], label: String?)? in
            if case .scatter(let scatter) = item, case .values(let values, let label) = scatter.coloring {
                return (values, label)
            }
            return nil
        }.first
    }

    /// The ticks of both axes for `series` drawn in `area`; nil when there is no data.
    /// Counts (a histogram's heights), epochs and other whole data get whole ticks.
    func seriesTicks(_ series: [Series], in area: Rect) -> (x: AxisTicks, y: AxisTicks)? {
        guard let ranges = dataRanges(series) else { return nil }
        let hasBars = series.contains { if case .histogram = $0 { true } else { false } }
        let x = AxisTicks.make(
            scale: figure.xScale, low: ranges.x.lowerBound, high: ranges.x.upperBound,
            target: max(3, min(9, Int((area.width - 80) / 85))), padding: hasBars ? 0.02 : 0.04,
            wholeNumbers: ranges.xWhole)
        let y = AxisTicks.make(
            scale: figure.yScale, low: ranges.y.lowerBound, high: ranges.y.upperBound,
            target: max(3, min(8, Int((area.height - 60) / 50))), includeZero: hasBars,
            wholeNumbers: ranges.yWhole)
        return (x, y)
    }

    /// The colour of each series: its own palette index, or the next one unused.
    static func seriesColors(_ series: [Series]) -> [Color] {
        var next = 0
        return series.map { item in
            let explicit: Int?
            switch item {
            case .line(let line): explicit = line.color
            case .scatter(let scatter): explicit = scatter.color
            case .histogram(let histogram): explicit = histogram.color
            }
            if let explicit { return Palette.color(explicit) }
            defer { next += 1 }
            return Palette.color(next)
        }
    }

    /// The extent of the data that the axes can show, and whether all of it is whole
    /// numbers on each axis; nil when there is none.
    func dataRanges(_ series: [Series]) -> (x: ClosedRange<Double>, y: ClosedRange<Double>, xWhole: Bool, yWhole: Bool)?
    {
        var xLow = Double.infinity, xHigh = -Double.infinity, yLow = Double.infinity, yHigh = -Double.infinity
        var xWhole = true, yWhole = true
        let xLog = figure.xScale == .log, yLog = figure.yScale == .log
        func addX(_ value: Double) {
            guard value.isFinite, !xLog || value > 0 else { return }
            xLow = min(xLow, value); xHigh = max(xHigh, value)
            xWhole = xWhole && value == value.rounded()
        }
        func addY(_ value: Double) {
            guard value.isFinite, !yLog || value > 0 else { return }
            yLow = min(yLow, value); yHigh = max(yHigh, value)
            yWhole = yWhole && value == value.rounded()
        }
        for item in series {
            switch item {
            case .line(let line):
                for (xValue, yValue) in zip(line.x, line.y) where yValue.isFinite && (!yLog || yValue > 0) {
                    addX(xValue); addY(yValue)
                }
            case .scatter(let scatter):
                for (xValue, yValue) in zip(scatter.x, scatter.y) where xValue.isFinite && yValue.isFinite {
                    addX(xValue); addY(yValue)
                }
            case .histogram(let histogram):
                histogram.edges.forEach(addX)
                histogram.counts.forEach(addY)
            }
        }
        guard xLow <= xHigh, yLow <= yHigh else { return nil }
        return (xLow...xHigh, yLow...yHigh, xWhole, yWhole)
    }

    /// A line's points as drawn: long lines keep each pixel column's extremes; nil where
    /// a value cannot be shown (the line breaks there).
    static func linePoints(_ line: LineSeries, frame: AxesFrame) -> [Point?] {
        let count = min(line.x.count, line.y.count)
        let kept = Downsampling.lineIndices(Array(line.y.prefix(count)), buckets: Int(frame.plot.width))
        return kept.map { frame.point(line.x[$0], line.y[$0]) }
    }

    func drawLine(_ line: LineSeries, color: Color, frame: AxesFrame, on canvas: Canvas) {
        let points = FigureDrawing.linePoints(line, frame: frame)
        canvas.polyline(points, color, width: PlotStyle.lineWidth, dashed: line.style == .dashed)
        if min(line.x.count, line.y.count) <= PlotStyle.markerMaxPoints {
            for point in points.compactMap({ $0 }) { canvas.circle(point, radius: 2.6, color) }
        }
    }

    /// The scatter's points as drawn (a fixed sample of very large ones), each with its
    /// index into the data.
    static func scatterPoints(_ scatter: ScatterSeries, frame: AxesFrame) -> [(point: Point, index: Int)] {
        let count = min(scatter.x.count, scatter.y.count)
        return Downsampling.sampleIndices(count: count, limit: PlotStyle.scatterLimit).compactMap { index in
            frame.point(scatter.x[index], scatter.y[index]).map { ($0, index) }
        }
    }

    func drawScatter(_ scatter: ScatterSeries, color: Color, frame: AxesFrame, on canvas: Canvas) {
        let shown = Downsampling.sampleIndices(
            count: min(scatter.x.count, scatter.y.count),
            limit: PlotStyle.scatterLimit
        ).count
        let radius = shown <= 300 ? 3.4 : shown <= 2_000 ? 2.5 : 1.7
        let alpha = shown <= 300 ? 0.85 : shown <= 2_000 ? 0.7 : 0.5
        var valueScale: ColorScale?
        if case .values(let values, _) = scatter.coloring {
            let finite = values.filter(\.isFinite)
            valueScale = ColorScale(stops: Palette.viridis, lower: finite.min() ?? 0, upper: finite.max() ?? 1)
        }
        for (point, index) in FigureDrawing.scatterPoints(scatter, frame: frame) {
            var pointColor = color
            switch scatter.coloring {
            case .none: break
            case .categories(let codes, _):
                let code = index < codes.count ? codes[index] : -1
                pointColor = code >= 0 ? Palette.color(code) : Palette.missing
            case .values(let values, _):
                pointColor = index < values.count ? (valueScale?.color(values[index]) ?? color) : Palette.missing
            }
            canvas.circle(point, radius: radius, pointColor, alpha: alpha)
        }
    }

    /// The histogram's bars as drawn, from the axis (or zero) to each count; empty bins
    /// have none.
    static func histogramBars(_ histogram: Histogram, frame: AxesFrame) -> [Rect] {
        let base = frame.y.scale == .log ? frame.plot.maxY : (frame.py(0) ?? frame.plot.maxY)
        var bars: [Rect] = []
        for (bin, count) in histogram.counts.enumerated() where bin + 1 < histogram.edges.count {
            guard count != 0, let left = frame.px(histogram.edges[bin]), let right = frame.px(histogram.edges[bin + 1]),
                let top = frame.py(count)
            else { continue }
            bars.append(Rect(x: left, y: min(top, base), width: right - left, height: abs(base - top)))
        }
        return bars
    }

    func drawHistogram(_ histogram: Histogram, color: Color, overlaid: Bool, frame: AxesFrame, on canvas: Canvas) {
        for rect in FigureDrawing.histogramBars(histogram, frame: frame) {
            canvas.fill(rect, color, alpha: overlaid ? 0.55 : 0.85)
            // A thin white edge separates neighbouring bars, as seaborn draws them.
            if rect.width > 3 { canvas.strokeRect(rect, Palette.background, width: 0.8) }
        }
    }

    func legendEntries(_ series: [Series], colors: [Color]) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        for (index, item) in series.enumerated() {
            switch item {
            case .line(let line):
                if let label = line.label {
                    entries.append(
                        LegendEntry(
                            label: label, color: colors[index], mark: line.style == .dashed ? .dashedLine : .line))
                }
            case .histogram(let histogram):
                if let label = histogram.label {
                    entries.append(LegendEntry(label: label, color: colors[index], mark: .patch))
                }
            case .scatter(let scatter):
                if case .categories(let codes, let names) = scatter.coloring {
                    for (code, name) in names.enumerated() {
                        entries.append(LegendEntry(label: name, color: Palette.color(code), mark: .dot))
                    }
                    if codes.contains(where: { $0 < 0 }) {
                        entries.append(LegendEntry(label: "missing", color: Palette.missing, mark: .dot))
                    }
                } else if let label = scatter.label {
                    entries.append(LegendEntry(label: label, color: colors[index], mark: .dot))
                }
            }
        }
        return entries
    }
}
