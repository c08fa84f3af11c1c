import Foundation
import Testing

@testable import Render

/// Parallel coordinates: each axis's own scale, lines broken where a value is missing,
/// the best lines drawn last, and the SVG holding one stroked path per trial.
@Suite("Parallel coordinates")
struct ParallelCoordinatesTests {
    static let size = Figure.Size(width: 640, height: 400)

    /// The layout `chart` gets in a 640x400 figure.
    static func layout(_ chart: ParallelCoordinates) throws -> ParallelLayout {
        var result: ParallelLayout?
        _ = try CairoSurfaces.svg(width: size.width, height: size.height) { canvas in
            result = ParallelLayout(chart: chart, in: Rect(x: 10, y: 10, width: 620, height: 380), on: canvas)
        }
        return try #require(result)
    }

    /// The trials' lines in an SVG: stroked, unfilled paths at the lines' opacity, in
    /// drawing order, each as its colour and its number of points.
    static func linePaths(_ svg: String, alpha: Double) -> [(color: String, points: Int)] {
        svg.split(separator: "\n").filter { $0.contains("fill:none") && $0.contains("stroke-opacity:\(alpha);") }
            .map { line in
                let color =
                    line.range(of: "stroke:rgb(")
                    .map { String(line[$0.upperBound...].prefix { $0 != ")" }) } ?? ""
                let path = line.range(of: " d=\"").map { line[$0.upperBound...] } ?? ""
                return (color, path.filter { $0 == "M" || $0 == "L" }.count)
            }
    }

    /// Dots drawn for values whose neighbours are both missing: filled arcs at the lines' opacity.
    static func dots(_ svg: String, alpha: Double) -> Int {
        svg.split(separator: "\n").filter { $0.contains("fill-opacity:\(alpha);") && $0.contains(" C ") }.count
    }

    static func svgColor(_ color: Color) -> String {
        [color.red, color.green, color.blue].map { String(format: "%.6f%%", $0 * 100) }.joined(separator: ",")
    }

    static let threeTrials = ParallelCoordinates(
        axes: [
            ParallelAxis(name: "lr", numbers: [1e-3, 1e-2, 1e-1], scale: .log),
            ParallelAxis(name: "units", numbers: [128, .nan, 32]),
        ],
        values: [0.5, 0.7, 0.9], valueLabel: "acc")

    @Test("one path per trial, best last in the strongest colour, broken at a missing value")
    func svgLines() throws {
        let svg = try FigureRenderer.svg(Figure(content: .parallel(Self.threeTrials)))
        let alpha = ParallelLayout.lineStyle(count: 3).alpha
        let paths = Self.linePaths(svg, alpha: alpha)
        // Trial 1 has no units: lr and the objective are left alone, as two dots.
        #expect(paths.map(\.points) == [3, 3])
        #expect(Self.dots(svg, alpha: alpha) == 2)
        // Worst (0.5) first, best (0.9) last, in the dark end of viridis.
        #expect(paths.last?.color == Self.svgColor(Palette.viridis[0]))
        #expect(paths.first?.color == Self.svgColor(Palette.viridis[8]))
    }

    @Test(
        "drawing order: no objective first, then worst to best either way round",
        arguments: [
            ([0.5, 0.9, .nan, 0.7, 0.9], true, [2, 0, 3, 1, 4]),
            ([0.5, 0.9, .nan, 0.7, 0.9], false, [2, 1, 4, 3, 0]),
            ([], true, []),
        ] as [([Double], Bool, [Int])])
    func order(values: [Double], higherIsBetter: Bool, expected: [Int]) {
        #expect(ParallelLayout.drawingOrder(values, higherIsBetter: higherIsBetter) == expected)
    }

    @Test("lower is better: the lowest value gets the strongest colour")
    func lowerIsBetter() throws {
        var chart = Self.threeTrials
        chart.higherIsBetter = false
        let layout = try Self.layout(chart)
        #expect(layout.colorScale.color(0.5) == Palette.viridis[0])
        #expect(layout.colorScale.color(0.9) == Palette.viridis[8])
        #expect(layout.order == [2, 1, 0])
    }

