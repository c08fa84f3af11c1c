import Foundation

/// The plotting rectangle of numeric axes and the mapping from data to CSS pixels.
struct AxesFrame {
    var plot: Rect
    var x: AxisTicks
    var y: AxisTicks

    /// The pixel column of `value`, or nil when it cannot be shown (not finite, or
    /// not positive on a log axis).
    func px(_ value: Double) -> Double? {
        guard value.isFinite, x.scale == .linear || value > 0 else { return nil }
        return plot.minX + x.fraction(of: value) * plot.width
    }

    func py(_ value: Double) -> Double? {
        guard value.isFinite, y.scale == .linear || value > 0 else { return nil }
        return plot.maxY - y.fraction(of: value) * plot.height
    }

    func point(_ xValue: Double, _ yValue: Double) -> Point? {
        guard let px = px(xValue), let py = py(yValue) else { return nil }
        return Point(x: px, y: py)
    }
}

/// Tick positions (in pixels) and their labels along one side of a plot.
struct AxisMarks {
    var positions: [Double]
    var labels: [String]
    /// Light grid lines across the plot at each tick.
    var grid: Bool = true
    /// Labels turned 35 degrees (long category names under bars).
    var rotated: Bool = false
}

extension FigureDrawing {
    /// The rectangle left for the data once tick labels, axis labels and `right`
    /// (a legend or colour bar) have their room.
    func plotRect(
        in area: Rect, yLabels: [String], xLabels: [String], xRotated: Bool, right: Double,
        on canvas: Canvas
    ) -> Rect {
        canvas.setFont(size: PlotStyle.tickSize)
        let yLabelWidth = yLabels.map(canvas.textWidth).max() ?? 0
        let xLabelWidth = xLabels.map(canvas.textWidth).max() ?? 0
        let tickText = PlotStyle.tickSize * 0.95
        let xTickHeight = xRotated ? xLabelWidth * sin(Double.pi * 35 / 180) + tickText * 0.8 : tickText
        var left = yLabelWidth + PlotStyle.tickLength + PlotStyle.tickPad + 2
        var bottom = xTickHeight + PlotStyle.tickLength + PlotStyle.tickPad + 2
        if figure.yLabel?.isEmpty == false { left += PlotStyle.labelSize + 8 }
        if figure.xLabel?.isEmpty == false { bottom += PlotStyle.labelSize + 8 }
        // Room for half of the last x tick label, which is centred on the right edge.
        let lastHalf = xRotated ? 4 : (xLabels.last.map(canvas.textWidth) ?? 0) / 2
        return area.insetBy(left: left, top: 4, right: max(6, lastHalf) + right, bottom: bottom)
    }

    /// Grid, left and bottom spines, outward ticks, tick labels and axis labels.
    func drawAxes(plot: Rect, x: AxisMarks, y: AxisMarks, in area: Rect, on canvas: Canvas, spines: Bool = true) {
        if y.grid {
            for position in y.positions {
                canvas.line(
                    from: Point(x: plot.minX, y: position), to: Point(x: plot.maxX, y: position), Palette.grid, width: 1
                )
            }
        }
        if x.grid {
            for position in x.positions {
                canvas.line(
                    from: Point(x: position, y: plot.minY), to: Point(x: position, y: plot.maxY), Palette.grid, width: 1
                )
            }
        }
        if spines {
            canvas.line(
                from: Point(x: plot.minX, y: plot.minY), to: Point(x: plot.minX, y: plot.maxY), Palette.axis,
                width: PlotStyle.spineWidth)
            canvas.line(
                from: Point(x: plot.minX, y: plot.maxY), to: Point(x: plot.maxX, y: plot.maxY), Palette.axis,
                width: PlotStyle.spineWidth)
        }

        canvas.setFont(size: PlotStyle.tickSize)
        let left = plot.minX.rounded(.down) + 0.5, bottom = plot.maxY.rounded(.down) + 0.5
        for (position, label) in zip(y.positions, y.labels) {
            canvas.line(
                from: Point(x: left - PlotStyle.tickLength, y: position), to: Point(x: left, y: position),
                Palette.axis, width: PlotStyle.spineWidth)
            canvas.text(
                label, at: Point(x: left - PlotStyle.tickLength - PlotStyle.tickPad, y: position),
                horizontal: .right, vertical: .middle)
        }
        var labelsBottom = bottom + PlotStyle.tickLength + PlotStyle.tickPad + PlotStyle.tickSize
        for (position, label) in zip(x.positions, x.labels) {
            canvas.line(
                from: Point(x: position, y: bottom), to: Point(x: position, y: bottom + PlotStyle.tickLength),
                Palette.axis, width: PlotStyle.spineWidth)
            let anchor = Point(x: position, y: bottom + PlotStyle.tickLength + PlotStyle.tickPad)
            if x.rotated {
                canvas.text(
                    label, at: Point(x: anchor.x + 3, y: anchor.y + 2), horizontal: .right, vertical: .top,
                    angle: Double.pi * 35 / 180)
                let drop = canvas.textWidth(label) * sin(Double.pi * 35 / 180) + PlotStyle.tickSize
                labelsBottom = max(labelsBottom, anchor.y + drop)
            } else {
                canvas.text(label, at: anchor, horizontal: .center, vertical: .top)
            }
        }

        canvas.setFont(size: PlotStyle.labelSize)
        if let label = figure.xLabel, !label.isEmpty {
            canvas.text(
                fitted(label, width: plot.width, canvas: canvas),
                at: Point(x: plot.midX, y: labelsBottom + 6), horizontal: .center, vertical: .top)
        }
        if let label = figure.yLabel, !label.isEmpty {
            canvas.text(
                fitted(label, width: plot.height, canvas: canvas),
                at: Point(x: area.minX, y: plot.midY), horizontal: .center, vertical: .top, angle: Double.pi / 2)
        }
    }

    /// Marks for numeric ticks: pixel positions and their labels.
    static func marks(_ ticks: AxisTicks, along map: (Double) -> Double?) -> AxisMarks {
        var positions: [Double] = [], labels: [String] = []
        for (value, label) in zip(ticks.values, ticks.labels) {
            guard let position = map(value) else { continue }
            positions.append(position)
            labels.append(typographicMinus(label))
        }
        return AxisMarks(positions: positions, labels: labels)
    }

    /// `label` with a typographic minus, as matplotlib draws it: a hyphen looks too short.
    static func typographicMinus(_ label: String) -> String {
        label.hasPrefix("-") ? "\u{2212}" + label.dropFirst() : label
    }
}
