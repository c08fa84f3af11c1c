import Experiments
import Foundation
import Store
import TextFormat

/// `/runs`: every run in a table, sorted by any field, metric or an objective, filtered,
/// a page at a time; running runs show their epoch and the time left.
enum RunsPage {
    static func render(_ query: RunsQuery, _ experiments: ExperimentStore) throws(DashboardError) -> DashboardPage {
        let store = experiments.store
        let total = try stored { () throws(StoreError) in try store.runCount(filter: query.filter) }
        let offset = (query.page - 1) * query.perPage
        let summaries = try page(query, store: store, offset: offset)
        let metricNames = try stored { () throws(StoreError) in try store.metricNames() }
        let sortKey = query.sortField == "objective" ? (query.objective ?? "") : query.sort
        let metrics = RunPresenter.metricColumns(present: Set(metricNames), sort: sortKey, limit: 6)

        var main = "<h1>Runs</h1>\n" + filters(query) + "\n"
        guard !summaries.isEmpty else {
            let empty =
                query.filter.isEmpty && total == 0
                ? "No runs yet: every fit in a notebook or `strata run` is recorded in this store."
                : "No runs match these filters."
            main += "<p class=\"empty\">\(HTML.text(empty))</p>\n"
            return DashboardPage(title: "Runs", main: main, live: true)
        }
        let last = offset + summaries.count
        main +=
            "<p class=\"count\">\(offset + 1)–\(last) of \(grouped(total)) runs, "
            + HTML.text(orderText(query)) + "</p>\n"
        main += "<form id=\"compare\" method=\"get\" action=\"/compare\"></form>\n"
        let progress = runningProgress(summaries, store: store)
        let short = ShortRunID(summaries.map(\.id), store: store)
        let trials = trialNames(Set(summaries.filter { $0.name == nil }.map(\.id)), store: store)
        main += table(
            summaries, metrics: metrics, query: query, progress: progress,
            names: { summary in summary.name ?? trials[summary.id] ?? short.text(summary.id) }, short: short)
        main +=
            "<p><button id=\"compare-button\" type=\"submit\" form=\"compare\">Compare selected runs</button></p>\n"
        main += pages(query, total: total, shown: summaries.count)
        return DashboardPage(title: "Runs", main: main, live: true)
    }

    /// What an unnamed run of a sweep is called in the table, `digits-mlp trial 3`, as
    /// W&B and Optuna users know their trials; the newest sweeps are looked in first and
    /// the search stops when every unnamed run is found (or after 50 sweeps).
    private static func trialNames(_ unnamed: Set<RunID>, store: any SessionStore) -> [RunID: String] {
        guard !unnamed.isEmpty, let sweeps = try? store.sweeps() else { return [:] }
        var names: [RunID: String] = [:]
        for sweep in sweeps.prefix(50) where names.count < unnamed.count {
            let name = sweep.definition.name
            for trial in (try? store.trials(sweep: name)) ?? [] {
                if let run = trial.run, unnamed.contains(run) { names[run] = "\(name) trial \(trial.number)" }
            }
        }
        return names
    }

    /// This page's runs: a page of the store's sorted list, or for an objective every
    /// kept run ranked in memory (an objective is not a column the store can sort by).
    private static func page(_ query: RunsQuery, store: any SessionStore, offset: Int) throws(DashboardError)
        -> [RunSummary]
    {
        guard query.sortField == "objective", let metric = query.objective else {
            do throws(StoreError) {
                return try store.runs(sort: query.sort, limit: query.perPage, offset: offset, filter: query.filter)
            } catch {
                if case .unknownSortField = error { throw .badRequest(field: "sort", reason: error.description) }
                throw .from(error)
            }
        }
        let objective: Objective
        do throws(ObjectiveError) {
            objective = try Objective(metric: metric)
        } catch {
            throw .badRequest(field: "objective", reason: error.description)
        }
        let all = try stored { () throws(StoreError) in
            try store.runs(sort: "-created", limit: nil, offset: 0, filter: query.filter)
        }
        return Array(objective.ranked(all, metrics: \.metrics).dropFirst(offset).prefix(query.perPage))
    }

    /// `epoch 3 of 10 · about 12s left` for each running run of the page, from its history
    /// and the epochs its fit asked for.
    private static func runningProgress(_ summaries: [RunSummary], store: any SessionStore) -> [RunID: String] {
        var progress: [RunID: String] = [:]
        for summary in summaries where summary.status == .running && !summary.isOrphaned {
            guard let record = try? store.run(summary.id.rawValue) else { continue }
            let done = record.history.count
            var text = "epoch \(done)"
            // A fit's settings name its epochs; runs written by other tools may only have
            // an `epochs` param.
            var epochs = ExperimentRun(record).fit?.epochs
            if epochs == nil, case .number(let count)? = record.params["epochs"] { epochs = Int(count) }
            if let epochs, epochs > 0 {
                text += " of \(epochs)"
                if done > 0, let last = record.history.last?.time {
                    let perEpoch = last.timeIntervalSince(summary.created) / Double(done)
                    let left = perEpoch * Double(max(0, epochs - done))
                    text += " · about \(DurationText.short(left)) left"
                }
            }
            progress[summary.id] = text
        }
        return progress
    }

