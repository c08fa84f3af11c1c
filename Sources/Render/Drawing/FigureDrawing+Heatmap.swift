import Foundation

/// A matrix as square cells with row labels on the left, column labels below, a
/// colour bar on the right and, when the matrix is small, each value in its cell.
extension FigureDrawing {
    func drawHeatmap(_ heatmap: Heatmap, in area: Rect, on canvas: Canvas) {
        let rows = heatmap.rowCount, columns = heatmap.columnCount
        let finite = heatmap.values.joined().filter(\.isFinite)
        guard rows > 0, columns > 0, let low = finite.min(), let high = finite.max() else {
            drawEmpty(in: area, on: canvas)
            return
        }
        let scale = ColorScale.forMatrix(low: low, high: high)
        let rowLabels = (0..<rows).map { label(heatmap.rowLabels, $0) }
        let columnLabels = (0..<columns).map { label(heatmap.columnLabels, $0) }

        canvas.setFont(size: PlotStyle.tickSize)
        let rowLabelWidth = rowLabels.map(canvas.textWidth).max() ?? 0
        let columnLabelWidth = columnLabels.map(canvas.textWidth).max() ?? 0
        var left = rowLabelWidth + PlotStyle.tickLength + PlotStyle.tickPad + 2
        if figure.yLabel?.isEmpty == false { left += PlotStyle.labelSize + 8 }
        let colorBarRoom = 70.0 + (heatmap.colorBarLabel == nil ? 0 : PlotStyle.labelSize + 6)
        let available = area.insetBy(left: left, top: 4, right: colorBarRoom, bottom: 0)
        // Turn column labels when they are wider than a cell would be.
        let roughCell = min(available.width / Double(columns), (available.height - 30) / Double(rows))
        let rotated = columnLabelWidth > roughCell * 0.92
        var bottom =
            (rotated
                ? columnLabelWidth * sin(Double.pi * 35 / 180) + PlotStyle.tickSize * 0.8
                : PlotStyle.tickSize) + PlotStyle.tickLength + PlotStyle.tickPad + 4
        if figure.xLabel?.isEmpty == false { bottom += PlotStyle.labelSize + 8 }
        let cell = max(
            2,
            min(PlotStyle.heatmapMaxCell, available.width / Double(columns), (available.height - bottom) / Double(rows))
        )
        let gridWidth = cell * Double(columns), gridHeight = cell * Double(rows)
        // Centre the square grid in the room left for it.
        let plot = Rect(
            x: available.minX + (available.width - gridWidth) / 2, y: available.minY,
            width: gridWidth, height: gridHeight)
        let labelArea = Rect(
            x: plot.minX - left, y: area.minY, width: plot.maxX - plot.minX + left, height: area.height)

        let showValues =
            heatmap.showValues
            ?? (rows <= PlotStyle.heatmapValueLimit && columns <= PlotStyle.heatmapValueLimit && cell >= 18)
        let valueFont = min(PlotStyle.tickSize + 1, cell * 0.32)
        for row in 0..<rows {
            for column in 0..<columns {
                let value = column < heatmap.values[row].count ? heatmap.values[row][column] : .nan
                let rect = Rect(
                    x: plot.minX + Double(column) * cell, y: plot.minY + Double(row) * cell,
                    width: cell, height: cell)
                let color = value.isFinite ? scale.color(value) : Palette.missing
                // A hair of overlap hides antialiasing seams between cells.
                canvas.fill(rect.insetBy(left: -0.25, top: -0.25, right: -0.25, bottom: -0.25), color)
                if showValues, value.isFinite {
                    canvas.setFont(size: valueFont)
                    let ink = color.luminance < 0.5 ? Palette.background : Palette.text
                    canvas.text(
                        FigureDrawing.cellText(value), at: Point(x: rect.midX, y: rect.midY), ink,
                        horizontal: .center, vertical: .middle)
                }
            }
        }
        var xMarks = AxisMarks(positions: [], labels: [], grid: false, rotated: rotated)
        var yMarks = AxisMarks(positions: [], labels: [], grid: false)
        let xEvery = max(1, Int((PlotStyle.tickSize * 1.3 / cell).rounded(.up)))
        let columnEvery = rotated ? xEvery : max(1, Int(((columnLabelWidth + 4) / cell).rounded(.up)))
        for column in Swift.stride(from: 0, to: columns, by: columnEvery) {
            xMarks.positions.append(plot.minX + (Double(column) + 0.5) * cell)
            xMarks.labels.append(columnLabels[column])
        }
        for row in Swift.stride(from: 0, to: rows, by: max(1, Int((PlotStyle.tickSize * 1.2 / cell).rounded(.up)))) {
            yMarks.positions.append(plot.minY + (Double(row) + 0.5) * cell)
            yMarks.labels.append(rowLabels[row])
        }
        drawAxes(plot: plot, x: xMarks, y: yMarks, in: labelArea, on: canvas, spines: false)
        let bar = Rect(x: plot.maxX + 18, y: plot.minY, width: PlotStyle.colorBarWidth, height: plot.height)
        drawColorBar(scale, in: bar, label: heatmap.colorBarLabel, wholeNumbers: AxisTicks.areWhole(finite), on: canvas)
    }

    private func label(_ labels: [String]?, _ index: Int) -> String {
        guard let labels, index < labels.count else { return String(index) }
        return labels[index]
    }

    /// Whole numbers (counts) as integers, others with three significant digits.
    static func cellText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        return NumberLabel.compact(value)
    }
}
