import CCairo

/// The few drawing operations plots need, over one Cairo context. The same drawing
/// code runs against an SVG surface and a PNG image surface, so both outputs are the
/// same picture; coordinates are CSS pixels with y growing downwards.
final class Canvas {
    let context: OpaquePointer
    let width: Double
    let height: Double

    /// Where a text's anchor point sits horizontally.
    enum HorizontalAnchor { case left, center, right }
    /// Where a text's anchor point sits vertically: the top of capitals, the middle
    /// of lower-case letters, or the baseline.
    enum VerticalAnchor { case top, middle, baseline, bottom }

    static let fontFamily = "DejaVu Sans"

    /// Wraps `context` (which the caller owns) with `scale` from CSS pixels to
    /// surface units (2 for the PNG).
    init(context: OpaquePointer, width: Double, height: Double, scale: Double) {
        self.context = context
        self.width = width
        self.height = height
        cairo_scale(context, scale, scale)
        // Unhinted metrics make text measure the same on both surfaces, so the SVG
        // and the PNG lay out identically.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(context, options)
        cairo_font_options_destroy(options)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT)
        setFont(size: 11)
    }

    func setColor(_ color: Color, alpha: Double = 1) {
        if alpha >= 1 {
            cairo_set_source_rgb(context, color.red, color.green, color.blue)
        } else {
            cairo_set_source_rgba(context, color.red, color.green, color.blue, alpha)
        }
    }

    func setFont(size: Double, bold: Bool = false) {
        cairo_select_font_face(
            context, Canvas.fontFamily, CAIRO_FONT_SLANT_NORMAL,
            bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    func fill(_ rect: Rect, _ color: Color, alpha: Double = 1) {
        setColor(color, alpha: alpha)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(context)
    }

    func strokeRect(_ rect: Rect, _ color: Color, width: Double) {
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_stroke(context)
    }

    /// A straight segment; `crisp` snaps it to the pixel grid so 1-px rules stay sharp.
    func line(from start: Point, to end: Point, _ color: Color, width: Double, crisp: Bool = true) {
        setColor(color)
        cairo_set_line_width(context, width)
        var a = start, b = end
        if crisp {
            let offset = width.truncatingRemainder(dividingBy: 2) == 1 ? 0.5 : 0
            if a.x == b.x { a.x = a.x.rounded(.down) + offset; b.x = a.x }
            if a.y == b.y { a.y = a.y.rounded(.down) + offset; b.y = a.y }
        }
        cairo_move_to(context, a.x, a.y)
        cairo_line_to(context, b.x, b.y)
        cairo_stroke(context)
    }

    /// A polyline; a nil point lifts the pen (a gap in the data).
    func polyline(_ points: [Point?], _ color: Color, width: Double, dashed: Bool = false, alpha: Double = 1) {
        setColor(color, alpha: alpha)
        cairo_set_line_width(context, width)
        if dashed {
            var pattern: [Double] = [5, 3]
            cairo_set_dash(context, &pattern, 2, 0)
        }
        var penDown = false
        for point in points {
            guard let point else { penDown = false; continue }
            if penDown { cairo_line_to(context, point.x, point.y) } else { cairo_move_to(context, point.x, point.y) }
            penDown = true
        }
        cairo_stroke(context)
        if dashed { cairo_set_dash(context, nil, 0, 0) }
    }

    func circle(_ center: Point, radius: Double, _ color: Color, alpha: Double = 1) {
        setColor(color, alpha: alpha)
        cairo_new_sub_path(context)
        cairo_arc(context, center.x, center.y, radius, 0, 2 * Double.pi)
        cairo_fill(context)
    }

    /// The advance width of `text` in the current font.
    func textWidth(_ text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// The current font's ascent (cap height, near enough) and descent.
    var fontExtents: (ascent: Double, descent: Double) {
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)
        return (extents.ascent, extents.descent)
    }

    /// Draws `text` with its anchor at `point`, turned by `angle` radians
    /// (counter-clockwise as read, e.g. -pi/2 for a y-axis label).
    func text(
        _ text: String, at point: Point, _ color: Color = Palette.text,
        horizontal: HorizontalAnchor = .left, vertical: VerticalAnchor = .baseline, angle: Double = 0
    ) {
        guard !text.isEmpty else { return }
        let width = textWidth(text)
        // Cap height of DejaVu Sans is 0.73 em; x-height 0.55 em.
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)
        let size = extents.ascent / 0.928
        let dx: Double = horizontal == .left ? 0 : horizontal == .center ? -width / 2 : -width
        let dy: Double
        switch vertical {
        case .top: dy = 0.73 * size
        case .middle: dy = 0.365 * size
        case .baseline: dy = 0
        case .bottom: dy = -extents.descent
        }
        setColor(color)
        cairo_save(context)
        cairo_translate(context, point.x, point.y)
        if angle != 0 { cairo_rotate(context, -angle) }
        cairo_move_to(context, dx, dy)
        cairo_show_text(context, text)
        cairo_restore(context)
    }

    /// Limits drawing to `rect` until `unclip`.
    func clip(_ rect: Rect) {
        cairo_save(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
    }

    func unclip() {
        cairo_restore(context)
    }
}

struct Point: Equatable {
    var x: Double
    var y: Double
}

struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x }
    var maxX: Double { x + width }
    var minY: Double { y }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    func contains(_ point: Point) -> Bool {
        point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY
    }

    /// Whether the two overlap in more than an edge.
    func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    func insetBy(left: Double = 0, top: Double = 0, right: Double = 0, bottom: Double = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: max(1, width - left - right), height: max(1, height - top - bottom))
    }
}
