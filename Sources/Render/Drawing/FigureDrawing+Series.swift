import Foundation

/// Lines, scatter points and histograms on shared numeric axes.
extension FigureDrawing {
    func drawSeries(_ series: [Series], in area: Rect, on canvas: Canvas) {
        let colors = FigureDrawing.seriesColors(series)
        guard let (x, y) = seriesTicks(series, in: area) else {
            drawEmpty(in: area, on: canvas)
            return
        }
        let colorValues = series.lazy.compactMap { item -> (values: [Double], label: String?)? in
            if case .scatter(let scatter) = item, case .values(let values, let label) = scatter.coloring {
                return (values, label)
            }
            return nil
        }.first
        let colorBarRoom = colorValues == nil ? 0.0 : 78.0
        let plot = plotRect(in: area, yLabels: y.labels, xLabels: x.labels, xRotated: false, right: colorBarRoom,
                            on: canvas)
        let frame = AxesFrame(plot: plot, x: x, y: y)
        drawAxes(plot: plot, x: FigureDrawing.marks(x, along: frame.px), y: FigureDrawing.marks(y, along: frame.py),
                 in: area, on: canvas)

        var drawn: [Point] = []
        canvas.clip(plot.insetBy(left: -3, top: -3, right: -3, bottom: -1))
        let histograms = series.filter { if case .histogram = $0 { true } else { false } }.count
        for (index, item) in series.enumerated() {
            switch item {
            case .histogram(let histogram):
                drawHistogram(histogram, color: colors[index], overlaid: histograms > 1, frame: frame,
                              on: canvas, drawn: &drawn)
            case .line(let line):
                drawLine(line, color: colors[index], frame: frame, on: canvas, drawn: &drawn)
            case .scatter(let scatter):
                drawScatter(scatter, color: colors[index], frame: frame, on: canvas, drawn: &drawn)
            }
        }
        canvas.unclip()

        let entries = legendEntries(series, colors: colors)
        let categorical = series.contains {
            if case .scatter(let scatter) = $0, case .categories = scatter.coloring { true } else { false }
        }
        if entries.count >= 2 || (categorical && !entries.isEmpty) {
            drawLegend(entries, in: plot, avoiding: drawn, on: canvas)
        }
        if let colorValues {
            let finite = colorValues.values.filter(\.isFinite)
            let scale = ColorScale(stops: Palette.viridis, lower: finite.min() ?? 0, upper: finite.max() ?? 1)
            let bar = Rect(x: plot.maxX + 24, y: plot.minY, width: PlotStyle.colorBarWidth, height: plot.height)
            drawColorBar(scale, in: bar, label: colorValues.label, on: canvas)
        }
    }

    /// The ticks of both axes for `series` drawn in `area`; nil when there is no data.
    /// Counts (a histogram's heights), epochs and other whole data get whole ticks.
    func seriesTicks(_ series: [Series], in area: Rect) -> (x: AxisTicks, y: AxisTicks)? {
        guard let ranges = dataRanges(series) else { return nil }
        let hasBars = series.contains { if case .histogram = $0 { true } else { false } }
        let x = AxisTicks.make(scale: figure.xScale, low: ranges.x.lowerBound, high: ranges.x.upperBound,
                               target: max(3, min(9, Int((area.width - 80) / 85))), padding: hasBars ? 0.02 : 0.04,
                               wholeNumbers: ranges.xWhole)
        let y = AxisTicks.make(scale: figure.yScale, low: ranges.y.lowerBound, high: ranges.y.upperBound,
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
    func dataRanges(_ series: [Series]) -> (x: ClosedRange<Double>, y: ClosedRange<Double>, xWhole: Bool, yWhole: Bool)? {
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

    func drawLine(_ line: LineSeries, color: Color, frame: AxesFrame, on canvas: Canvas, drawn: inout [Point]) {
        let count = min(line.x.count, line.y.count)
        let kept = Downsampling.lineIndices(Array(line.y.prefix(count)), buckets: Int(frame.plot.width))
        let points = kept.map { frame.point(line.x[$0], line.y[$0]) }
        canvas.polyline(points, color, width: PlotStyle.lineWidth, dashed: line.style == .dashed)
        let present = points.compactMap { $0 }
        if count <= PlotStyle.markerMaxPoints {
            for point in present { canvas.circle(point, radius: 2.6, color) }
        }
        drawn.append(contentsOf: present)
    }

    func drawScatter(_ scatter: ScatterSeries, color: Color, frame: AxesFrame, on canvas: Canvas,
                     drawn: inout [Point]) {
        let count = min(scatter.x.count, scatter.y.count)
        let indices = Downsampling.sampleIndices(count: count, limit: PlotStyle.scatterLimit)
        let shown = indices.count
        let radius = shown <= 300 ? 3.4 : shown <= 2_000 ? 2.5 : 1.7
        let alpha = shown <= 300 ? 0.85 : shown <= 2_000 ? 0.7 : 0.5
        var valueScale: ColorScale?
        if case .values(let values, _) = scatter.coloring {
            let finite = values.filter(\.isFinite)
            valueScale = ColorScale(stops: Palette.viridis, lower: finite.min() ?? 0, upper: finite.max() ?? 1)
        }
        for index in indices {
            guard let point = frame.point(scatter.x[index], scatter.y[index]) else { continue }
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
            drawn.append(point)
        }
    }

    func drawHistogram(_ histogram: Histogram, color: Color, overlaid: Bool, frame: AxesFrame, on canvas: Canvas,
                       drawn: inout [Point]) {
        let base = frame.y.scale == .log ? frame.plot.maxY : (frame.py(0) ?? frame.plot.maxY)
        for (bin, count) in histogram.counts.enumerated() where bin + 1 < histogram.edges.count {
            guard count != 0, let left = frame.px(histogram.edges[bin]), let right = frame.px(histogram.edges[bin + 1]),
                  let top = frame.py(count) else { continue }
            let rect = Rect(x: left, y: min(top, base), width: right - left, height: abs(base - top))
            canvas.fill(rect, color, alpha: overlaid ? 0.55 : 0.85)
            // A thin white edge separates neighbouring bars, as seaborn draws them.
            if rect.width > 3 { canvas.strokeRect(rect, Palette.background, width: 0.8) }
            drawn.append(Point(x: rect.midX, y: top))
            drawn.append(Point(x: rect.minX, y: top))
            drawn.append(Point(x: rect.maxX, y: top))
        }
    }

    func legendEntries(_ series: [Series], colors: [Color]) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        for (index, item) in series.enumerated() {
            switch item {
            case .line(let line):
                if let label = line.label { entries.append(LegendEntry(label: label, color: colors[index], mark: line.style == .dashed ? .dashedLine : .line)) }
            case .histogram(let histogram):
                if let label = histogram.label { entries.append(LegendEntry(label: label, color: colors[index], mark: .patch)) }
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
