import Foundation

/// One line of a legend: a sample of how the series is drawn, then its name.
struct LegendEntry: Equatable {
    enum Mark: Equatable { case line, dashedLine, dot, patch }
    var label: String
    var color: Color
    var mark: Mark
}

extension FigureDrawing {
    /// A boxed legend inside the plot, in the corner that covers the fewest drawn
    /// points (matplotlib's "best"), upper right when there is a tie.
    func drawLegend(_ entries: [LegendEntry], in plot: Rect, avoiding drawn: [Point], on canvas: Canvas) {
        var shown = Array(entries.prefix(PlotStyle.legendLimit))
        let hidden = entries.count - shown.count
        canvas.setFont(size: PlotStyle.legendSize)
        let rowHeight = PlotStyle.legendSize + 5
        let sample = 20.0, gap = 6.0, inset = 7.0
        var maxLabel = min(plot.width * 0.45, shown.map { canvas.textWidth($0.label) }.max() ?? 0)
        if hidden > 0 {
            let more = "+ \(hidden) more"
            maxLabel = max(maxLabel, canvas.textWidth(more))
            shown.append(LegendEntry(label: more, color: Palette.axis, mark: .patch))
        }
        let width = inset * 2 + sample + gap + maxLabel
        let height = inset * 2 + rowHeight * Double(shown.count) - 4
        let margin = 8.0
        let candidates = [
            Rect(x: plot.maxX - width - margin, y: plot.minY + margin, width: width, height: height),
            Rect(x: plot.minX + margin, y: plot.minY + margin, width: width, height: height),
            Rect(x: plot.maxX - width - margin, y: plot.maxY - height - margin, width: width, height: height),
            Rect(x: plot.minX + margin, y: plot.maxY - height - margin, width: width, height: height),
        ]
        // A sample of the drawn points is enough to tell crowded corners from empty ones.
        let stride = max(1, drawn.count / 4_000)
        var best = candidates[0], bestScore = Int.max
        for candidate in candidates {
            let padded = candidate.insetBy(left: -4, top: -4, right: -4, bottom: -4)
            var score = 0
            for index in Swift.stride(from: 0, to: drawn.count, by: stride) where padded.contains(drawn[index]) { score += 1 }
            if score < bestScore { best = candidate; bestScore = score }
        }
        canvas.fill(best, Palette.background, alpha: 0.88)
        canvas.strokeRect(best.insetBy(left: 0.5, top: 0.5, right: 0.5, bottom: 0.5), Palette.grid.mixed(with: Palette.axis, 0.25), width: 1)
        for (row, entry) in shown.enumerated() {
            let middle = best.minY + inset + rowHeight * Double(row) + (rowHeight - 4) / 2
            let left = best.minX + inset
            let isMore = hidden > 0 && row == shown.count - 1
            if !isMore {
                switch entry.mark {
                case .line, .dashedLine:
                    canvas.polyline([Point(x: left, y: middle), Point(x: left + sample, y: middle)], entry.color,
                                    width: PlotStyle.lineWidth, dashed: entry.mark == .dashedLine)
                case .dot:
                    canvas.circle(Point(x: left + sample / 2, y: middle), radius: 3.6, entry.color)
                case .patch:
                    canvas.fill(Rect(x: left + 3, y: middle - 5, width: sample - 6, height: 10), entry.color, alpha: 0.85)
                }
            }
            canvas.text(fitted(entry.label, width: maxLabel, canvas: canvas),
                        at: Point(x: isMore ? left : left + sample + gap, y: middle), isMore ? Palette.axis : Palette.text,
                        vertical: .middle)
        }
    }

    /// A vertical colour bar with ticks on its right and an optional label;
    /// `wholeNumbers` when the colours stand for counts (a confusion matrix).
    func drawColorBar(_ scale: ColorScale, in bar: Rect, label: String?, wholeNumbers: Bool = false, on canvas: Canvas) {
        let steps = 64
        for step in 0..<steps {
            let fraction = (Double(step) + 0.5) / Double(steps)
            let value = scale.lower + fraction * (scale.upper - scale.lower)
            let top = bar.maxY - Double(step + 1) * bar.height / Double(steps)
            // Overlap neighbours by a fraction of a pixel so no seams show between steps.
            canvas.fill(Rect(x: bar.x, y: top - 0.3, width: bar.width, height: bar.height / Double(steps) + 0.6),
                        scale.color(value))
        }
        canvas.strokeRect(bar, Palette.axis, width: 0.8)
        let ticks = AxisTicks.linear(low: scale.lower, high: scale.upper, target: 6, padding: 0,
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
            canvas.text(fitted(label, width: bar.height, canvas: canvas),
                        at: Point(x: bar.maxX + 10 + widest, y: bar.midY), horizontal: .center, vertical: .top,
                        angle: Double.pi / 2)
        }
    }
}
