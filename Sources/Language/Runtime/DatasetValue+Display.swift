import Data
import Foundation
import Render
import TextFormat

extension DatasetValue {
    /// A dataset with at most this many rows shows all of them (so `head(ds, 20)`
    /// shows 20); a larger one shows its first `previewRows`.
    static let fullDisplayRows = 25
    static let previewRows = 10
    /// Wider datasets (digits' 64 pixels) show the first columns, a `...` column and
    /// the target, so a terminal line stays readable.
    static let displayColumns = 14

    /// Shape, task and target as a caption, then the first rows as a table.
    public func display() -> MimeBundle {
        DatasetValue.table(of: dataset).bundle()
    }

    static func table(of dataset: Dataset) -> Table {
        let shown = dataset.rowCount <= fullDisplayRows ? dataset.rowCount : previewRows
        let columnCount = dataset.columns.count
        let visible = columnCount <= displayColumns ? Array(0..<columnCount) : Array(0..<displayColumns - 1)
        let elided = visible.count < columnCount

        var header = visible.map { dataset.columns[$0].name }
        if elided { header.append("...") }
        if let target = dataset.target { header.append(target.columnName) }

        var rows: [[String]] = []
        rows.reserveCapacity(shown)
        for row in 0..<shown {
            var cells = visible.map { cellText(dataset.columns[$0].cell(at: row)) }
            if elided { cells.append("...") }
            if let target = dataset.target { cells.append(cellText(target.cell(at: row))) }
            rows.append(cells)
        }
        var notes: [String] = []
        if shown < dataset.rowCount { notes.append("... \(dataset.rowCount - shown) more rows") }
        if elided { notes.append("\(columnCount - visible.count) columns not shown") }
        return Table(
            columns: header, rows: rows,
            caption: "dataset \(dataset.name): " + shapeText(dataset),
            footer: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }

    /// How many characters of a text cell a table shows (pandas shows 50).
    static let textCellWidth = 60

    /// A cell as a table shows it: `NA` for missing, numbers in their shortest form,
    /// long text cut with an ellipsis and kept on one line.
    static func cellText(_ cell: CellValue) -> String {
        switch cell {
        case .number(let number): return NumberText.shortest(number)
        case .text(let text):
            let line =
                text.contains(where: \.isNewline)
                ? text.split(whereSeparator: \.isNewline).joined(separator: " ") : text
            return line.count <= textCellWidth ? line : line.prefix(textCellWidth - 1) + "…"
        case .missing: return "NA"
        }
    }

}
