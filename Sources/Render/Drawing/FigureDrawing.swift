/// Draws one figure into a rectangle of a canvas. The same calls run on the SVG and
/// the PNG surface; nothing here depends on which.
struct FigureDrawing {
    let figure: Figure
    let bounds: Rect

    func draw(on canvas: Canvas) {
        var area = bounds.insetBy(
            left: PlotStyle.padding, top: PlotStyle.padding * 0.8,
            right: PlotStyle.padding, bottom: PlotStyle.padding * 0.6)
        if let title = figure.title, !title.isEmpty {
            canvas.setFont(size: PlotStyle.titleSize)
            canvas.text(
                fitted(title, width: area.width, canvas: canvas), at: Point(x: area.midX, y: area.minY),
                horizontal: .center, vertical: .top)
            area = area.insetBy(top: PlotStyle.titleSize + 9)
        }
        let note = notes().joined(separator: "; ")
        if !note.isEmpty {
            canvas.setFont(size: PlotStyle.noteSize)
            canvas.text(
                fitted(note, width: area.width, canvas: canvas), at: Point(x: area.maxX, y: area.maxY),
                Palette.axis, horizontal: .right, vertical: .bottom)
            area = area.insetBy(bottom: PlotStyle.noteSize + 6)
        }
        switch figure.content {
        case .series(let series): drawSeries(series, in: area, on: canvas)
        case .bars(let chart): drawBars(chart, in: area, on: canvas)
        case .heatmap(let heatmap): drawHeatmap(heatmap, in: area, on: canvas)
        case .images(let grid): drawImages(grid, in: area, on: canvas)
        case .parallel(let chart): drawParallel(chart, in: area, on: canvas)
        }
    }

    /// The figure's note and the renderer's own (points left out of a scatter).
    func notes() -> [String] {
        var notes: [String] = []
        if let note = figure.note, !note.isEmpty { notes.append(note) }
        if case .series(let series) = figure.content {
            let total = series.reduce(0) { count, item in
                if case .scatter(let scatter) = item { return count + min(scatter.x.count, scatter.y.count) }
                return count
            }
            if total > PlotStyle.scatterLimit {
                notes.append(
                    "showing a sample of \(NumberLabel.grouped(PlotStyle.scatterLimit)) of "
                        + "\(NumberLabel.grouped(total)) points")
            }
        }
        return notes
    }

    /// `text`, shortened with an ellipsis to fit `width` in the current font.
    func fitted(_ text: String, width: Double, canvas: Canvas) -> String {
        guard canvas.textWidth(text) > width, text.count > 1 else { return text }
        var characters = Array(text)
        while characters.count > 1, canvas.textWidth(String(characters) + "…") > width {
            characters.removeLast()
        }
        return String(characters) + "…"
    }

    /// A placeholder for a plot with nothing to show, so an empty list still draws
    /// axes-sized space with an explanation rather than failing.
    func drawEmpty(in area: Rect, on canvas: Canvas) {
        canvas.strokeRect(area.insetBy(left: 0.5, top: 0.5, right: 0.5, bottom: 0.5), Palette.grid, width: 1)
        canvas.setFont(size: PlotStyle.labelSize)
        canvas.text(
            "no data", at: Point(x: area.midX, y: area.midY), Palette.axis, horizontal: .center, vertical: .middle)
    }
}
