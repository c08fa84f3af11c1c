import Experiments
import Foundation
import Learn
import Store
import TextFormat

/// `/runs/ID`: one run and everything behind it: status and outcome, params, final
/// metrics, curves, model, the data it read and the files behind it, its cell, its
/// artifacts, and the line that restores it.
enum RunPage {
    static func render(_ reference: String, _ experiments: ExperimentStore, canEdit: Bool) throws(DashboardError)
        -> DashboardPage
    {
        let store = experiments.store
        let run = try stored { () throws(StoreError) in try experiments.run(reference) }
        let record = run.record
        let id = run.id.rawValue
        var svg = InlineSVG()
        var main = "<h1>\(HTML.text(run.name ?? id))</h1>\n"
        main += "<p class=\"muted\">run <code>\(HTML.text(id))</code></p>\n"
        main += status(record)
        main += "<h2>Restore</h2>\n<p><code id=\"restore\">restore(run(\"\(HTML.text(id))\"))</code></p>\n"

        // The outcome first: final metrics beside the curves, then what was tried (params).
        main += "<div class=\"grid lead\"><div>\n<h2>Metrics</h2>\n" + metrics(record) + "</div>\n"
        main += "<div>\n<h2>Learning curves</h2>\n<div id=\"curves\">"
        let figures = LearningCurves.runFigures(record.epochRecords, metrics: record.trainingMetrics)
        main += svg.render(figures) ?? "<p class=\"muted\">No epochs recorded yet.</p>"
        main += "</div></div></div>\n"
        main += "<h2>Params</h2>\n" + params(record.params)

        main += "<h2>Model</h2>\n<div id=\"model\">" + model(run, store: store) + "</div>\n"
        main += "<h2>Data</h2>\n" + data(record) + sources(record, store: store)
        main += "<h2>Artifacts</h2>\n" + artifacts(record)
        main += "<h2>Tags</h2>\n" + tags(record, canEdit: canEdit)
        main += "<h2>Cell</h2>\n<pre id=\"source\">\(HTML.text(record.source))</pre>\n"
        return DashboardPage(title: "run " + (run.name ?? id), main: main, live: record.status == .running)
    }

    private static func status(_ record: RunRecord) -> String {
        let summary = record.summary
        var text =
            "<p id=\"status\"><span class=\"status-\(HTML.text(summary.status.rawValue))\">"
            + HTML.text(RunPresenter.status(summary)) + "</span>"
        if let note = summary.outcome?.note(pid: summary.pid, error: summary.error) {
            text += " · <span id=\"outcome\">\(HTML.text(note))</span>"
        }
        text += " · started \(HTML.text(DateText.local(summary.created)))"
        if summary.ended != nil { text += " · took \(HTML.text(RunPresenter.took(summary.created, summary.ended)))" }
        text += " · \(record.history.count) epochs"
        if let host = summary.host {
            text += " · \(HTML.text(host))" + (summary.pid.map { " (pid \($0))" } ?? "")
        }
        return text + "</p>\n"
    }

    private static func metrics(_ record: RunRecord) -> String {
        guard !record.metrics.isEmpty else { return "<p class=\"muted\">No final metrics (yet).</p>\n" }
        let rows = record.metrics.sorted { $0.key < $1.key }.map { name, value in
            ("", [HTML.text(name), HTML.text(NumberText.metric(value))])
        }
        return HTML.table(id: "metrics", columns: ["metric", "value"], rows: rows, numeric: [1])
    }

    private static func params(_ params: ParamValue) -> String {
        let flat = params.flattened()
        guard !flat.isEmpty else { return "<p class=\"muted\">No params.</p>\n" }
        let rows = flat.map { path, value in ("", [HTML.text(path), HTML.text(value.description)]) }
        return HTML.table(id: "params", columns: ["param", "value"], rows: rows)
    }

