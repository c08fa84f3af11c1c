import Foundation

/// Parallel coordinates: a vertical axis per parameter and one for the objective, a
/// line per trial across them coloured by its objective, and a colour bar.
extension FigureDrawing {
    func drawParallel(_ chart: ParallelCoordinates, in area: Rect, on canvas: Canvas) {
        guard chart.lineCount > 0 else {
            drawEmpty(in: area, on: canvas)
            return
        }
        let layout = ParallelLayout(chart: chart, in: area, on: canvas)
        let style = ParallelLayout.lineStyle(count: chart.lineCount)
        for line in layout.order {
            let value = chart.values[line]
            let color = value.isFinite ? layout.colorScale.color(value) : Palette.missing
            let points = layout.points(ofLine: line)
            canvas.polyline(points, color, width: style.width, alpha: style.alpha)
            // A value with both neighbours missing has no segment; a dot keeps it visible.
            for (index, point) in points.enumerated() {
                guard let point, index == 0 || points[index - 1] == nil,
                    index == points.count - 1 || points[index + 1] == nil
                else { continue }
                canvas.circle(point, radius: style.width + 0.8, color, alpha: style.alpha)
            }
        }
        // Axes go over the lines, as in Plotly's and W&B's charts: a thousand lines
        // would otherwise hide them.
        for index in layout.columns.indices {
            drawParallelAxis(index, layout, objective: index == layout.columns.count - 1, on: canvas)
        }
        drawColorBar(layout.colorScale, in: layout.colorBar, label: chart.valueLabel, on: canvas)
    }

    /// One axis: its spine, ticks to the left with labels on a light halo (they sit over
    /// lines), and its name underneath; "no values" when none of its values can be shown.
    private func drawParallelAxis(_ index: Int, _ layout: ParallelLayout, objective: Bool, on canvas: Canvas) {
        let x = layout.columns[index], scale = layout.scales[index], labelWidth = layout.labelWidths[index]
        canvas.line(
            from: Point(x: x, y: layout.top), to: Point(x: x, y: layout.bottom), Palette.axis,
            width: PlotStyle.spineWidth)
        let spine = x.rounded(.down) + 0.5
        canvas.setFont(size: PlotStyle.tickSize)
        // Many categories: label every few, so names do not run into each other.
        let gap =
            scale.ticks.count > 1
            ? (layout.bottom - layout.top) * abs(scale.ticks[1].fraction - scale.ticks[0].fraction) : .infinity
        let every = max(1, Int((PlotStyle.tickSize * 1.3 / gap).rounded(.up)))
        for (number, tick) in scale.ticks.enumerated() where number % every == 0 {
            let y = layout.y(tick.fraction)
            canvas.line(
                from: Point(x: spine - PlotStyle.tickLength, y: y), to: Point(x: spine, y: y), Palette.axis,
                width: PlotStyle.spineWidth)
            let label = fitted(tick.label, width: labelWidth, canvas: canvas)
            let anchor = Point(x: spine - PlotStyle.tickLength - PlotStyle.tickPad, y: y)
            drawHalo(behind: label, at: anchor, horizontal: .right, on: canvas)
            canvas.text(label, at: anchor, horizontal: .right, vertical: .middle)
        }
        if scale.ticks.isEmpty {
            let anchor = Point(x: x, y: (layout.top + layout.bottom) / 2)
            let label = fitted("no values", width: max(labelWidth, 40), canvas: canvas)
            drawHalo(behind: label, at: anchor, horizontal: .center, on: canvas)
            canvas.text(label, at: anchor, Palette.axis, horizontal: .center, vertical: .middle)
        }

        canvas.setFont(size: PlotStyle.labelSize, bold: objective)
        let spacing = layout.columns.count > 1 ? layout.columns[1] - layout.columns[0] : bounds.width
        let name = fitted(layout.names[index], width: max(20, spacing - 8), canvas: canvas)
        let half = canvas.textWidth(name) / 2
        // Centred under the axis, but kept inside the figure at either end.
        let center = min(max(x, bounds.minX + PlotStyle.padding + half), bounds.maxX - PlotStyle.padding - half)
        canvas.text(name, at: Point(x: center, y: layout.bottom + 8), horizontal: .center, vertical: .top)
    }

    /// A translucent white box behind tick-sized text at `anchor` (vertically centred),
    /// so labels read over the lines that cross them.
    private func drawHalo(
        behind label: String, at anchor: Point, horizontal: Canvas.HorizontalAnchor,
        on canvas: Canvas
    ) {
        let width = canvas.textWidth(label)
        let left = horizontal == .left ? anchor.x : horizontal == .center ? anchor.x - width / 2 : anchor.x - width
        canvas.fill(
            Rect(
                x: left - 1.5, y: anchor.y - PlotStyle.tickSize * 0.55,
                width: width + 3, height: PlotStyle.tickSize * 1.1), Palette.background, alpha: 0.85)
    }
}
