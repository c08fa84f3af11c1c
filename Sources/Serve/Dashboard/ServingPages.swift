import Experiments
import Foundation
import Render
import Store
import TextFormat

/// `/serving` and `/serving/NAME`: the models with a prediction log, and one model's
/// requests and latency over time with the drift report against its training data.
enum ServingPages {
    static func list(_ experiments: ExperimentStore) throws(DashboardError) -> DashboardPage {
        let logs = try stored { () throws(StoreError) in try experiments.store.predictionLogs() }
        var main = "<h1>Serving</h1>\n"
        guard !logs.isEmpty else {
            main +=
                "<p class=\"empty\">No prediction logs yet: `strata serve RUN` or `serve(run)` log the "
                + "requests they answer here.</p>\n"
            return DashboardPage(title: "Serving", main: main, live: true)
        }
        let short = ShortRunID(logs.map(\.run), store: experiments.store)
        let rows = logs.map { log in
            (
                "class=\"model\"",
                [
                    HTML.link("/serving/" + HTML.segment(log.model), log.model),
                    HTML.link("/runs/" + log.run.rawValue, short.text(log.run)), "\(log.requests)",
                    HTML.text(DateText.local(log.first)), HTML.text(DateText.local(log.last)),
                ]
            )
        }
        main += HTML.table(
            id: "models", columns: ["model", "run", "requests", "first", "last"], rows: rows, numeric: [2])
        return DashboardPage(title: "Serving", main: main, live: true)
    }

    static func model(_ name: String, _ experiments: ExperimentStore) throws(DashboardError) -> DashboardPage {
        let store = experiments.store
        let logs = try stored { () throws(StoreError) in try store.predictionLogs() }.filter { $0.model == name }
        guard !logs.isEmpty else { throw .notFound("no model '\(name)' has a prediction log in this store") }
        let records = try stored { () throws(StoreError) in try store.predictions(model: name, since: nil) }
        let short = ShortRunID(logs.map(\.run), store: store)
        var main = "<h1>\(HTML.text(name))</h1>\n"
        main +=
            "<p class=\"count\">\(records.count) requests logged, serving "
            + logs.map { HTML.link("/runs/" + $0.run.rawValue, "run " + short.text($0.run)) }
            .joined(separator: ", ") + "</p>\n"
        var svg = InlineSVG()
        let (requests, latency) = figures(records)
        main +=
            "<div class=\"grid\"><div id=\"requests\"><h2>Requests</h2>"
            + (svg.render([requests]) ?? "") + "</div>\n"
        main += "<div id=\"latency\"><h2>Latency</h2>" + (svg.render([latency]) ?? "") + "</div></div>\n"
        main += "<h2>Drift against the training data</h2>\n<div id=\"drift\">"
        for log in logs {
            main += drift(log, model: name, experiments: experiments, short: short, svg: &svg)
        }
        main += "</div>\n"
        return DashboardPage(title: name, main: main, live: true)
    }

    /// Requests per interval and their median and 95th-percentile latency, over the
    /// log's time span cut into at most 40 intervals of a round length (1, 2, 5, 10,
    /// 15, 30 seconds, 1, 2, 5... minutes), so the bars' labels read as a clock does.
    static func figures(_ records: [PredictionRecord]) -> (requests: Figure, latency: Figure) {
        guard let first = records.first?.time, let last = records.last?.time else {
            let empty = Figure(content: .series([]))
            return (empty, empty)
        }
        let span = max(last.timeIntervalSince(first), 1)
        let minutes = span >= 120
        let unit = minutes ? 60.0 : 1.0
        let width = roundInterval(atLeast: span / 40)
        let count = min(41, Int(span / width) + 1)
        var buckets = Array(repeating: [Double](), count: count)
        for record in records {
            let index = min(count - 1, Int(record.time.timeIntervalSince(first) / width))
            buckets[index].append(record.latency * 1000)
        }
        let x = (0..<count).map { (Double($0) + 0.5) * width / unit }
        let xLabel = minutes ? "minutes since the first request" : "seconds since the first request"
        func quantile(_ values: [Double], _ q: Double) -> Double {
            guard !values.isEmpty else { return .nan }
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))]
        }
        // Counts per interval are bars (a line between them would invent requests in
        // between); about eight of them are labelled with where their interval starts.
        let every = labelEvery(count: count, width: width, unit: unit)
        let starts = (0..<count).map { index -> String in
            guard index % every == 0 else { return "" }
            return String(format: "%g", Double(index) * width / unit)
        }
        let requests = Figure(
            xLabel: xLabel, yLabel: "requests",
            content: .bars(BarChart(labels: starts, values: buckets.map { Double($0.count) })))
        let latency = Figure(
            xLabel: xLabel, yLabel: "latency (ms)",
            content: .series([
                .line(LineSeries(label: "median", x: x, y: buckets.map { quantile($0, 0.5) }, color: 0)),
                .line(LineSeries(label: "p95", x: x, y: buckets.map { quantile($0, 0.95) }, style: .dashed, color: 1)),
            ]))
        return (requests, latency)
    }

    /// Round lengths of time, in seconds.
    private static let roundSeconds: [Double] = [
        1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
    ]

    /// The shortest round interval (seconds) at least `seconds` long.
    static func roundInterval(atLeast seconds: Double) -> Double {
        if let step = roundSeconds.first(where: { $0 >= seconds && $0 != 20 }) { return step }
        return (seconds / 86400).rounded(.up) * 86400
    }

    /// Which bars are labelled: every one whose start is a round time (whole minutes when
    /// the axis counts minutes), spaced so that at most eight labels show.
    static func labelEvery(count: Int, width: Double, unit: Double) -> Int {
        for round in roundSeconds + [172_800, 604_800] where round >= width {
            let every = (round / width).rounded()
            guard abs(every * width - round) < 1e-9, round.truncatingRemainder(dividingBy: unit) == 0 else { continue }
            if count <= 8 * Int(every) { return Int(every) }
        }
        return max(1, (count + 7) / 8)
    }

    private static func drift(
        _ log: PredictionLogSummary, model: String, experiments: ExperimentStore, short: ShortRunID,
        svg: inout InlineSVG
    ) -> String {
        var out = "<h3>Run \(HTML.link("/runs/" + log.run.rawValue, short.text(log.run)))</h3>\n"
        do throws(StoreError) {
            let run = try experiments.run(log.run.rawValue)
            let served = try DriftCheck.loggedRows(of: run, in: experiments.store, model: model, since: nil)
            guard served.rowCount > 0 else { return out + "<p class=\"muted\">No logged request.</p>\n" }
            do throws(DriftReport.Problem) {
                let report = try DriftCheck.report(run: run, objects: experiments.store, served: served)
                out += HTML.table(report.table, id: "drift-table")
                out += svg.render([report.figure]) ?? ""
            } catch {
                out += "<p class=\"muted\">\(HTML.text(error.description))</p>\n"
            }
        } catch {
            out += "<p class=\"error\">\(HTML.text(error.description))</p>\n"
        }
        return out
    }
}