    /// The layer table of the trained model (shapes and parameter counts need its
    /// weights), else the layers as specified.
    private static func model(_ run: ExperimentRun, store: any SessionStore) -> String {
        if run.record.weights != nil, let model = try? run.model(from: store) {
            return HTML.table(ModelSummaryTable.table(of: model), id: "layers")
        }
        if let spec = run.model {
            return "<ol>" + spec.layers.map { "<li><code>\(HTML.text($0.description))</code></li>" }.joined()
                + "</ol>\n"
        }
        return "<p class=\"muted\">\(HTML.text(run.modelProblem ?? "No model."))</p>\n"
    }

    private static func data(_ record: RunRecord) -> String {
        guard !record.data.isEmpty else { return "<p class=\"muted\">No data versions recorded.</p>\n" }
        let rows = record.data.map { use in
            (
                "",
                [
                    HTML.text(use.role), HTML.text(use.name),
                    HTML.link("/data/versions/" + HTML.segment(use.contentID), String(use.contentID.prefix(12))),
                ]
            )
        }
        return HTML.table(id: "data", columns: ["role", "dataset", "version"], rows: rows)
    }

    /// The source files named in the data's lineage, each linked to the tracked version
    /// holding exactly those bytes.
    private static func sources(_ record: RunRecord, store: any SessionStore) -> String {
        var rows: [(String, [String])] = []
        let lookup = try? TrackedFileLookup(store: store)
        var seen = Set<String>()
        for use in record.data {
            guard case .list(let files)? = use.lineage["sources"] else { continue }
            for file in files {
                guard case .string(let path)? = file["path"], case .string(let sha256)? = file["sha256"],
                    seen.insert(path + "\u{0}" + sha256).inserted
                else { continue }
                let tracked = (try? lookup?.version(holding: path, sha256: sha256)) ?? nil
                let version =
                    tracked.map { HTML.link("/data/tracked/" + $0.id.hex, "tracked " + $0.id.short) }
                    ?? "<span class=\"muted\">not tracked</span>"
                rows.append(("", [HTML.text(path), "<code>\(HTML.text(String(sha256.prefix(12))))</code>", version]))
            }
        }
        guard !rows.isEmpty else { return "<div id=\"sources\"></div>\n" }
        return "<div id=\"sources\"><h3>Source files</h3>\n"
            + HTML.table(id: "source-files", columns: ["file", "sha256", "version"], rows: rows) + "</div>\n"
    }

    private static func artifacts(_ record: RunRecord) -> String {
        let id = record.id.rawValue
        var items: [String] = []
        if record.weights != nil {
            items.append(
                "<li><a class=\"artifact\" href=\"/runs/\(HTML.text(id))/artifacts/weights\" download>weights</a></li>")
            items.append(
                "<li><a class=\"artifact\" href=\"/runs/\(HTML.text(id))/artifacts/model.onnx\" download>model.onnx</a> "
                    + "<span class=\"muted\">the model as ONNX, made as <code>strata export</code> makes it</span></li>"
            )
        }
        for artifact in record.artifacts {
            items.append(
                "<li><a class=\"artifact\" href=\"/runs/\(HTML.text(id))/artifacts/\(HTML.text(HTML.segment(artifact.name)))\" download>"
                    + HTML.text(artifact.name)
                    + "</a> <span class=\"muted\">\(HTML.text(artifact.mediaType))</span></li>")
        }
        guard !items.isEmpty else { return "<div id=\"artifacts\"><p class=\"muted\">None.</p></div>\n" }
        return "<div id=\"artifacts\"><ul>" + items.joined() + "</ul></div>\n"
    }

    private static func tags(_ record: RunRecord, canEdit: Bool) -> String {
        var out = "<ul id=\"tags\" class=\"tags\">"
        out += record.summary.tags.map { "<li><span>\(HTML.text($0))</span></li>" }.joined()
        out += "</ul>\n"
        if canEdit {
            out +=
                "<form id=\"tag-form\" method=\"post\" action=\"/runs/\(HTML.text(record.id.rawValue))/tags\">"
                + "<input name=\"tag\" placeholder=\"a tag\" required maxlength=\"200\"> "
                + "<button type=\"submit\">Add tag</button></form>\n"
        }
        return out
    }
}