    @Test("axes evenly spaced, the objective last, a missing value nil on its axis")
    func layoutShape() throws {
        let layout = try Self.layout(Self.threeTrials)
        #expect(layout.names == ["lr", "units", "acc"])
        #expect(layout.columns.count == 3)
        #expect(abs((layout.columns[1] - layout.columns[0]) - (layout.columns[2] - layout.columns[1])) < 1e-9)
        #expect(layout.colorBar.minX > layout.columns[2])
        let points = layout.points(ofLine: 1)
        #expect(points[0] != nil && points[1] == nil && points[2] != nil)
        // Higher values are higher up (smaller y), each axis on its own scale.
        let first = layout.points(ofLine: 0), last = layout.points(ofLine: 2)
        #expect(try #require(last[0]).y < (try #require(first[0])).y)
        #expect(try #require(last[1]).y > (try #require(first[1])).y)
        #expect(try #require(last[2]).y < (try #require(first[2])).y)
    }

    @Test("a log axis ticks at powers of ten; values that are not positive are missing")
    func logAxis() {
        let scale = ParallelAxisScale(numbers: [1e-4, 1e-3, 1e-2, 0, -1], scale: .log, lines: 5, target: 6)
        #expect(scale.ticks.map(\.label) == ["1e-4", "0.001", "0.01"])
        #expect(scale.fractions[3] == nil && scale.fractions[4] == nil)
        let low = scale.fractions[0]!, middle = scale.fractions[1]!, high = scale.fractions[2]!
        #expect(abs((middle - low) - (high - middle)) < 1e-9)
    }

