import Experiments
import Render

/// What `drift` returns (`type(d)` is `"drift"`): the drift table and a bar plot of
/// PSI per column. Fields: `.columns`, `.psi`, `.p_values`, `.flagged` (the columns
/// past a threshold), `.rows` (served rows compared).
public final class DriftValue: NativeValue, PlotSource {
    let report: DriftReport
    private let picture: MimeBundle?

    init(_ report: DriftReport) {
        self.report = report
        picture = try? FigureRenderer.render(report.figure)
    }

    public var typeName: String { "drift" }

    public var memberNames: [String] { ["columns", "psi", "p_values", "flagged", "rows"] }

    public func member(named name: String) -> Value? {
        switch name {
        case "columns": .list(report.rows.map { .string($0.column) })
        case "psi": .list(report.rows.map { .number($0.psi) })
        case "p_values": .list(report.rows.map { .number($0.pValue) })
        case "flagged": .list(report.flagged.map { .string($0.column) })
        case "rows": .number(Double(report.servedRows))
        default: nil
        }
    }

    public var length: Int? { report.rows.count }

    public var summary: String {
        let flagged = report.flagged
        return "drift over \(report.servedRows) served row\(report.servedRows == 1 ? "" : "s"): "
            + (flagged.isEmpty
                ? "no column past a threshold"
                : flagged.map { "\($0.column) (\($0.flag.rawValue))" }.joined(separator: ", "))
    }

    public func display() -> MimeBundle {
        MimeBundle.table(report.table, summary: summary, picture: picture, alt: "population stability index per column")
    }

    public func elements() -> [Value]? { nil }

    public func subscripted(by key: Value, span: SourceSpan) throws(RuntimeError) -> Value? { nil }

    // MARK: PlotSource

    public func plotFigures() -> [Figure] { [report.figure] }

    public var plotTitle: String? { "drift" }
}
