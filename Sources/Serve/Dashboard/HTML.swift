import Foundation
import Render

/// Text into HTML and URLs. Every value from the store reaches a page through `text`
/// (or `link`, which uses it), so a run named `<script>` reads as that text.
enum HTML {
    /// Escapes `& < > " '`: safe inside elements and quoted attributes alike.
    static func text(_ value: String) -> String { Table.escapeHTML(value) }

    /// `<a href="...">text</a>`, both escaped.
    static func link(_ href: String, _ label: String, class name: String? = nil) -> String {
        "<a href=\"\(text(href))\"" + (name.map { " class=\"\(text($0))\"" } ?? "") + ">\(text(label))</a>"
    }

    /// A path segment with everything but unreserved characters percent-encoded
    /// (sweep and model names may hold `/`, `?` or spaces).
    static func segment(_ value: String) -> String { percentEncoded(value) }

    /// `path?name=value&...`, values percent-encoded; empty values are left out.
    static func url(_ path: String, _ items: [(String, String)]) -> String {
        let kept = items.filter { !$0.1.isEmpty }
        guard !kept.isEmpty else { return path }
        return path + "?" + kept.map { percentEncoded($0.0) + "=" + percentEncoded($0.1) }.joined(separator: "&")
    }

    private static func percentEncoded(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }

    /// Decodes `%XX` and, in query strings (`plus`), `+` as a space; nil for bytes
    /// that are not UTF-8.
    static func percentDecoded(_ value: Substring, plus: Bool) -> String? {
        var bytes: [UInt8] = []
        var index = value.utf8.startIndex
        let utf8 = value.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let high = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex),
                high < utf8.endIndex, let low = utf8.index(high, offsetBy: 1, limitedBy: utf8.endIndex),
                low < utf8.endIndex, let h = hexValue(utf8[high]), let l = hexValue(utf8[low])
            {
                bytes.append(h << 4 | l)
                index = utf8.index(after: low)
                continue
            }
            bytes.append(plus && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = utf8.index(after: index)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A table: `columns` as header cells (already HTML), each row's cells (already HTML)
    /// with the row's attributes. `cellAttributes[i]` goes on every body cell of column
    /// `i` (`class="metric num" data-metric="loss"`); `numeric` columns align right.
    static func table(
        id: String, columns: [String], rows: [(attributes: String, cells: [String])], numeric: Set<Int> = [],
        cellAttributes: [String] = []
    ) -> String {
        var out = "<table id=\"\(id)\">\n<thead><tr>"
        for (index, column) in columns.enumerated() {
            out += numeric.contains(index) ? "<th class=\"num\">\(column)</th>" : "<th>\(column)</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr\(row.attributes.isEmpty ? "" : " " + row.attributes)>"
            for (index, cell) in row.cells.enumerated() {
                var attributes = index < cellAttributes.count ? cellAttributes[index] : ""
                if numeric.contains(index), !attributes.contains("class=") { attributes = "class=\"num\"" }
                out += (attributes.isEmpty ? "<td>" : "<td \(attributes)>") + cell + "</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// A `Table` from the presenters (sweep trials, drift, model summary), every cell
    /// escaped, with `id` and a class on each row.
    static func table(_ table: Table, id: String, rowClass: String? = nil) -> String {
        var out = ""
        if let caption = table.caption { out += "<p class=\"caption\">\(text(caption))</p>\n" }
        let numeric = Set((table.alignments ?? []).enumerated().filter { $0.element == .right }.map(\.offset))
        out += self.table(
            id: id, columns: table.columns.map(text),
            rows: table.rows.map { (rowClass.map { "class=\"\($0)\"" } ?? "", $0.map(text)) }, numeric: numeric)
        if let footer = table.footer { out += "<p class=\"note\">\(text(footer))</p>\n" }
        return out
    }
}

/// A query string's fields, decoded (`+` as a space, as forms send them).
struct QueryItems: Sendable {
    private(set) var items: [(name: String, value: String)] = []

    init(_ query: Substring?) throws(DashboardError) {
        guard let query, !query.isEmpty else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = HTML.percentDecoded(pieces[0], plus: true),
                let value = HTML.percentDecoded(pieces.count > 1 ? pieces[1] : "", plus: true)
            else {
                throw .badRequest(field: "query", reason: "a field is not UTF-8 text")
            }
            items.append((name, value))
        }
    }

    /// The first value of `name`, trimmed; nil when missing or empty.
    subscript(_ name: String) -> String? {
        let value = items.first { $0.name == name }?.value.trimmingCharacters(in: .whitespaces)
        return value?.isEmpty == false ? value : nil
    }

    /// Every non-empty value of `name`, in order.
    func all(_ name: String) -> [String] {
        items.filter { $0.name == name }.map { $0.value.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
