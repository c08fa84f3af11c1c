/// A table of text cells shown three ways: a plain `<table>` for HTML front ends, a
/// Markdown table for renderers that prefer it, and aligned columns for terminals.
///
/// Cells are already formatted text; the table only escapes and aligns them. Datasets,
/// metrics, runs and lists of records all display through this one type, so they look
/// alike everywhere.
public struct Table: Sendable, Equatable {
    /// How a column's cells line up in the plain and Markdown forms.
    public enum Alignment: Sendable, Equatable {
        case left, right
    }

    public var columns: [String]
    /// Each row has one cell per column; shorter rows are padded with empty cells.
    public var rows: [[String]]
    /// One per column; `nil` means "right for numeric columns, left otherwise".
    public var alignments: [Alignment]?
    /// A line shown above the table (e.g. a dataset's shape), or nil.
    public var caption: String?
    /// A line shown below the table (e.g. "... 140 more rows"), or nil.
    public var footer: String?

    public init(
        columns: [String], rows: [[String]], alignments: [Alignment]? = nil,
        caption: String? = nil, footer: String? = nil
    ) {
        self.columns = columns
        self.rows = rows.map { row in
            row.count >= columns.count ? row : row + Array(repeating: "", count: columns.count - row.count)
        }
        self.alignments = alignments
        self.caption = caption
        self.footer = footer
    }

    /// The alignment actually used for each column.
    public var resolvedAlignments: [Alignment] {
        if let alignments, alignments.count == columns.count { return alignments }
        return columns.indices.map { column in
            let cells = rows.map { $0[column] }.filter { !$0.isEmpty }
            return !cells.isEmpty && cells.allSatisfy(Table.looksNumeric) ? .right : .left
        }
    }

    /// All three forms in one bundle, with `text/plain` as the fallback every front end shows.
    public func bundle() -> MimeBundle {
        MimeBundle(plain: plain(), extra: ["text/html": html(), "text/markdown": markdown()])
    }

    static func looksNumeric(_ text: String) -> Bool {
        let trimmed = text.trimmingSpaces()
        if ["nan", "inf", "-inf"].contains(trimmed) { return true }
        return Double(trimmed) != nil
    }
}

extension Table {
    /// A `<table>` with `<thead>` and `<tbody>`, every cell HTML-escaped. No styles,
    /// attributes or scripts: static renderers (nbconvert, code hosts) strip them.
    public func html() -> String {
        var out = "<table>\n"
        if let caption { out += "<caption>\(Table.escapeHTML(caption))</caption>\n" }
        out += "<thead>\n<tr>"
        for name in columns { out += "<th>" + Table.escapeHTML(name) + "</th>" }
        out += "</tr>\n</thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for index in columns.indices { out += "<td>" + Table.escapeHTML(row[index]) + "</td>" }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>"
        if let footer { out += "\n<p>\(Table.escapeHTML(footer))</p>" }
        return out
    }

    /// A GitHub-flavoured Markdown table; `|` and line breaks inside cells are escaped.
    public func markdown() -> String {
        let aligns = resolvedAlignments
        var lines: [String] = []
        if let caption { lines.append(Table.escapeMarkdown(caption)); lines.append("") }
        lines.append("| " + columns.map(Table.escapeMarkdown).joined(separator: " | ") + " |")
        lines.append("|" + aligns.map { $0 == .right ? " ---: " : " --- " }.joined(separator: "|") + "|")
        for row in rows {
            lines.append("| " + columns.indices.map { Table.escapeMarkdown(row[$0]) }.joined(separator: " | ") + " |")
        }
        if let footer { lines.append(""); lines.append(Table.escapeMarkdown(footer)) }
        return lines.joined(separator: "\n")
    }

    /// Columns padded to a common width, separated by two spaces, with a rule under the header.
    public func plain() -> String {
        let aligns = resolvedAlignments
        // Line breaks would break the grid, so they are shown as the escape a user would type.
        let header = columns.map(Table.flatten)
        let body = rows.map { row in columns.indices.map { Table.flatten(row[$0]) } }
        var widths = header.map(\.count)
        for row in body {
            for index in row.indices { widths[index] = max(widths[index], row[index].count) }
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { index in
                Table.pad(cells[index], to: widths[index], alignment: aligns[index])
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines: [String] = []
        if let caption { lines.append(caption) }
        lines.append(line(header))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines.append(contentsOf: body.map(line))
        if let footer { lines.append(footer) }
        return lines.joined(separator: "\n")
    }

    /// Escapes `& < > " '` so any text is safe inside HTML elements and attributes.
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func escapeMarkdown(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "\n", "\r\n": out += "<br>"
            // Markdown renderers would otherwise read these as inline HTML.
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }

    static func flatten(_ text: String) -> String {
        guard text.contains(where: \.isNewline) || text.contains("\t") else { return text }
        var out = ""
        for character in text {
            switch character {
            case "\n", "\r\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        return out
    }

    static func pad(_ text: String, to width: Int, alignment: Alignment) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return alignment == .right ? padding + text : text + padding
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }

    func trimmingTrailingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
