import Testing

@testable import Render

@Suite("Text summaries")
struct SummaryTests {
    @Test(
        "each kind of figure reads as one line",
        arguments: [
            (
                Figure(content: .series([.line(LineSeries(label: "loss", y: [2.3, 1, 0.5, 0.12]))])),
                "line plot: loss (4 points, 0.12..2.3)"
            ),
            (
                Figure(yLabel: "loss", content: .series([.line(LineSeries(y: [1, .nan, 3]))])),
                "line plot: loss (3 points, 1..3)"
            ),
            (
                Figure(
                    title: "curves",
                    content: .series([
                        .line(LineSeries(label: "train", y: [1, 2])),
                        .line(LineSeries(label: "val", y: [3, 4])),
                    ])),
                "curves — line plot: train (2 points, 1..2); val (2 points, 3..4)"
            ),
            (
                Figure(
                    xLabel: "a", yLabel: "b",
                    content: .series([
                        .scatter(
                            ScatterSeries(
                                x: [1, 2, 3], y: [4, 5, 6], coloring: .categories(codes: [0, 1, 1], names: ["x", "y"])))
                    ])),
                "scatter plot: b vs a (3 points, 2 categories)"
            ),
            (
                Figure(
                    xLabel: "width", content: .series([.histogram(Histogram(values: [1, 2, 2, 3, 3, 3], bins: 3))])),
                "histogram: width (6 values, 3 bins, 1..3)"
            ),
            (
                Figure(content: .bars(BarChart(labels: ["a", "b"], values: [1500, 0.25]))),
                "bar chart: 2 bars (a: 1.5k, b: 0.25)"
            ),
            (Figure(content: .heatmap(Heatmap(values: [[1, 2], [3, 40]]))), "heatmap: 2x2, 1..40"),
            (
                Figure(
                    content: .images(
                        ImageGrid(images: [
                            ImageGrid.Image(
                                pixels: [0, 1, 1, 0], channels: 1, height: 2,
                                width: 2, caption: "7")
                        ]))),
                "images: 1 image of 2x2 (7)"
            ),
            (Figure(content: .series([])), "plot: no data"),
            (
                Figure(
                    content: .parallel(
                        ParallelCoordinates(
                            axes: [
                                ParallelAxis(name: "lr", numbers: [0.01, 0.001], scale: .log),
                                ParallelAxis(name: "optimizer", codes: [0, 1], categories: ["adam", "sgd"]),
                            ],
                            values: [0.91, 0.98], valueLabel: "val_accuracy"))),
                "parallel coordinates: 2 trials over lr, optimizer; val_accuracy 0.91..0.98"
            ),
            (
                Figure(
                    title: "sweep",
                    content: .parallel(
                        ParallelCoordinates(
                            axes: [], values: [.nan], valueLabel: "loss",
                            higherIsBetter: false))),
                "sweep — parallel coordinates: 1 trial; loss no finite values"
            ),
            (
                Figure(
                    content: .parallel(ParallelCoordinates(axes: [ParallelAxis(name: "lr", numbers: [])], values: []))),
                "parallel coordinates: no trials"
            ),
        ])
    func summary(figure: Figure, expected: String) {
        #expect(figure.summary == expected)
    }

    @Test("histograms count into equal bins, the largest value in the last")
    func histogramBins() {
        let histogram = Histogram(values: [0, 1, 2, 3, 4, .nan], bins: 2)
        #expect(histogram.edges == [0, 2, 4])
        #expect(histogram.counts == [2, 3])
        let single = Histogram(values: [5, 5], bins: 4)
        #expect(single.counts.reduce(0, +) == 2 && single.edges.first! < 5 && single.edges.last! > 5)
    }

    @Test("empty content still draws, with a note instead of axes")
    func emptyDraws() throws {
        let svg = try FigureRenderer.svg(Figure(content: .series([])))
        #expect(SVGDocument(text: svg).glyphUses == "no data".count, "cairo draws the space as a glyph too")
    }
}
