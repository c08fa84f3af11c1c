import Foundation
import Render
import Store

/// What `runs()` returns (`type(x)` is `"runs"`): the runs as a table (short id, name,
/// status, created, key metrics, tags), and a sequence of run values:
/// `runs()[0].name`, `for r in runs() { ... }`, `len(runs())`, `list(runs())`.
///
/// The table needs only the store's summaries; the runs themselves (params, history,
/// weights) are read the first time an element is asked for.
final class ExperimentRunList: NativeValue {
    /// One row of the table.
    struct Entry {
        var id: String
        var name: String?
        var status: String
        var created: Date
        var metrics: [String: Double]
        var tags: [String]
    }

    let entries: [Entry]
    /// How many runs the store has in all (the list may be limited).
    let total: Int
    /// The `sort` argument, for the caption.
    let sort: String
    /// How many characters of each id the table shows: enough to name each run alone.
    let shortIDLength: Int
    /// A line under the table, e.g. why only this session's runs are listed.
    let note: String?
    private let load: () -> [RunValue]
    private var loaded: [Value]?

    init(entries: [Entry], total: Int, sort: String, shortIDLength: Int, note: String? = nil,
         load: @escaping () -> [RunValue]) {
        self.entries = entries
        self.total = total
        self.sort = sort
        self.shortIDLength = shortIDLength
        self.note = note
        self.load = load
    }

    var typeName: String { "runs" }

    var length: Int? { entries.count }

    func elements() -> [Value]? {
        if let loaded { return loaded }
        let values = load().map { Value.native($0) }
        loaded = values
        return values
    }

    func display() -> MimeBundle {
        let table = self.table
        return MimeBundle(plain: table.plain(), extra: ["text/html": table.html(), "text/markdown": table.markdown()])
    }

    /// `runs: 2 of 14, newest first`.
    var summary: String { "runs: " + countText }

    private var countText: String {
        let shown = total > entries.count ? "\(entries.count) of \(total)" : "\(entries.count)"
        return shown + ", " + ExperimentRunList.orderText(sort)
    }

    var table: Table {
        let metrics = ExperimentRunList.metricColumns(entries, sort: sort)
        let hasTags = entries.contains { !$0.tags.isEmpty }
        var columns = ["id", "name", "status", "created"] + metrics
        if hasTags { columns.append("tags") }
        let rows = entries.map { entry -> [String] in
            var row = [String(entry.id.prefix(shortIDLength)), entry.name ?? "", entry.status,
                       ExperimentRunList.timeText(entry.created)]
            row += metrics.map { entry.metrics[$0].map(RunValue.metricText) ?? "" }
            if hasTags { row.append(entry.tags.joined(separator: ", ")) }
            return row
        }
        let caption = entries.isEmpty ? "no runs yet: every fit is recorded here" : "runs: " + countText
        var footer: String? = total > entries.count ? "\(total - entries.count) more: runs(limit: \(total))" : nil
        if let note { footer = footer.map { $0 + "; " + note } ?? note }
        let alignments: [Table.Alignment] = columns.indices.map { $0 >= 4 && $0 < 4 + metrics.count ? .right : .left }
        return Table(columns: columns, rows: rows, alignments: alignments, caption: caption, footer: footer)
    }

    /// `newest first`, `sorted by val_accuracy, highest first`.
    static func orderText(_ sort: String) -> String {
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
    static func metricColumns(_ entries: [Entry], sort: String) -> [String] {
        let present = Set(entries.flatMap { $0.metrics.keys })
        let preferred = ["accuracy", "rmse", "f1", "mae", "precision", "recall", "loss"].flatMap { ["val_" + $0, $0] }
        var columns = preferred.filter(present.contains) + present.subtracting(preferred).sorted()
        columns = Array(columns.prefix(4))
        let field = sort.hasPrefix("-") ? String(sort.dropFirst()) : sort
        if present.contains(field), !columns.contains(field) { columns = [field] + columns.prefix(3) }
        return columns
    }

    /// `2025-11-29 14:02:07`, local time, as the command line shows it.
    static func timeText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// The shortest id length, at least 8, at which every id in `ids` names its run
    /// alone: unique among them and, checked with `isUnique` (the store), among all runs.
    static func shortIDLength(_ ids: [String], isUnique: (String, String) -> Bool) -> Int {
        let longest = ids.map(\.count).max() ?? 8
        var length = min(8, longest)
        while length < longest {
            let prefixes = ids.map { String($0.prefix(length)) }
            if Set(prefixes).count == prefixes.count,
               zip(prefixes, ids).allSatisfy({ isUnique($0.0, $0.1) }) { break }
            length += 1
        }
        return length
    }
}
