import Foundation

/// Where a parallel-coordinates chart's parts go: a column and a scale per axis (the
/// parameters, then the objective), the band the lines run in, the order they are
/// drawn in, and the colour bar.
struct ParallelLayout {
    /// Each axis's x, evenly spaced, left to right; the objective's is last.
    var columns: [Double]
    var scales: [ParallelAxisScale]
    var names: [String]
    /// Fraction 1 of every axis is at `top`, fraction 0 at `bottom`.
    var top: Double
    var bottom: Double
    /// How wide an axis's tick labels and name may be before they are cut.
    var labelWidths: [Double]
    var colorScale: ColorScale
    var colorBar: Rect
    /// Line indices in drawing order: those without an objective first, then worst to
    /// best, so the best lines end up on top.
    var order: [Int]

    /// Room right of the last axis for the colour bar, its tick labels and its label.
    static let colorBarRoom = 24 + PlotStyle.colorBarWidth + 40 + PlotStyle.labelSize + 8
    /// Category names and tick labels are cut beyond this, so one long name cannot
    /// squeeze every axis.
    static let labelLimit = 110.0

    init(chart: ParallelCoordinates, in area: Rect, on canvas: Canvas) {
        let lines = chart.lineCount
        // Half a label above the top tick; a row of axis names below the bottom.
        top = area.minY + PlotStyle.tickSize * 0.6 + 2
        bottom = area.maxY - PlotStyle.labelSize - 10
        let target = max(3, min(8, Int((bottom - top) / 50)))
        scales =
            chart.axes.map { ParallelAxisScale($0, lines: lines, target: target) }
            + [ParallelAxisScale(numbers: chart.values, scale: .linear, lines: lines, target: target)]
        names = chart.axes.map(\.name) + [chart.valueLabel]

        // The first axis's tick labels sit in the left margin; the others' between axes.
        canvas.setFont(size: PlotStyle.tickSize)
        let firstLabels = scales[0].ticks.map { min(ParallelLayout.labelLimit, canvas.textWidth($0.label)) }.max() ?? 0
        let left = area.minX + max(firstLabels + PlotStyle.tickLength + PlotStyle.tickPad + 2, 12)
        let right = area.maxX - ParallelLayout.colorBarRoom
        let count = scales.count
        if count == 1 {
            columns = [(left + right) / 2]
        } else {
            let spacing = (right - left) / Double(count - 1)
            columns = (0..<count).map { left + spacing * Double($0) }
        }
        let spacing = count == 1 ? right - left : columns[1] - columns[0]
        labelWidths = (0..<count).map { index in
            index == 0
                ? left - area.minX - PlotStyle.tickLength - PlotStyle.tickPad - 2
                : min(ParallelLayout.labelLimit, spacing - PlotStyle.tickLength - PlotStyle.tickPad - 10)
        }

        let finite = chart.values.filter(\.isFinite)
        colorScale = ColorScale.forObjective(
            low: finite.min() ?? 0, high: finite.max() ?? 1,
            higherIsBetter: chart.higherIsBetter,
            fallback: scales[count - 1].range ?? 0...1)
        colorBar = Rect(x: columns[count - 1] + 24, y: top, width: PlotStyle.colorBarWidth, height: bottom - top)
        order = ParallelLayout.drawingOrder(chart.values, higherIsBetter: chart.higherIsBetter)
    }

    /// Lines without an objective (failed trials), then worst to best; ties keep their
    /// order, so the picture does not change between renders.
    static func drawingOrder(_ values: [Double], higherIsBetter: Bool) -> [Int] {
        let missing = values.indices.filter { !values[$0].isFinite }
        let ranked = values.indices.filter { values[$0].isFinite }.sorted { a, b in
            guard values[a] != values[b] else { return a < b }
            return higherIsBetter ? values[a] < values[b] : values[a] > values[b]
        }
        return missing + ranked
    }

    func y(_ fraction: Double) -> Double { bottom - fraction * (bottom - top) }

    /// A line's point on each axis; nil where its value is missing.
    func points(ofLine line: Int) -> [Point?] {
        zip(columns, scales).map { x, scale in scale.fractions[line].map { Point(x: x, y: y($0)) } }
    }

    /// The width and opacity of lines: thinner and fainter as they grow many, so a
    /// thousand trials still show where they crowd and where the best ones run.
    static func lineStyle(count: Int) -> (width: Double, alpha: Double) {
        count <= 60 ? (1.5, 0.85) : count <= 250 ? (1.1, 0.6) : (0.8, 0.4)
    }
}
