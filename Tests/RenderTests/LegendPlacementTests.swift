import Foundation
import Testing

@testable import Render

/// A legend goes where there is no data: a corner of the plot with no marks, else right
/// of the plot. Checked against the marks as drawn in the final layout.
@Suite("Legend placement")
struct LegendPlacementTests {
    static let area = Rect(x: 10, y: 10, width: 620, height: 380)

    /// The layout `figure` gets, and its marks in that layout.
    static func layout(_ figure: Figure) throws -> (layout: SeriesLayout, marks: PlotMarks) {
        guard case .series(let series) = figure.content else { throw CancellationError() }
        var result: (SeriesLayout, PlotMarks)?
        _ = try CairoSurfaces.svg(width: 640, height: 400) { canvas in
            let drawing = FigureDrawing(figure: figure, bounds: Rect(x: 0, y: 0, width: 640, height: 400))
            guard
                let layout = drawing.seriesLayout(
                    series, colors: FigureDrawing.seriesColors(series), in: area,
                    on: canvas)
            else { return }
            result = (layout, drawing.marks(of: series, frame: layout.frame))
        }
        return try #require(result)
    }

    @Test("a scatter with an empty corner keeps its legend inside, in that corner")
    func emptyCorner() throws {
        let (layout, marks) = try Self.layout(SampleFigures.scatter)
        let legend = try #require(layout.legend)
        #expect(
            layout.plot.contains(Point(x: legend.rect.minX, y: legend.rect.minY))
                && layout.plot.contains(Point(x: legend.rect.maxX, y: legend.rect.maxY)))
        #expect(marks.count(in: legend.rect) == 0)
    }

    @Test("a scatter filling every corner gets its legend right of the plot, over no point")
    func crowded() throws {
        let (layout, marks) = try Self.layout(SampleFigures.crowdedScatter)
        let legend = try #require(layout.legend)
        #expect(legend.rect.minX >= layout.plot.maxX && legend.rect.maxX <= Self.area.maxX)
        #expect(marks.count(in: legend.rect) == 0 && !marks.points.isEmpty)
        // Every name is there, with room for it.
        #expect(legend.box.rows.map(\.label) == ["setosa", "versicolor", "virginica"])
    }

    @Test("histograms as tall as the plot in every bin: the legend covers no bar")
    func tallHistograms() throws {
        let values = (0..<400).map { Double($0 % 20) }
        let figure = Figure(
            content: .series([
                .histogram(Histogram(label: "train", values: values, bins: 20)),
                .histogram(Histogram(label: "test", values: values, bins: 20)),
            ]))
        let (layout, marks) = try Self.layout(figure)
        let legend = try #require(layout.legend)
        #expect(marks.boxes.count == 40 && marks.count(in: legend.rect) == 0)
    }

    @Test("learning curves keep their legend in a corner they leave empty")
    func curves() throws {
        let (layout, marks) = try Self.layout(SampleFigures.loss)
        let legend = try #require(layout.legend)
        #expect(legend.rect.maxX <= layout.plot.maxX && marks.count(in: legend.rect) == 0)
    }

    @Test("a line counts where it passes between its points, not only at them")
    func lineBetweenPoints() {
        var marks = PlotMarks()
        marks.addLine([Point(x: 0, y: 0), Point(x: 300, y: 300), nil, Point(x: 400, y: 0)])
        #expect(marks.count(in: Rect(x: 140, y: 140, width: 20, height: 20)) > 0)
        // Not across the break.
        #expect(marks.count(in: Rect(x: 340, y: 140, width: 20, height: 20)) == 0)
    }
}
