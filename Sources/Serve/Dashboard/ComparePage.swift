import Experiments
import Store

/// `/compare?run=A&run=B`: runs side by side, the fields that differ marked, their curves
/// overlaid.
enum ComparePage {
    static func render(_ references: [String], _ experiments: ExperimentStore) throws(DashboardError)
        -> DashboardPage
    {
        guard references.count >= 2 else {
            throw .badRequest(field: "run", reason: "pick at least two runs to compare (tick them on the runs page)")
        }
        var records: [RunRecord] = []
        for reference in references {
            records.append(try stored { () throws(StoreError) in try experiments.store.run(reference) })
        }
        let comparison = RunComparison(records.map(RunComparison.Run.init))
        var main = "<h1>Compare \(records.count) runs</h1>\n"
        main += "<p class=\"count\">\(HTML.text(comparison.summary)) (marked \(RunPresenter.differenceMark))</p>\n"
        let heads = zip(records, comparison.labels).map { record, label in
            HTML.link("/runs/" + record.id.rawValue, label)
        }
        let rows = comparison.rows.map { row in
            (
                row.differs ? "class=\"differs\"" : "",
                [row.differs ? RunPresenter.differenceMark : "", HTML.text(row.field)] + row.values.map(HTML.text)
            )
        }
        main += "<h2>Curves</h2>\n<div id=\"curves\">"
        var svg = InlineSVG()
        let overlaid = zip(records, comparison.labels).map { record, label in
            LearningCurves.Overlaid(label: label, epochs: record.epochRecords, metrics: record.trainingMetrics)
        }
        main += svg.render(LearningCurves.overlaid(overlaid)) ?? "<p class=\"muted\">No run has two epochs.</p>"
        main += "</div>\n<h2>Side by side</h2>\n"
        main += HTML.table(id: "comparison", columns: ["", "field"] + heads, rows: rows)
        return DashboardPage(
            title: "compare", main: main, live: records.contains { $0.status == .running })
    }
}
