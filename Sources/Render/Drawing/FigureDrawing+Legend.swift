import Foundation

/// One line of a legend: a sample of how the series is drawn, then its name.
struct LegendEntry: Equatable {
    enum Mark: Equatable { case line, dashedLine, dot, patch }
    var label: String
    var color: Color
    var mark: Mark
}

/// A legend measured, before it has a place: its rows (the last may be "+ n more") and size.
struct LegendBox {
    var rows: [LegendEntry]
    var hasMore: Bool
    var labelWidth: Double
    var width: Double { LegendBox.inset * 2 + LegendBox.sample + LegendBox.gap + labelWidth }
    var height: Double { LegendBox.inset * 2 + LegendBox.rowHeight * Double(rows.count) - 4 }

    static let sample = 20.0, gap = 6.0, inset = 7.0
    static let rowHeight = PlotStyle.legendSize + 5
    /// Between a legend and the plot's edge (inside) or the plot (outside).
    static let margin = 8.0
}

extension FigureDrawing {
    /// The legend's rows and size, labels cut to `labelLimit` pixels.
    func measureLegend(_ entries: [LegendEntry], labelLimit: Double, on canvas: Canvas) -> LegendBox {
        var rows = Array(entries.prefix(PlotStyle.legendLimit))
        let hidden = entries.count - rows.count
        canvas.setFont(size: PlotStyle.legendSize)
        var labelWidth = min(labelLimit, rows.map { canvas.textWidth($0.label) }.max() ?? 0)
        if hidden > 0 {
            let more = "+ \(hidden) more"
            labelWidth = max(labelWidth, canvas.textWidth(more))
            rows.append(LegendEntry(label: more, color: Palette.axis, mark: .patch))
        }
        return LegendBox(rows: rows, hasMore: hidden > 0, labelWidth: labelWidth)
    }

    /// The corner of `plot` where `legend` covers no marks (upper right first, then upper
    /// left, lower right, lower left); nil when every corner covers some, and the legend
    /// belongs outside the plot.
    static func emptyCorner(for legend: LegendBox, in plot: Rect, avoiding marks: PlotMarks) -> Rect? {
        let margin = LegendBox.margin, width = legend.width, height = legend.height
        guard width + 2 * margin <= plot.width, height + 2 * margin <= plot.height else { return nil }
        let corners = [
            Rect(x: plot.maxX - width - margin, y: plot.minY + margin, width: width, height: height),
            Rect(x: plot.minX + margin, y: plot.minY + margin, width: width, height: height),
            Rect(x: plot.maxX - width - margin, y: plot.maxY - height - margin, width: width, height: height),
            Rect(x: plot.minX + margin, y: plot.maxY - height - margin, width: width, height: height),
        ]
        return corners.first { marks.count(in: $0) == 0 }
    }

    /// A boxed legend in `rect`: a sample of each series' mark, then its name.
    func drawLegend(_ legend: LegendBox, in rect: Rect, on canvas: Canvas) {
        canvas.fill(rect, Palette.background, alpha: 0.88)
        canvas.strokeRect(
            rect.insetBy(left: 0.5, top: 0.5, right: 0.5, bottom: 0.5), Palette.grid.mixed(with: Palette.axis, 0.25),
            width: 1)
        canvas.setFont(size: PlotStyle.legendSize)
        let sample = LegendBox.sample
        for (row, entry) in legend.rows.enumerated() {
            let middle = rect.minY + LegendBox.inset + LegendBox.rowHeight * Double(row) + (LegendBox.rowHeight - 4) / 2
            let left = rect.minX + LegendBox.inset
            let isMore = legend.hasMore && row == legend.rows.count - 1
            if !isMore {
                switch entry.mark {
                case .line, .dashedLine:
                    canvas.polyline(
                        [Point(x: left, y: middle), Point(x: left + sample, y: middle)], entry.color,
                        width: PlotStyle.lineWidth, dashed: entry.mark == .dashedLine)
                case .dot:
                    canvas.circle(Point(x: left + sample / 2, y: middle), radius: 3.6, entry.color)
                case .patch:
                    canvas.fill(
                        Rect(x: left + 3, y: middle - 5, width: sample - 6, height: 10), entry.color, alpha: 0.85)
                }
            }
            canvas.text(
                fitted(entry.label, width: legend.labelWidth, canvas: canvas),
                at: Point(x: isMore ? left : left + sample + LegendBox.gap, y: middle),
                isMore ? Palette.axis : Palette.text, vertical: .middle)
        }
    }

    /// A vertical colour bar with ticks on its right and an optional label;
    /// `wholeNumbers` when the colours stand for counts (a confusion matrix).
    func drawColorBar(_ scale: ColorScale, in bar: Rect, label: String?, wholeNumbers: Bool = false, on canvas: Canvas)
    {
        let steps = 64
        for step in 0..<steps {
            let fraction = (Double(step) + 0.5) / Double(steps)
            let value = scale.lower + fraction * (scale.upper - scale.lower)
            let top = bar.maxY - Double(step + 1) * bar.height / Double(steps)
            // Overlap neighbours by a fraction of a pixel so no seams show between steps.
            canvas.fill(
                Rect(x: bar.x, y: top - 0.3, width: bar.width, height: bar.height / Double(steps) + 0.6),
                scale.color(value))
        }
        canvas.strokeRect(bar, Palette.axis, width: 0.8)
        let ticks = AxisTicks.linear(
            low: scale.lower, high: scale.upper, target: 6, padding: 0,
            wholeNumbers: wholeNumbers)
        canvas.setFont(size: PlotStyle.tickSize)
        var widest = 0.0
        for (value, text) in zip(ticks.values, ticks.labels) {
            let y = bar.maxY - (value - scale.lower) / (scale.upper - scale.lower) * bar.height
            guard y >= bar.minY - 0.5, y <= bar.maxY + 0.5 else { continue }
            canvas.line(from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + 3, y: y), Palette.axis, width: 0.8)
            canvas.text(text, at: Point(x: bar.maxX + 5, y: y), vertical: .middle)
            widest = max(widest, canvas.textWidth(text))
        }
        if let label, !label.isEmpty {
            canvas.setFont(size: PlotStyle.labelSize)
            canvas.text(
                fitted(label, width: bar.height, canvas: canvas),
                at: Point(x: bar.maxX + 10 + widest, y: bar.midY), horizontal: .center, vertical: .top,
                angle: Double.pi / 2)
        }
    }
}