    private static func table(
        _ summaries: [RunSummary], metrics: [String], query: RunsQuery, progress: [RunID: String],
        names: (RunSummary) -> String, short: ShortRunID
    ) -> String {
        func header(_ field: String, _ label: String) -> String {
            var arrow = ""
            if query.sortField == field { arrow = query.descending ? " ↓" : " ↑" }
            return "<a class=\"sort\" data-field=\"\(HTML.text(field))\" href=\"\(HTML.text(query.sortedBy(field)))\">"
                + HTML.text(label) + arrow + "</a>"
        }
        var columns = [
            "", header("id", "id"), header("name", "name"), header("status", "status"),
            header("created", "created"), "took",
        ]
        columns += metrics.map { header($0, $0) }
        columns.append("tags")
        let numeric = Set(6..<(6 + metrics.count))
        let rows = summaries.map { summary -> (String, [String]) in
            let id = summary.id.rawValue
            let status = RunPresenter.status(summary)
            var statusCell = "<span class=\"status-\(HTML.text(summary.status.rawValue))\">\(HTML.text(status))</span>"
            if let text = progress[summary.id] { statusCell += "<span class=\"progress\">\(HTML.text(text))</span>" }
            var cells = [
                "<input type=\"checkbox\" name=\"run\" value=\"\(HTML.text(id))\" form=\"compare\" "
                    + "aria-label=\"compare \(HTML.text(summary.name ?? id))\">",
                "<code title=\"\(HTML.text(id))\">\(HTML.text(short.text(summary.id)))</code>",
                HTML.link("/runs/" + id, names(summary)), statusCell,
                "<span title=\"\(HTML.text(DateText.iso8601(summary.created)))\">"
                    + HTML.text(DateText.local(summary.created)) + "</span>",
                HTML.text(RunPresenter.took(summary.created, summary.ended)),
            ]
            cells += metrics.map { name in summary.metrics[name].map { HTML.text(NumberText.metric($0)) } ?? "" }
            cells.append(
                "<span class=\"tags\">" + summary.tags.map { "<span>\(HTML.text($0))</span>" }.joined() + "</span>")
            let attributes =
                "class=\"run\" data-id=\"\(HTML.text(id))\" data-status=\"\(HTML.text(summary.status.rawValue))\""
            return (attributes, cells)
        }
        let attributes =
            [
                "class=\"select\"", "class=\"id\"", "class=\"name\"", "class=\"status\"", "class=\"created\"",
                "class=\"took\"",
            ]
            + metrics.map { "class=\"metric num\" data-metric=\"\(HTML.text($0))\"" } + ["class=\"tags\""]
        return HTML.table(id: "runs", columns: columns, rows: rows, numeric: numeric, cellAttributes: attributes)
    }

    private static func filters(_ query: RunsQuery) -> String {
        func field(_ name: String, _ label: String, _ value: String?, placeholder: String) -> String {
            "<label>\(label)<input name=\"\(name)\" value=\"\(HTML.text(value ?? ""))\" placeholder=\"\(placeholder)\"></label>"
        }
        let statuses = ["", "running", "finished", "interrupted", "failed", "pruned"]
        let options = statuses.map { status in
            "<option value=\"\(status)\"" + (query.filter.status?.rawValue == status ? " selected" : "") + ">"
                + (status.isEmpty ? "any" : status) + "</option>"
        }.joined()
        var form = "<form id=\"filters\" method=\"get\" action=\"/runs\">"
        form += "<label>status<select name=\"status\">\(options)</select></label>"
        form += field("name", "name", query.filter.name, placeholder: "part of a name")
        form += field("tag", "tag", query.filter.tag, placeholder: "baseline")
        form += field("sweep", "sweep", query.filter.sweep, placeholder: "sweep name")
        form += field("data", "data version", query.filter.data, placeholder: "content id")
        form += field("objective", "objective", query.objective, placeholder: "val_accuracy")
        if query.sort != "-created" {
            form += "<input type=\"hidden\" name=\"sort\" value=\"\(HTML.text(query.sort))\">"
        }
        form += "<button type=\"submit\">Filter</button>"
        form += " <a href=\"/runs\">clear</a></form>"
        return form
    }

    private static func pages(_ query: RunsQuery, total: Int, shown: Int) -> String {
        let lastPage = max(1, (total + query.perPage - 1) / query.perPage)
        var links: [String] = []
        if query.page > 1 {
            links.append(
                "<a rel=\"prev\" href=\"\(HTML.text(HTML.url("/runs", query.items(page: query.page - 1))))\">← previous</a>"
            )
        }
        links.append("<span class=\"muted\">page \(query.page) of \(lastPage)</span>")
        if query.page < lastPage {
            links.append(
                "<a rel=\"next\" href=\"\(HTML.text(HTML.url("/runs", query.items(page: query.page + 1))))\">next →</a>"
            )
        }
        return "<nav class=\"pages\">" + links.joined(separator: " ") + "</nav>\n"
    }

    private static func orderText(_ query: RunsQuery) -> String {
        if query.sortField == "objective" { return "ranked by objective \(query.objective ?? ""), best first" }
        return RunPresenter.orderText(query.sort)
    }

    /// `10,000`.
    static func grouped(_ count: Int) -> String { ModelSummaryTable.grouped(count) }
}
