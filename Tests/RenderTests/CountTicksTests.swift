import Foundation
import Testing

@testable import Render

/// Counts come whole, so an axis showing them never ticks at 0.5 or 1.5: histogram
/// heights, bars of counts per category and a confusion matrix's colour bar.
@Suite("Whole-number ticks for counts")
struct CountTicksTests {
    static let area = Rect(x: 0, y: 0, width: 620, height: 380)

    @Test("whole data get steps of at least 1; other data keep finer ones")
    func wholeSteps() {
        let counts = AxisTicks.linear(low: 0, high: 3, includeZero: true, wholeNumbers: true)
        #expect(counts.values == [0, 1, 2, 3] && counts.labels == ["0", "1", "2", "3"])
        // The same range as measurements ticks at halves (what counts used to get).
        #expect(AxisTicks.linear(low: 0, high: 3, includeZero: true).values.contains(0.5))
        let flat = AxisTicks.linear(low: 3, high: 3, wholeNumbers: true)
        #expect(flat.values.count >= 3 && flat.values.contains(3) && flat.values.allSatisfy { $0 == $0.rounded() })
        let log = AxisTicks.logarithmic(low: 1, high: 3, wholeNumbers: true)
        #expect(!log.values.isEmpty && log.values.allSatisfy { $0 == $0.rounded() })
    }

    @Test(
        "which data are whole",
        arguments: [
            ([0, 1, 2, 3], true), ([1, 2.5], false), ([4, .nan, 6], true), ([], false), ([Double.nan], false),
        ] as [([Double], Bool)])
    func whole(values: [Double], expected: Bool) {
        #expect(AxisTicks.areWhole(values) == expected)
    }

    @Test("a histogram's count axis ticks at whole numbers")
    func histogram() throws {
        let histogram = Histogram(values: [1, 2, 2, 3, 3, 3.5], bins: 3)
        #expect(histogram.counts == [1, 2, 3])
        let figure = Figure(yLabel: "count", content: .series([.histogram(histogram)]))
        let ticks = try #require(
            FigureDrawing(figure: figure, bounds: Self.area)
                .seriesTicks([.histogram(histogram)], in: Self.area))
        #expect(ticks.y.values == [0, 1, 2, 3] && ticks.y.labels == ["0", "1", "2", "3"])
    }

    @Test("bars of whole values (counts per category) tick at whole numbers; fractional bars need not")
    func bars() throws {
        let counts = BarChart(labels: ["setosa", "versicolor"], values: [1, 3])
        let ticks = try #require(
            FigureDrawing(figure: Figure(content: .bars(counts)), bounds: Self.area)
                .barTicks(counts, in: Self.area))
        #expect(ticks.values == [0, 1, 2, 3])
        let shares = BarChart(labels: ["a", "b"], values: [0.5, 1.5])
        let fine = try #require(
            FigureDrawing(figure: Figure(content: .bars(shares)), bounds: Self.area)
                .barTicks(shares, in: Self.area))
        #expect(fine.values.contains(0.5))
    }

    @Test("a confusion matrix's colour bar ticks at whole counts")
    func confusionColorBar() throws {
        let figure = Figure(
            content: .heatmap(
                Heatmap(
                    values: [[3, 0], [1, 2]], rowLabels: ["a", "b"],
                    columnLabels: ["a", "b"], colorBarLabel: "count")))
        let svg = SVGDocument(text: try FigureRenderer.svg(figure))
        // 0, 1, 2 and 3 (halves would make 7).
        #expect(svg.axisSegments(length: 3) == 4)
    }
}
