import Foundation

/// Turns figures into what a notebook shows: an SVG (self-contained, text as glyph
/// outlines), a PNG at twice the size for sharp screens, and a one-line-per-plot text
/// summary. Each figure is drawn once per surface by the same drawing code.
public enum FigureRenderer {
    /// Device pixels per CSS pixel in the PNG.
    public static let pngScale = 2.0

    /// The figure as an `image/svg+xml`, `image/png` (base64) and `text/plain`
    /// bundle; the PNG's metadata gives its CSS size so front ends show it at 1x.
    public static func render(_ figure: Figure) throws(RenderError) -> MimeBundle {
        try render(panels: [figure], columns: 1, title: nil)
    }

    /// Several figures side by side (`columns` per row) under an optional overall
    /// title, as one image: a run's loss and accuracy curves.
    public static func render(panels: [Figure], columns: Int? = nil, title: String? = nil) throws(RenderError)
        -> MimeBundle
    {
        let sheet = Sheet(panels: panels, columns: columns, title: title)
        let svg = try CairoSurfaces.svg(width: sheet.width, height: sheet.height, draw: sheet.draw)
        let png = try CairoSurfaces.png(width: sheet.width, height: sheet.height, scale: pngScale, draw: sheet.draw)
        var summary = panels.map(\.summary).joined(separator: "\n")
        if let title, !title.isEmpty { summary = title + "\n" + summary }
        return MimeBundle(
            plain: summary,
            extra: [
                "image/svg+xml": String(decoding: svg, as: UTF8.self),
                "image/png": Data(png).base64EncodedString(),
            ],
            metadata: ["image/png": ["width": sheet.width, "height": sheet.height]])
    }

    /// The SVG document alone (for tests and files).
    public static func svg(_ figure: Figure) throws(RenderError) -> String {
        let sheet = Sheet(panels: [figure], columns: 1, title: nil)
        return String(
            decoding: try CairoSurfaces.svg(width: sheet.width, height: sheet.height, draw: sheet.draw),
            as: UTF8.self)
    }

    /// Several figures side by side as an SVG document alone (web pages, which need no
    /// PNG fallback).
    public static func svg(panels: [Figure], columns: Int? = nil, title: String? = nil) throws(RenderError) -> String {
        let sheet = Sheet(panels: panels, columns: columns, title: title)
        return String(
            decoding: try CairoSurfaces.svg(width: sheet.width, height: sheet.height, draw: sheet.draw),
            as: UTF8.self)
    }

    /// The PNG file's bytes alone (for tests and files).
    public static func png(_ figure: Figure) throws(RenderError) -> [UInt8] {
        let sheet = Sheet(panels: [figure], columns: 1, title: nil)
        return try CairoSurfaces.png(width: sheet.width, height: sheet.height, scale: pngScale, draw: sheet.draw)
    }

    /// The CSS size a figure is drawn at: its own, or one that suits its content.
    public static func size(of figure: Figure, panel: Bool = false) -> Figure.Size {
        if let size = figure.size { return size }
        switch figure.content {
        case .series, .bars: return panel ? PlotStyle.panelSize : PlotStyle.defaultSize
        case .heatmap(let heatmap):
            if panel { return PlotStyle.panelSize }
            // Shrink around small matrices: room for labels, the colour bar and capped cells.
            var height = Double(heatmap.rowCount) * PlotStyle.heatmapMaxCell + 50
            if figure.xLabel?.isEmpty == false { height += PlotStyle.labelSize + 8 }
            if figure.title?.isEmpty == false { height += PlotStyle.titleSize + 9 }
            let width = Double(heatmap.columnCount) * PlotStyle.heatmapMaxCell + 260
            return Figure.Size(
                width: min(PlotStyle.heatmapSize.width, width),
                height: min(PlotStyle.heatmapSize.height, height))
        case .parallel(let chart):
            if panel { return PlotStyle.panelSize }
            // About a hundred pixels between axes, so a wide sweep keeps its names legible.
            let width = 100 * Double(chart.axes.count + 1) + 180
            return Figure.Size(
                width: min(PlotStyle.parallelMaxWidth, max(PlotStyle.defaultSize.width, width)),
                height: PlotStyle.defaultSize.height)
        case .images(let grid):
            let width = panel ? PlotStyle.panelSize.width : PlotStyle.defaultSize.width
            let layout = ImageGridLayout(grid: grid, width: width - 2 * PlotStyle.padding)
            var height = layout.height + PlotStyle.padding * 1.4 + 4
            if figure.title?.isEmpty == false { height += PlotStyle.titleSize + 9 }
            if figure.note?.isEmpty == false { height += PlotStyle.noteSize + 6 }
            return Figure.Size(width: width, height: height.rounded(.up))
        }
    }

    /// Panels laid out in a grid; the unit both surfaces draw.
    struct Sheet {
        var panels: [Figure]
        var columns: Int
        var title: String?
        var cells: [Figure.Size]
        var cellWidth: Double
        var cellHeight: Double
        var titleHeight: Double

        init(panels: [Figure], columns: Int?, title: String?) {
            self.panels = panels
            self.columns = max(1, min(panels.count, columns ?? min(3, panels.count)))
            self.title = title
            let several = panels.count > 1
            cells = panels.map { FigureRenderer.size(of: $0, panel: several) }
            cellWidth = cells.map(\.width).max() ?? PlotStyle.defaultSize.width
            cellHeight = cells.map(\.height).max() ?? PlotStyle.defaultSize.height
            titleHeight = title?.isEmpty == false ? PlotStyle.titleSize + 14 : 0
        }

        var rows: Int { max(1, (panels.count + columns - 1) / columns) }
        var width: Double { cellWidth * Double(columns) }
        var height: Double { titleHeight + cellHeight * Double(rows) }

        func draw(_ canvas: Canvas) {
            // Opaque white reads the same in light and dark notebook themes.
            canvas.fill(Rect(x: 0, y: 0, width: width, height: height), Palette.background)
            if let title, !title.isEmpty {
                canvas.setFont(size: PlotStyle.titleSize + 1, bold: true)
                canvas.text(title, at: Point(x: width / 2, y: PlotStyle.padding), horizontal: .center, vertical: .top)
            }
            for (index, panel) in panels.enumerated() {
                let column = index % columns, row = index / columns
                let bounds = Rect(
                    x: Double(column) * cellWidth, y: titleHeight + Double(row) * cellHeight,
                    width: cells[index].width, height: cells[index].height)
                FigureDrawing(figure: panel, bounds: bounds).draw(on: canvas)
            }
            if panels.isEmpty {
                FigureDrawing(
                    figure: Figure(content: .series([])),
                    bounds: Rect(
                        x: 0, y: titleHeight, width: width,
                        height: height - titleHeight)
                ).draw(on: canvas)
            }
        }
    }
}
