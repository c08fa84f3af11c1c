import Foundation
import Testing

@testable import Render

/// What a test needs to know about an SVG document Cairo wrote.
struct SVGDocument {
    let text: String

    /// Glyphs drawn: Cairo writes each character of text as a `<use>` of a glyph symbol.
    var glyphUses: Int { text.components(separatedBy: "<use ").count - 1 }

    /// Axis-coloured straight segments as long as a tick mark.
    var tickMarks: Int { axisSegments(length: PlotStyle.tickLength) }

    /// Axis-coloured straight segments `length` long (a colour bar's ticks are 3).
    func axisSegments(length wanted: Double) -> Int {
        var count = 0
        for line in text.split(separator: "\n") where line.contains("stroke:rgb(30.196078%,30.196078%,30.196078%)") {
            guard let range = line.range(of: " d=\"M ") else { continue }
            let numbers = line[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "\"" || $0 == "L" })
                .compactMap { Double($0) }
            guard numbers.count == 4 else { continue }
            let length = abs(numbers[2] - numbers[0]) + abs(numbers[3] - numbers[1])
            if abs(length - wanted) < 0.01 { count += 1 }
        }
        return count
    }

    /// The `width`/`height` attributes of the root element.
    var size: (width: String, height: String)? {
        guard let open = text.range(of: "<svg ") else { return nil }
        let tag = text[open.upperBound...].prefix { $0 != ">" }
        func attribute(_ name: String) -> String? {
            guard let start = tag.range(of: " \(name)=\"") else { return nil }
            return String(tag[start.upperBound...].prefix { $0 != "\"" })
        }
        guard let width = attribute("width"), let height = attribute("height") else { return nil }
        return (width, height)
    }
}

@Suite("SVG structure")
struct SVGStructureTests {
    @Test("ten points: 5 x ticks and 4 y ticks, each labelled with one glyph")
    func tenPointAxes() throws {
        let svg = SVGDocument(text: try FigureRenderer.svg(SampleFigures.tenPoints))
        #expect(svg.text.hasPrefix("<?xml"))
        #expect(svg.size?.width == "640px" && svg.size?.height == "400px")
        #expect(svg.tickMarks == 9)
        // Tick labels 0 2 4 6 8 and 2 4 6 8, no title, axis labels or legend.
        #expect(svg.glyphUses == 9)
        // The opaque white background comes first, so dark themes show the same plot.
        #expect(
            svg.text.contains("<rect x=\"0\" y=\"0\" width=\"640\" height=\"400\" style=\"fill:rgb(100%,100%,100%)"))
    }

    @Test(
        "a legend adds exactly its labels' glyphs",
        arguments: [["train", "val"], ["setosa", "versicolor", "virginica"]])
    func legendGlyphs(labels: [String]) throws {
        func figure(labelled: Bool) -> Figure {
            Figure(
                content: .series(
                    labels.enumerated().map { index, label in
                        .line(LineSeries(label: labelled ? label : nil, y: [1, 2, 3].map { $0 * Double(index + 1) }))
                    }))
        }
        let with = SVGDocument(text: try FigureRenderer.svg(figure(labelled: true)))
        let without = SVGDocument(text: try FigureRenderer.svg(figure(labelled: false)))
        #expect(with.glyphUses - without.glyphUses == labels.joined().count)
        #expect(with.tickMarks == without.tickMarks)
    }

    @Test("title and axis labels are drawn as glyphs")
    func titleAndLabels() throws {
        var figure = SampleFigures.tenPoints
        let bare = SVGDocument(text: try FigureRenderer.svg(figure)).glyphUses
        figure.title = "Loss"
        figure.xLabel = "epoch"
        figure.yLabel = "value"
        #expect(SVGDocument(text: try FigureRenderer.svg(figure)).glyphUses == bare + 4 + 5 + 5)
    }

    @Test(
        "every sample is self-contained: no scripts, no foreignObject, no external references",
        arguments: SampleFigures.all.map(\.name))
    func selfContained(name: String) throws {
        let figure = SampleFigures.all.first { $0.name == name }!.figure
        let text = try FigureRenderer.svg(figure)
        #expect(!text.contains("<script"))
        #expect(!text.lowercased().contains("foreignobject"))
        #expect(
            !text.contains("http://")
                || !text.replacingOccurrences(of: "http://www.w3.org/", with: "").contains("http://"))
        #expect(!text.contains("<text"), "text must be glyph outlines, not fonts the viewer may lack")
        #expect(text.contains("<use "))
    }

    @Test("the confusion matrix writes a value in each of its 100 cells")
    func heatmapValues() throws {
        let figure = SampleFigures.confusion
        guard case .heatmap(let heatmap) = figure.content else { Issue.record("not a heatmap"); return }
        let cellGlyphs = heatmap.values.joined().map { FigureDrawing.cellText($0).count }.reduce(0, +)
        var bare = heatmap
        bare.showValues = false
        let without = try FigureRenderer.svg(
            Figure(
                title: figure.title, xLabel: figure.xLabel, yLabel: figure.yLabel,
                content: .heatmap(bare)))
        let with = try FigureRenderer.svg(figure)
        #expect(SVGDocument(text: with).glyphUses - SVGDocument(text: without).glyphUses == cellGlyphs)
    }

    @Test("100,000 points make a small SVG: lines downsampled, scatters capped with a note")
    func largeInputs() throws {
        let line = try FigureRenderer.svg(SampleFigures.longLine)
        #expect(line.utf8.count < 400_000)
        let scatter = try FigureRenderer.svg(SampleFigures.bigScatter)
        #expect(scatter.utf8.count < 2_500_000)
        let drawing = FigureDrawing(figure: SampleFigures.bigScatter, bounds: Rect(x: 0, y: 0, width: 640, height: 400))
        #expect(drawing.notes() == ["showing a sample of 5,000 of 100,000 points"])
    }
}
