import Foundation
import Render
import Store
import TextFormat

/// How runs read, in notebooks (`runs()`, `compare()`) and in the terminal (`strata
/// runs`, `show`, `diff`) alike: the same columns, the same metric selection, the same
/// number, duration and date formats, the same mark for what differs.
public enum RunPresenter {
    /// The mark on rows whose values differ between runs.
    public static let differenceMark = "≠"

    /// `running (process gone)` for a run whose process died on another host's store
    /// (this host's are settled when the store opens), else the status.
    public static func status(_ summary: RunSummary) -> String {
        summary.isOrphaned ? "running (process gone)" : summary.status.rawValue
    }

    /// How long a run took (`0.4s`, `2m 05s`), empty while it runs.
    public static func took(_ created: Date, _ ended: Date?) -> String {
        ended.map { DurationText.short($0.timeIntervalSince(created)) } ?? ""
    }

    /// The table of runs: id (as many characters as `idLength`), name, status, created,
    /// took, the key metrics, and tags when any run has one. At most `displayRowLimit`
    /// rows; the footer says what is left out and why, and `more` how to list it all
    /// (`runs(limit: nil)`, `--limit 0`).
    public static func runsTable(
        _ rows: [RunRow], total: Int, sort: String, idLength: Int, more: String,
        note: String? = nil
    ) -> Table {
        let metrics = metricColumns(rows, sort: sort)
        let hasTags = rows.contains { !$0.tags.isEmpty }
        var columns = ["id", "name", "status", "created", "took"] + metrics
        if hasTags { columns.append("tags") }
        let shown = rows.prefix(displayRowLimit)
        let cells = shown.map { row -> [String] in
            var cells = [
                String(row.id.prefix(idLength)), row.name ?? "", row.status, DateText.local(row.created),
                took(row.created, row.ended),
            ]
            cells += metrics.map { row.metrics[$0].map(NumberText.metric) ?? "" }
            if hasTags { cells.append(row.tags.joined(separator: ", ")) }
            return cells
        }
        let caption =
            rows.isEmpty ? "no runs yet: every fit is recorded here" : "runs: " + countText(rows.count, total, sort)
        var notes: [String] = []
        if shown.count < rows.count {
            notes.append(
                "\(rows.count - shown.count) more rows not shown (elements \(shown.count) to \(rows.count - 1))")
        }
        if total > rows.count { notes.append("\(total - rows.count) more in the store: \(more)") }
        if let note { notes.append(note) }
        let alignments: [Table.Alignment] = columns.indices.map { $0 >= 5 && $0 < 5 + metrics.count ? .right : .left }
        return Table(
            columns: columns, rows: cells, alignments: alignments, caption: caption,
            footer: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }

    /// Rows beyond this are left out of a displayed table (10,000 runs help no one).
    public static let displayRowLimit = 100

    /// `2 of 14, newest first`.
    public static func countText(_ shown: Int, _ total: Int, _ sort: String) -> String {
        (total > shown ? "\(shown) of \(total)" : "\(shown)") + ", " + orderText(sort)
    }

    /// `newest first`, `sorted by val_accuracy, highest first`.
    public static func orderText(_ sort: String) -> String {
        let descending = sort.hasPrefix("-")
        let field = descending ? String(sort.dropFirst()) : sort
        switch field {
        case "created": return descending ? "newest first" : "oldest first"
        case "ended": return descending ? "last ended first" : "first ended first"
        case "name", "status", "id": return "sorted by \(field)" + (descending ? ", descending" : "")
        default: return "sorted by \(field), " + (descending ? "highest first" : "lowest first")
        }
    }

    /// The metrics worth a column: validation before training, the task's metric
    /// before the loss; at most four, and the one sorted by always.
    public static func metricColumns(_ rows: [RunRow], sort: String) -> [String] {
        metricColumns(present: Set(rows.flatMap { $0.metrics.keys }), sort: sort, limit: 4)
    }

    /// The same choice among the metric names `present`, at most `limit` of them.
    public static func metricColumns(present: Set<String>, sort: String, limit: Int) -> [String] {
        let preferred = ["accuracy", "rmse", "f1", "mae", "precision", "recall", "loss"].flatMap { ["val_" + $0, $0] }
        var columns = preferred.filter(present.contains) + present.subtracting(preferred).sorted()
        columns = Array(columns.prefix(limit))
        let field = sort.hasPrefix("-") ? String(sort.dropFirst()) : sort
        if present.contains(field), !columns.contains(field) { columns = [field] + columns.prefix(limit - 1) }
        return columns
    }

    /// The shortest id length, at least 8, at which every id in `ids` names its run
    /// alone among `all` (every run's id): one more than the longest prefix it shares
    /// with its neighbours in sorted order.
    public static func shortIDLength(_ ids: [String], among all: [String]) -> Int {
        let longest = ids.map(\.count).max() ?? 8
        let sorted = all.sorted()
        var length = min(8, longest)
        for id in ids {
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < id { low = middle + 1 } else { high = middle }
            }
            let neighbours = [low - 1, low, low + 1].filter { sorted.indices.contains($0) && sorted[$0] != id }
            for neighbour in neighbours {
                let shared = zip(id, sorted[neighbour]).prefix { $0 == $1 }.count
                length = max(length, shared + 1)
            }
        }
        return min(length, longest)
    }

    /// How much of each listed id a table shows so that the id names its run alone in
    /// the whole store: checked against the listed ids when they are all the runs, one
    /// store lookup each for a short list, else against every id.
    public static func shortIDLength(_ ids: [String], total: Int, store: any RunReader) -> Int {
        if ids.count >= total { return shortIDLength(ids, among: ids) }
        if ids.count <= 100 {
            return shortIDLength(ids) { prefix, id in (try? store.resolveRun(prefix))?.rawValue == id }
        }
        let all = (try? store.runs(sort: "id", limit: nil))?.map(\.id.rawValue) ?? ids
        return shortIDLength(ids, among: all)
    }

    /// The same, asking `isUnique(prefix, id)` (the store) whether a prefix names its
    /// run alone: cheaper than every id when the list is a short part of a long store.
    public static func shortIDLength(_ ids: [String], isUnique: (String, String) -> Bool) -> Int {
        let longest = ids.map(\.count).max() ?? 8
        var length = max(min(8, longest), shortIDLength(ids, among: ids))
        while length < longest, !ids.allSatisfy({ isUnique(String($0.prefix(length)), $0) }) {
            length += 1
        }
        return length
    }
}
