import Foundation
import Render
import Store

/// How the store's runs read in a terminal (and as JSON for scripts).
enum StoreCommandFormatting {
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    static func duration(_ summary: RunSummary) -> String {
        guard let ended = summary.ended else { return "" }
        let seconds = ended.timeIntervalSince(summary.created)
        return seconds < 60 ? String(format: "%.1fs", seconds) : String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.4g", value)
    }

    static func status(_ summary: RunSummary) -> String {
        summary.isOrphaned ? "running (process gone)" : summary.status.rawValue
    }

    /// One row per run; a column for each metric (the most common first, at most 6).
    static func runsTable(_ runs: [RunSummary], total: Int) -> Table {
        var counts: [String: Int] = [:]
        for run in runs { for name in run.metrics.keys { counts[name, default: 0] += 1 } }
        let metrics = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(6).map(\.key)
        let rows = runs.map { run -> [String] in
            [run.id.rawValue, run.name ?? "", status(run), timestamp(run.created), duration(run)]
                + metrics.map { run.metrics[$0].map(number) ?? "" } + [run.tags.joined(separator: ", ")]
        }
        let footer = total > runs.count ? "\(runs.count) of \(total) runs" : nil
        return Table(columns: ["id", "name", "status", "created", "took"] + metrics + ["tags"], rows: rows, footer: footer)
    }

    /// `tracked` names the tracked data version holding a source file (path, SHA-256), if any.
    /// One row per distinct source file behind the run's data: path, short hash, and the
    /// tracked version (`strata add`) holding those bytes.
    static func sourceRows(_ data: [DataUse], tracked: (String, String) -> TrackedVersion?) -> [[String]] {
        var seen = Set<String>()
        var rows: [[String]] = []
        for use in data {
            guard case .list(let sources)? = use.lineage["sources"] else { continue }
            for source in sources {
                guard case .string(let path)? = source["path"], case .string(let sha256)? = source["sha256"],
                      seen.insert(path + "\u{0}" + sha256).inserted else { continue }
                let version = tracked(path, sha256).map { "\($0.id.short) (\($0.path))" } ?? "-"
                rows.append([path, String(sha256.prefix(12)), version])
            }
        }
        return rows
    }

    static func show(_ run: RunRecord, tracked: (String, String) -> TrackedVersion? = { _, _ in nil }) -> String {
        var lines = ["run \(run.id)" + (run.name.map { " (\($0))" } ?? "")]
        lines.append("status:   " + status(run.summary) + (run.summary.error.map { ": \($0)" } ?? ""))
        lines.append("created:  " + timestamp(run.summary.created))
        if let ended = run.summary.ended { lines.append("ended:    \(timestamp(ended)) (took \(duration(run.summary)))") }
        if !run.summary.tags.isEmpty { lines.append("tags:     " + run.summary.tags.joined(separator: ", ")) }
        if let weights = run.weights { lines.append("weights:  \(weights)") }
        lines.append("")
        lines.append(Table(columns: ["param", "value"], rows: run.params.flattened().map { [$0.path, $0.value.description] })
            .plain())
        if !run.metrics.isEmpty {
            lines.append("")
            lines.append(Table(columns: ["metric", "value"],
                               rows: run.metrics.sorted { $0.key < $1.key }.map { [$0.key, number($0.value)] }).plain())
        }
        if !run.data.isEmpty {
            lines.append("")
            lines.append(Table(columns: ["role", "dataset", "version"],
                               rows: run.data.map { [$0.role, $0.name, String($0.contentID.prefix(16))] }).plain())
            let sources = sourceRows(run.data, tracked: tracked)
            if !sources.isEmpty {
                lines.append("")
                lines.append(Table(columns: ["source file", "sha256", "tracked version"], rows: sources).plain())
            }
        }
        if !run.history.isEmpty {
            let names = Array(Set(run.history.flatMap { $0.metrics.keys })).sorted()
            lines.append("")
            lines.append(Table(columns: ["epoch"] + names, rows: run.history.map { epoch in
                ["\(epoch.epoch)"] + names.map { epoch.metrics[$0].map(number) ?? "" }
            }).plain())
        }
        if !run.source.isEmpty {
            lines.append("")
            lines.append("source:")
            lines += run.source.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// Params and metrics of two runs side by side; `*` marks rows that differ.
    static func diff(_ left: RunRecord, _ right: RunRecord) -> Table {
        var rows: [[String]] = []
        let leftParams = Dictionary(left.params.flattened().map { ($0.path, $0.value.description) }) { first, _ in first }
        let rightParams = Dictionary(right.params.flattened().map { ($0.path, $0.value.description) }) { first, _ in first }
        var paths = left.params.flattened().map(\.path)
        for path in right.params.flattened().map(\.path) where !paths.contains(path) { paths.append(path) }
        for path in paths {
            let a = leftParams[path] ?? "", b = rightParams[path] ?? ""
            rows.append([a == b ? "" : "*", path, a, b])
        }
        for name in Set(left.metrics.keys).union(right.metrics.keys).sorted() {
            let a = left.metrics[name].map(number) ?? "", b = right.metrics[name].map(number) ?? ""
            rows.append([a == b ? "" : "*", "metric " + name, a, b])
        }
        for role in Set(left.data.map(\.role)).union(right.data.map(\.role)).sorted() {
            let a = left.data.first { $0.role == role }.map { "\($0.name)@\($0.contentID.prefix(12))" } ?? ""
            let b = right.data.first { $0.role == role }.map { "\($0.name)@\($0.contentID.prefix(12))" } ?? ""
            rows.append([a == b ? "" : "*", "data " + role, a, b])
        }
        rows.append([left.status == right.status ? "" : "*", "status", left.status.rawValue, right.status.rawValue])
        return Table(columns: ["", "field", left.name ?? left.id.rawValue, right.name ?? right.id.rawValue], rows: rows,
                     alignments: [.left, .left, .left, .left])
    }

    /// A run summary as JSON (for `strata runs --json` and `show --json`).
    static func json(_ summary: RunSummary) -> [(String, ParamValue)] {
        [("id", .string(summary.id.rawValue)), ("name", summary.name.map(ParamValue.string) ?? .null),
         ("status", .string(summary.status.rawValue)), ("error", summary.error.map(ParamValue.string) ?? .null),
         ("created", .number(summary.created.timeIntervalSince1970)),
         ("ended", summary.ended.map { .number($0.timeIntervalSince1970) } ?? .null),
         ("metrics", .metrics(summary.metrics)), ("tags", .list(summary.tags.map(ParamValue.string)))]
    }

    static func json(_ run: RunRecord) -> ParamValue {
        .record(json(run.summary) + [
            ("params", run.params), ("weights", run.weights.map { .string($0.hex) } ?? .null),
            ("history", .list(run.history.map { epoch in
                .record([("epoch", .number(Double(epoch.epoch))), ("metrics", .metrics(epoch.metrics))])
            })),
            ("data", .list(run.data.map { use in
                .record([("role", .string(use.role)), ("name", .string(use.name)), ("content_id", .string(use.contentID))])
            })),
            ("source", .string(run.source)),
        ])
    }
}
