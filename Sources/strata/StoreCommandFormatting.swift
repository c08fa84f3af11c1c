import Experiments
import Foundation
import Render
import Store
import TextFormat

/// How the store's runs read in a terminal (and as JSON for scripts).
enum StoreCommandFormatting {
    /// The runs as `runs()` shows them in a notebook (`RunPresenter`).
    static func runsTable(_ runs: [RunSummary], total: Int, sort: String, store: any RunReader) -> Table {
        let ids = runs.map(\.id.rawValue)
        return RunPresenter.runsTable(
            runs.map(RunRow.init), total: total, sort: sort,
            idLength: RunPresenter.shortIDLength(ids, total: total, store: store),
            more: "--limit 0")
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
                    seen.insert(path + "\u{0}" + sha256).inserted
                else { continue }
                let version = tracked(path, sha256).map { "\($0.id.short) (\($0.path))" } ?? "-"
                rows.append([path, String(sha256.prefix(12)), version])
            }
        }
        return rows
    }

    static func show(_ run: RunRecord, tracked: (String, String) -> TrackedVersion? = { _, _ in nil }) -> String {
        var lines = ["run \(run.id)" + (run.name.map { " (\($0))" } ?? "")]
        let note = run.summary.outcome?.note(pid: run.summary.pid, error: run.summary.error) ?? run.summary.error
        lines.append("status:   " + RunPresenter.status(run.summary) + (note.map { " (\($0))" } ?? ""))
        lines.append("created:  " + DateText.local(run.summary.created))
        if let ended = run.summary.ended {
            lines.append("ended:    \(DateText.local(ended)) (took \(RunPresenter.took(run.summary.created, ended)))")
        }
        if !run.summary.tags.isEmpty { lines.append("tags:     " + run.summary.tags.joined(separator: ", ")) }
        if let weights = run.weights { lines.append("weights:  \(weights)") }
        lines.append("")
        lines.append(
            Table(columns: ["param", "value"], rows: run.params.flattened().map { [$0.path, $0.value.description] })
                .plain())
        if !run.metrics.isEmpty {
            lines.append("")
            lines.append(
                Table(
                    columns: ["metric", "value"],
                    rows: run.metrics.sorted { $0.key < $1.key }.map { [$0.key, NumberText.metric($0.value)] }
                ).plain())
        }
        if !run.data.isEmpty {
            lines.append("")
            lines.append(
                Table(
                    columns: ["role", "dataset", "version"],
                    rows: run.data.map { [$0.role, $0.name, String($0.contentID.prefix(16))] }
                ).plain())
            let sources = sourceRows(run.data, tracked: tracked)
            if !sources.isEmpty {
                lines.append("")
                lines.append(Table(columns: ["source file", "sha256", "tracked version"], rows: sources).plain())
            }
        }
        if !run.history.isEmpty {
            let names = Array(Set(run.history.flatMap { $0.metrics.keys })).sorted()
            lines.append("")
            lines.append(
                Table(
                    columns: ["epoch"] + names,
                    rows: run.history.map { epoch in
                        ["\(epoch.epoch)"] + names.map { epoch.metrics[$0].map(NumberText.metric) ?? "" }
                    }
                ).plain())
        }
        if !run.source.isEmpty {
            lines.append("")
            lines.append("source:")
            lines += run.source.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// A run summary as JSON (for `strata runs --json` and `show --json`).
    static func json(_ summary: RunSummary) -> [(String, ParamValue)] {
        [
            ("id", .string(summary.id.rawValue)), ("name", summary.name.map(ParamValue.string) ?? .null),
            ("status", .string(summary.status.rawValue)), ("error", summary.error.map(ParamValue.string) ?? .null),
            ("created", .number(summary.created.timeIntervalSince1970)),
            ("ended", summary.ended.map { .number($0.timeIntervalSince1970) } ?? .null),
            ("metrics", .metrics(summary.metrics)), ("tags", .list(summary.tags.map(ParamValue.string))),
        ]
    }
}
