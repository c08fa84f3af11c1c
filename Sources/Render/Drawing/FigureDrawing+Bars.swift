import Foundation

/// A bar chart: categories along x, values up from zero, each bar's value above it.
extension FigureDrawing {
    func drawBars(_ chart: BarChart, in area: Rect, on canvas: Canvas) {
        let count = min(chart.labels.count, chart.values.count)
        guard let y = barTicks(chart, in: area) else {
            drawEmpty(in: area, on: canvas)
            return
        }
        // Long or many labels are turned, so they do not run into each other.
        canvas.setFont(size: PlotStyle.tickSize)
        let labels = Array(chart.labels.prefix(count))
        let estimatedBand = (area.width - 60) / Double(count)
        let widest = labels.map(canvas.textWidth).max() ?? 0
        let rotated = widest > estimatedBand * 0.92
        let every = max(1, Int((PlotStyle.tickSize * 1.3 / estimatedBand).rounded(.up)))
        let shownLabels = labels.enumerated().map { index, label in
            index % every == 0 ? String(label.prefix(24)) + (label.count > 24 ? "…" : "") : ""
        }
        let plot = plotRect(in: area, yLabels: y.labels, xLabels: shownLabels, xRotated: rotated, right: 0, on: canvas)
        let band = plot.width / Double(count)
        let frame = AxesFrame(plot: plot, x: AxisTicks(values: [], lower: 0, upper: 1, step: 0, scale: .linear), y: y)
        let centers = (0..<count).map { plot.minX + band * (Double($0) + 0.5) }
        var xMarks = AxisMarks(positions: [], labels: [], grid: false, rotated: rotated)
        for (index, label) in shownLabels.enumerated() where !label.isEmpty {
            xMarks.positions.append(centers[index])
            xMarks.labels.append(label)
        }
        drawAxes(plot: plot, x: xMarks, y: FigureDrawing.marks(y, along: frame.py), in: area, on: canvas)

        let color = Palette.color(chart.color ?? 0)
        let base = figure.yScale == .log ? plot.maxY : (frame.py(0) ?? plot.maxY)
        let showValues = count <= 25 && band >= 18
        canvas.setFont(size: min(PlotStyle.tickSize, band * 0.4))
        for index in 0..<count {
            let value = chart.values[index]
            guard let top = frame.py(value) else { continue }
            let width = min(band * 0.72, 110)
            let rect = Rect(x: centers[index] - width / 2, y: min(top, base), width: width, height: abs(base - top))
            canvas.fill(rect, color, alpha: 0.9)
            if showValues {
                let text = NumberLabel.compact(value)
                if value >= 0 {
                    canvas.text(
                        text, at: Point(x: centers[index], y: rect.minY - 3), Palette.axis,
                        horizontal: .center, vertical: .bottom)
                } else {
                    canvas.text(
                        text, at: Point(x: centers[index], y: rect.maxY + 3), Palette.axis,
                        horizontal: .center, vertical: .top)
                }
            }
        }
    }

    /// The value axis's ticks, from zero; whole ones when every value is whole (counts
    /// per category). Nil when there is no finite value.
    func barTicks(_ chart: BarChart, in area: Rect) -> AxisTicks? {
        let finite = chart.values.prefix(min(chart.labels.count, chart.values.count)).filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        return AxisTicks.make(
            scale: figure.yScale, low: low, high: high,
            target: max(3, min(8, Int((area.height - 60) / 50))), padding: 0.08,
            includeZero: figure.yScale == .linear, wholeNumbers: AxisTicks.areWhole(finite))
    }
}