    @Test("a numeric axis of whole numbers ticks at whole numbers; a short axis is missing for the rest")
    func wholeAxis() {
        let scale = ParallelAxisScale(numbers: [1, 2, 3, 4], scale: .linear, lines: 6, target: 6)
        #expect(scale.ticks.map(\.label) == ["1", "2", "3", "4"])
        #expect(scale.fractions.count == 6 && scale.fractions[4] == nil && scale.fractions[5] == nil)
        #expect(scale.fractions.compactMap { $0 }.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test("a categorical axis spreads its names evenly; unknown codes are missing")
    func categoricalAxis() {
        let scale = ParallelAxisScale(codes: [0, 2, 1, -1, 5], names: ["adam", "sgd", "rmsprop"], lines: 5)
        #expect(scale.ticks.map(\.label) == ["adam", "sgd", "rmsprop"])
        let expected: [Double?] = [1.0 / 6, 5.0 / 6, 0.5, nil, nil]
        for (actual, wanted) in zip(scale.fractions, expected) {
            #expect(actual == nil && wanted == nil || abs((actual ?? -9) - (wanted ?? 9)) < 1e-12)
        }
        #expect(ParallelAxisScale(codes: [0], names: ["only"], lines: 1).fractions == [0.5])
    }

    @Test("a constant axis puts every line halfway, with its value among the ticks")
    func constantAxis() {
        let scale = ParallelAxisScale(numbers: [0.3, 0.3, 0.3], scale: .linear, lines: 3, target: 6)
        #expect(scale.fractions.allSatisfy { abs(($0 ?? -1) - 0.5) < 1e-9 })
        #expect(scale.ticks.contains { $0.label == "0.30" || $0.label == "0.3" })
    }

    @Test("an all-missing axis has no ticks, breaks every line and says so")
    func allMissingAxis() throws {
        let scale = ParallelAxisScale(numbers: [.nan, .nan], scale: .linear, lines: 2, target: 6)
        #expect(scale.ticks.isEmpty && scale.fractions == [nil, nil])
        func chart(_ second: [Double]) -> Figure {
            Figure(
                content: .parallel(
                    ParallelCoordinates(
                        axes: [ParallelAxis(name: "a", numbers: [1, 2]), ParallelAxis(name: "b", numbers: second)],
                        values: [1, 2], valueLabel: "v")))
        }
        let missing = SVGDocument(text: try FigureRenderer.svg(chart([.nan, .nan])))
        let present = SVGDocument(text: try FigureRenderer.svg(chart([1, 2])))
        let ticks = try Self.layout(
            ParallelCoordinates(
                axes: [ParallelAxis(name: "b", numbers: [1, 2])],
                values: [1, 2])
        ).scales[0].ticks
        // The missing axis loses its tick labels' glyphs and gains "no values" (8 glyphs; the space is one too).
        let tickGlyphs = ticks.map(\.label.count).reduce(0, +)
        #expect(missing.glyphUses == present.glyphUses - tickGlyphs + "no values".count)
        // Every line is cut at b: no segment is left, only a dot on a and on the objective each.
        let alpha = ParallelLayout.lineStyle(count: 2).alpha
        #expect(Self.linePaths(missing.text, alpha: alpha).isEmpty && Self.dots(missing.text, alpha: alpha) == 4)
    }

    @Test("one trial, one parameter and none at all still draw")
    func smallCharts() throws {
        let one = ParallelCoordinates(axes: [ParallelAxis(name: "lr", numbers: [0.01])], values: [0.9])
        let layout = try Self.layout(one)
        #expect(layout.columns.count == 2 && layout.order == [0])
        #expect(layout.points(ofLine: 0).allSatisfy { $0 != nil })
        let svg = try FigureRenderer.svg(Figure(content: .parallel(one)))
        #expect(Self.linePaths(svg, alpha: ParallelLayout.lineStyle(count: 1).alpha).map(\.points) == [2])

        let objectiveOnly = try Self.layout(ParallelCoordinates(axes: [], values: [1, 2, 3]))
        #expect(objectiveOnly.columns.count == 1)
        let objectiveFigure = Figure(content: .parallel(ParallelCoordinates(axes: [], values: [1, 2, 3])))
        #expect(PNGFile(try FigureRenderer.png(objectiveFigure)) != nil)

        let empty = try FigureRenderer.svg(Figure(content: .parallel(ParallelCoordinates(axes: [], values: []))))
        #expect(SVGDocument(text: empty).glyphUses == "no data".count)
    }

    @Test("each axis has its ticks, its name below it, and the objective's label twice")
    func ticksAndNames() throws {
        let figure = SampleFigures.sweep
        guard case .parallel(let chart) = figure.content else { Issue.record("not parallel coordinates"); return }
        let svg = SVGDocument(text: try FigureRenderer.svg(Figure(content: figure.content)))
        var layout: ParallelLayout?
        let size = FigureRenderer.size(of: figure)
        _ = try CairoSurfaces.svg(width: size.width, height: size.height) { canvas in
            // The area FigureDrawing.draw leaves a figure without title or note.
            let area = Rect(x: 0, y: 0, width: size.width, height: size.height)
                .insetBy(
                    left: PlotStyle.padding, top: PlotStyle.padding * 0.8, right: PlotStyle.padding,
                    bottom: PlotStyle.padding * 0.6)
            layout = ParallelLayout(chart: chart, in: area, on: canvas)
        }
        let ticks = try #require(layout).scales.map(\.ticks.count).reduce(0, +)
        #expect(svg.tickMarks == ticks)

        var renamed = chart
        renamed.valueLabel += "_2"
        renamed.axes[0].name += "_2"
        let longer = SVGDocument(text: try FigureRenderer.svg(Figure(content: .parallel(renamed))))
        // Two more glyphs under lr, under the objective and beside the colour bar.
        #expect(longer.glyphUses - svg.glyphUses == 6)
    }

    @Test("a thousand trials render quickly into a modest SVG, thin and translucent")
    func manyTrials() throws {
        let start = Date()
        let svg = try FigureRenderer.svg(SampleFigures.bigSweep)
        let png = try FigureRenderer.png(SampleFigures.bigSweep)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(svg.utf8.count < 1_000_000 && PNGFile(png) != nil)
        let style = ParallelLayout.lineStyle(count: 1_000)
        #expect(style.width < 1 && style.alpha <= 0.5)
        // Failed trials (no objective) are drawn too, in grey.
        #expect(svg.contains("stroke:rgb(\(Self.svgColor(Palette.missing)));stroke-opacity:\(style.alpha)"))
    }

    @Test("the figure widens with its axes, up to a limit")
    func width() {
        func width(_ count: Int) -> Double {
            FigureRenderer.size(
                of: Figure(
                    content: .parallel(
                        ParallelCoordinates(
                            axes: (0..<count).map { ParallelAxis(name: "p\($0)", numbers: [1]) }, values: [1])))
            ).width
        }
        #expect(width(1) == PlotStyle.defaultSize.width && width(6) > width(5))
        #expect(width(40) == PlotStyle.parallelMaxWidth)
    }
}
