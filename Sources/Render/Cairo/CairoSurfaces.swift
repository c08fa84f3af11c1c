import CCairo

/// Why a figure could not be drawn: Cairo reported a failure (out of memory, a
/// surface too large).
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    case cairo(stage: String, status: String)

    public var description: String {
        switch self {
        case .cairo(let stage, let status): return "drawing failed while \(stage): \(status)"
        }
    }
}

/// Runs one drawing function against an in-memory SVG surface or an ARGB image
/// surface written as PNG, with Cairo's stream writers (no encoder of our own).
enum CairoSurfaces {
    /// Collects what a Cairo stream writer hands over.
    private final class ByteSink {
        var bytes: [UInt8] = []
    }

    private static let writeToSink: cairo_write_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }

    private static func statusText(_ status: cairo_status_t) -> String {
        String(cString: cairo_status_to_string(status))
    }

    /// An SVG document `width` x `height` CSS pixels of what `draw` paints. Text
    /// becomes glyph outlines (`<symbol>` and `<use>`), so it shows without fonts.
    static func svg(width: Double, height: Double, draw: (Canvas) -> Void) throws(RenderError) -> [UInt8] {
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        guard let surface = cairo_svg_surface_create_for_stream(writeToSink, closure, width, height) else {
            throw .cairo(stage: "creating the SVG surface", status: "no surface")
        }
        cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX)
        try withExtendedLifetime(sink) { () throws(RenderError) in
            try paint(on: surface, width: width, height: height, scale: 1, stage: "drawing the SVG", draw: draw)
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            cairo_surface_destroy(surface)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw .cairo(stage: "writing the SVG", status: statusText(status))
            }
        }
        return sink.bytes
    }

    /// A PNG of what `draw` paints, at `scale` device pixels per CSS pixel.
    static func png(width: Double, height: Double, scale: Double, draw: (Canvas) -> Void) throws(RenderError) -> [UInt8]
    {
        let pixelWidth = Int32((width * scale).rounded(.up)), pixelHeight = Int32((height * scale).rounded(.up))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pixelWidth, pixelHeight) else {
            throw .cairo(stage: "creating the image surface", status: "no surface")
        }
        defer { cairo_surface_destroy(surface) }
        let created = cairo_surface_status(surface)
        guard created == CAIRO_STATUS_SUCCESS else {
            throw .cairo(stage: "creating the image surface", status: statusText(created))
        }
        try paint(on: surface, width: width, height: height, scale: scale, stage: "drawing the PNG", draw: draw)
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, writeToSink, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .cairo(stage: "writing the PNG", status: statusText(status))
        }
        return sink.bytes
    }

    private static func paint(
        on surface: OpaquePointer, width: Double, height: Double, scale: Double,
        stage: String, draw: (Canvas) -> Void
    ) throws(RenderError) {
        guard let context = cairo_create(surface) else { throw .cairo(stage: stage, status: "no context") }
        defer { cairo_destroy(context) }
        let canvas = Canvas(context: context, width: width, height: height, scale: scale)
        draw(canvas)
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(stage: stage, status: statusText(status)) }
    }
}
