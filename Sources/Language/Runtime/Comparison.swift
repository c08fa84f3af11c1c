import Foundation
import Render
import Store

/// What `compare(a, b, ...)` returns (`type(x)` is `"comparison"`): the runs' params
/// and final metrics side by side, `≠` marking every row whose values differ, and
/// their learning curves overlaid in one figure (one colour per run, validation
/// dashed). Fields: `.runs` (the runs compared), `.differences` (the names of the rows
/// that differ, e.g. `["optimizer.lr", "metric val_accuracy"]`).
final class Comparison: NativeValue, PlotSource {
    /// One row of the side-by-side table.
    struct Row: Equatable {
        var field: String
        /// One cell per run, in order.
        var values: [String]

        /// Whether the runs disagree on this field.
        var differs: Bool { Set(values).count > 1 }
    }

    let runs: [RunValue]
    /// The column heading of each run: its name, with enough of its id to tell runs
    /// of the same name apart, or its id when it has no name.
    let labels: [String]
    let rows: [Row]
    /// The overlaid curves as SVG, PNG and text, drawn once; nil when there is nothing
    /// to draw (no run has two epochs) or drawing failed (the table still shows).
    private let curves: MimeBundle?

    init(_ runs: [RunValue]) {
        self.runs = runs
        labels = Comparison.labels(of: runs)
        rows = Comparison.rows(of: runs)
        let figures = Comparison.figures(runs, labels: labels)
        curves = figures.isEmpty ? nil : try? FigureRenderer.render(panels: figures, columns: figures.count)
    }

    var typeName: String { "comparison" }

    var memberNames: [String] { ["runs", "differences"] }

    func member(named name: String) -> Value? {
        switch name {
        case "runs": return .list(runs.map { .native($0) })
        case "differences": return .list(rows.filter(\.differs).map { .string($0.field) })
        default: return nil
        }
    }

    var length: Int? { runs.count }

    func elements() -> [Value]? { runs.map { .native($0) } }

    /// `comparison of 2 runs: 5 of 24 fields differ`.
    var summary: String {
        let differing = rows.filter(\.differs).count
        let runCount = runs.count == 1 ? "1 run" : "\(runs.count) runs"
        return "comparison of \(runCount): \(differing) of \(rows.count) fields differ"
    }

    var table: Table {
        Table(columns: ["≠", "field"] + labels,
              rows: rows.map { [$0.differs ? "≠" : "", $0.field] + $0.values },
              alignments: Array(repeating: .left, count: labels.count + 2),
              caption: summary + " (marked ≠)")
    }

    /// The table in HTML (with the curves under it, as an image, since front ends show
    /// one MIME type per output), Markdown and text, and the curves as SVG and PNG.
    func display() -> MimeBundle {
        let table = self.table
        var html = table.html()
        var extra = ["text/markdown": table.markdown()]
        if let curves {
            html += "\n" + TrainCurves.htmlImage(curves, alt: "learning curves of the compared runs")
            extra["image/png"] = curves.data["image/png"]
            extra["image/svg+xml"] = curves.data["image/svg+xml"]
        }
        extra["text/html"] = html
        return MimeBundle(plain: table.plain(), extra: extra, metadata: curves?.metadata ?? [:])
    }

    // MARK: PlotSource

    func plotFigures() -> [Figure] {
        let figures = Comparison.figures(runs, labels: labels)
        return figures.isEmpty ? [Figure(title: "loss", xLabel: "epoch", content: .series([]))] : figures
    }

    var plotTitle: String? { "compare: " + labels.joined(separator: ", ") }

    // MARK: Building the rows

    static func labels(of runs: [RunValue]) -> [String] {
        let names = runs.map { $0.name ?? $0.id }
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        // Ids share their leading (time) characters; show as many as tell them apart.
        let ids = runs.map(\.id)
        var length = min(8, ids.map(\.count).max() ?? 8)
        while Set(ids.map { $0.prefix(length) }).count < Set(ids).count, length < (ids.map(\.count).max() ?? 0) {
            length += 1
        }
        return zip(runs, names).map { run, name in
            counts[name, default: 0] > 1 && run.name != nil ? "\(name) (\(run.id.prefix(length)))" : name
        }
    }

    /// Params (flattened: `optimizer.lr`, `layers[0]`), then final metrics, data
    /// versions, status, epochs trained and tags. The `name` param is the column heading.
    static func rows(of runs: [RunValue]) -> [Row] {
        var order: [String] = []
        var seen = Set<String>()
        var cells: [[String: String]] = []
        func add(_ field: String, _ text: String, to table: inout [String: String]) {
            table[field] = text
            guard seen.insert(field).inserted else { return }
            // A field only a later run has (sgd's momentum) goes with its group (optimizer.*).
            let group = Comparison.group(of: field)
            if let last = order.lastIndex(where: { Comparison.group(of: $0) == group }) {
                order.insert(field, at: last + 1)
            } else {
                order.append(field)
            }
        }
        for run in runs {
            var table: [String: String] = [:]
            for (path, value) in TrainRunRecorder.param(.record(run.params)).flattened()
            where path != "name" && path != "tags" && !path.hasPrefix("tags[") {
                add(path, Comparison.text(of: value), to: &table)
            }
            cells.append(table)
        }
        var rows = order.map { field in Row(field: field, values: cells.map { $0[field] ?? "" }) }

        var metricNames: [String] = []
        for run in runs {
            for (name, _) in run.finalMetrics where !metricNames.contains(name) { metricNames.append(name) }
        }
        let finals = runs.map { Dictionary($0.finalMetrics.map { ($0.name, $0.value) }) { first, _ in first } }
        for name in metricNames {
            rows.append(Row(field: "metric " + name, values: finals.map { $0[name].map(RunValue.metricText) ?? "" }))
        }
        var roles: [String] = []
        for run in runs { for use in run.data where !roles.contains(use.role) { roles.append(use.role) } }
        for role in roles {
            rows.append(Row(field: "data " + role, values: runs.map { run in
                run.data.first { $0.role == role }.map { String($0.contentID.prefix(12)) } ?? ""
            }))
        }
        rows.append(Row(field: "status", values: runs.map(\.status.rawValue)))
        rows.append(Row(field: "epochs trained", values: runs.map { "\($0.epochs.count)" }))
        rows.append(Row(field: "tags", values: runs.map { $0.tags.joined(separator: ", ") }))
        return rows
    }

    /// `optimizer` for `optimizer.lr`, `layers` for `layers[0]`.
    private static func group(of field: String) -> Substring {
        field.prefix { $0 != "." && $0 != "[" }
    }

    /// A param as the language writes it: strings bare, `nil`, numbers in their shortest form.
    private static func text(of value: ParamValue) -> String {
        switch value {
        case .null: return "nil"
        case .number(let number): return Value.format(number)
        case .list(let items) where items.isEmpty: return "[]"
        case .record(let fields) where fields.isEmpty: return "[:]"
        default: return RunValue.value(of: value).plainText(quoted: false)
        }
    }
}
