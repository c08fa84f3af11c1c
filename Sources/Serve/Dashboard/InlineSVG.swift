import Foundation
import Render

/// Figures as SVG inside a page. Cairo names the glyphs and clip paths of every SVG it
/// writes alike (`glyph0-1`, `clip1`), so two plots in one HTML document would borrow each
/// other's glyphs; each gets its own prefix on every id and reference.
struct InlineSVG {
    private var count = 0

    /// The panels side by side (at most three a row), or nil when there is nothing to draw
    /// or drawing failed (a page never fails because of a plot).
    mutating func render(_ panels: [Figure], columns: Int? = nil) -> String? {
        guard !panels.isEmpty,
            let svg = try? FigureRenderer.svg(panels: panels, columns: columns ?? min(panels.count, 3))
        else { return nil }
        count += 1
        let prefix = "f\(count)-"
        var body = svg
        // Drop the XML declaration: inside HTML it is not allowed.
        if body.hasPrefix("<?xml"), let end = body.firstIndex(of: ">") {
            body = String(body[body.index(after: end)...])
        }
        return
            body.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "id=\"", with: "id=\"" + prefix)
            .replacingOccurrences(of: "href=\"#", with: "href=\"#" + prefix)
            .replacingOccurrences(of: "url(#", with: "url(#" + prefix)
    }
}
