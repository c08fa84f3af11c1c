/// Draws a diagnostic as text: a header with the message, the location, the source
/// line and a caret span under the exact columns, then one line per note.
///
/// ```
/// error: unknown name 'dens' (did you mean 'dense'?)
///  --> 1:9
///   |
/// 1 | model = dens(3)
///   |         ^^^^
/// ```
///
/// Tabs in the source line are expanded to spaces (stops of 4) and wide characters
/// count two columns, so the carets stay under the code in any terminal or notebook.
public enum DiagnosticRenderer {
    /// Tab stops used when expanding tabs in the quoted source line.
    public static let tabWidth = 4

    /// - Parameters:
    ///   - diagnostic: what to draw; without a span only the header and notes are drawn.
    ///   - source: the whole cell the span refers to.
    ///   - color: ANSI colours (bold red severity and carets, bold message) for terminals
    ///     and Jupyter tracebacks.
    public static func render(_ diagnostic: Diagnostic, source: String, color: Bool = false) -> String {
        let style = Style(enabled: color)
        let severity = diagnostic.severity.rawValue
        var out = style.severity(severity, diagnostic.severity) + style.bold(": " + diagnostic.message)

        guard let span = diagnostic.span else {
            for note in diagnostic.notes { out += "\n" + style.gutter("=") + " note: " + note }
            return out
        }
        var lines = sourceLines(source)
        if lines.isEmpty { lines = [Substring("").unicodeScalars[...]] }
        let lineNumber = min(max(span.start.line, 1), lines.count)
        let lineText = lines[lineNumber - 1]
        let gutterWidth = String(lineNumber).count
        let pad = String(repeating: " ", count: gutterWidth)

        let (shown, startColumn, endColumn) = layout(lineText, span: span, lineNumber: lineNumber)
        let caretCount = max(1, endColumn - startColumn)
        out += "\n" + pad + style.gutter("-->") + " \(span.start.line):\(span.start.column)"
        out += "\n" + pad + " " + style.gutter("|")
        out += "\n" + style.gutter(String(lineNumber) + " |") + (shown.isEmpty ? "" : " " + shown)
        out +=
            "\n" + pad + " " + style.gutter("|") + " " + String(repeating: " ", count: startColumn)
            + style.caret(String(repeating: "^", count: caretCount))
        for note in diagnostic.notes {
            out += "\n" + pad + " " + style.gutter("=") + " note: " + note
        }
        return out
    }

    /// Several diagnostics of one source, separated by blank lines.
    public static func render(_ diagnostics: [Diagnostic], source: String, color: Bool = false) -> String {
        diagnostics.map { render($0, source: source, color: color) }.joined(separator: "\n\n")
    }

    /// The source split at `\n` (a `\r` before it dropped); always at least one line.
    static func sourceLines(_ source: String) -> [String.UnicodeScalarView.SubSequence] {
        source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? line.dropLast() : line
        }
    }

    /// The line as displayed (tabs expanded) and the display columns (0-based) where the
    /// carets start and end. A span that runs past the line is cut at its end.
    private static func layout(
        _ line: String.UnicodeScalarView.SubSequence, span: SourceSpan,
        lineNumber: Int
    ) -> (String, Int, Int) {
        let onLine = span.start.line == lineNumber
        let startIndex = onLine ? max(span.start.column - 1, 0) : 0
        let endIndex = span.end.line == span.start.line && onLine ? max(span.end.column - 1, startIndex) : Int.max
        // Built as UTF-8 bytes: appending scalar by scalar to a String is slow.
        var shown: [UInt8] = []
        shown.reserveCapacity(line.count + 8)
        var column = 0
        var startColumn: Int?
        var endColumn: Int?
        for (i, scalar) in line.enumerated() {
            if i == startIndex { startColumn = column }
            if i == endIndex { endColumn = column }
            if scalar == "\t" {
                let width = tabWidth - column % tabWidth
                shown.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width))
                column += width
            } else if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) {
                // Control characters would move the cursor; show a visible stand-in.
                UTF8.encode("\u{FFFD}") { shown.append($0) }
                column += 1
            } else {
                UTF8.encode(scalar) { shown.append($0) }
                column += displayWidth(scalar)
            }
        }
        let start = startColumn ?? column
        return (String(decoding: shown, as: UTF8.self), start, max(endColumn ?? column, start))
    }

    /// Terminal columns taken by a scalar: 0 for combining marks, 2 for wide East Asian
    /// characters and emoji, 1 otherwise.
    static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        if scalar.value >= 0x20 && scalar.value < 0x7F { return 1 }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if properties.isEmojiPresentation { return 2 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// ANSI styling, or none.
    private struct Style {
        var enabled: Bool

        private func wrap(_ text: String, _ code: String) -> String {
            enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
        }

        func severity(_ text: String, _ severity: Diagnostic.Severity) -> String {
            switch severity {
            case .error: return wrap(text, "1;31")
            case .warning: return wrap(text, "1;33")
            case .note: return wrap(text, "1;36")
            }
        }

        func bold(_ text: String) -> String { wrap(text, "1") }
        func gutter(_ text: String) -> String { wrap(text, "1;34") }
        func caret(_ text: String) -> String { wrap(text, "1;31") }
    }
}
