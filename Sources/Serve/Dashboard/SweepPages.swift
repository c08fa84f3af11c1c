import Experiments
import Store
import TextFormat

/// `/sweeps` and `/sweeps/NAME`: the sweeps with their progress, and one sweep's trials,
/// best trial, objective per trial, parallel coordinates and parameter importance.
enum SweepPages {
    static func list(_ experiments: ExperimentStore) throws(DashboardError) -> DashboardPage {
        let sweeps = try stored { () throws(StoreError) in try experiments.store.sweeps() }
        var main = "<h1>Sweeps</h1>\n"
        guard !sweeps.isEmpty else {
            main += "<p class=\"empty\">No sweeps yet: `sweep(space, ...)` in a notebook records one here.</p>\n"
            return DashboardPage(title: "Sweeps", main: main, live: true)
        }
        let rows = sweeps.map { sweep in
            let definition = sweep.definition
            return (
                "class=\"sweep\"",
                [
                    HTML.link("/sweeps/" + HTML.segment(definition.name), definition.name),
                    HTML.text(definition.method), "\(sweep.done) of \(definition.trials)",
                    "\(sweep.running)", "\(sweep.finished)", "\(sweep.pruned)", "\(sweep.failed)",
                    HTML.text(sweep.best.map(NumberText.metric) ?? ""),
                    sweep.bestTrial.map { "trial \($0)" } ?? "",
                    HTML.link(HTML.url("/runs", [("sweep", definition.name)]), "runs"),
                ]
            )
        }
        main += HTML.table(
            id: "sweeps",
            columns: [
                "sweep", "method", "done", "running", "finished", "pruned", "failed", "best", "best trial", "runs",
            ],
            rows: rows, numeric: [3, 4, 5, 6, 7])
        return DashboardPage(title: "Sweeps", main: main, live: true)
    }

    static func sweep(_ name: String, _ experiments: ExperimentStore) throws(DashboardError) -> DashboardPage {
        let store = experiments.store
        guard let definition = try stored({ () throws(StoreError) in try store.sweep(named: name) }) else {
            throw .notFound("no sweep named '\(name)' in this store")
        }
        let rows = try stored { () throws(StoreError) in try store.trials(sweep: name) }
        guard let report = SweepReport(definition: definition, rows: rows) else {
            throw .storeUnavailable("the space recorded for sweep '\(name)' does not read")
        }
        var main = "<h1>Sweep \(HTML.text(name))</h1>\n<p class=\"count\">\(HTML.text(report.summary))</p>\n"
        main += "<div id=\"best\">"
        if let best = report.best, let value = best.value {
            main +=
                "<p>Best: trial \(best.number), \(HTML.text(report.objectiveLabel)) "
                + "<strong>\(HTML.text(NumberText.metric(value)))</strong>"
            if let run = best.run { main += " · " + HTML.link("/runs/" + run.rawValue, "its run") }
            main += "</p>"
        } else {
            main += "<p class=\"muted\">No finished trial yet.</p>"
        }
        main += "</div>\n"
        var svg = InlineSVG()
        main +=
            "<div class=\"grid\"><div id=\"progress\"><h2>Objective per trial</h2>"
            + (svg.render([report.progressFigure]) ?? "<p class=\"muted\">No finished trial yet.</p>") + "</div>\n"
        main +=
            "<div id=\"importance-plot\"><h2>Parameter importance</h2>"
            + (svg.render([report.importanceFigure]) ?? "") + "</div></div>\n"
        main +=
            "<div id=\"parallel\"><h2>Parallel coordinates</h2>"
            + (svg.render([report.parallelFigure]) ?? "<p class=\"muted\">No trial has ended yet.</p>") + "</div>\n"
        let shares = report.importance.map { ("", [HTML.text($0.name), HTML.text(NumberText.metric($0.share))]) }
        main += HTML.table(id: "importance", columns: ["parameter", "share of variance"], rows: shares, numeric: [1])
        main += "<h2>Trials</h2>\n" + trials(report)
        return DashboardPage(title: "sweep " + name, main: main, live: rows.contains { $0.state == .running })
    }

    /// The presenter's trials table, with each trial's run linked and the best marked.
    private static func trials(_ report: SweepReport) -> String {
        let table = report.table
        let best = report.best?.number
        let rows = zip(table.rows, report.rows).map { cells, row in
            var html = cells.map(HTML.text)
            if let run = row.run { html[0] = HTML.link("/runs/" + run.rawValue, cells[0]) }
            return ("class=\"trial" + (row.number == best ? " best" : "") + "\"", html)
        }
        return HTML.table(id: "trials", columns: table.columns.map(HTML.text), rows: rows)
    }
}
