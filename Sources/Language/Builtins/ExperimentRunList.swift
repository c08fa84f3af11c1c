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

    /// Rows beyond this are left out of the display (a table of 10,000 runs helps no one).
    static let displayRowLimit = 100

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
        let shown = entries.prefix(ExperimentRunList.displayRowLimit)
        let rows = shown.map { entry -> [String] in
            var row = [String(entry.id.prefix(shortIDLength)), entry.name ?? "", entry.status,
                       ExperimentRunList.timeText(entry.created)]
            row += metrics.map { entry.metrics[$0].map(RunValue.metricText) ?? "" }
            if hasTags { row.append(entry.tags.joined(separator: ", ")) }
            return row
        }
        let caption = entries.isEmpty ? "no runs yet: every fit is recorded here" : "runs: " + countText
        var notes: [String] = []
        if shown.count < entries.count {
            notes.append("\(entries.count - shown.count) more rows not shown (elements \(shown.count) to \(entries.count - 1))")
        }
        if total > entries.count { notes.append("\(total - entries.count) more in the store: runs(limit: nil)") }
        if let note { notes.append(note) }
        let footer = notes.isEmpty ? nil : notes.joined(separator: "; ")
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
    /// alone among `all` (every run's id): one more than the longest prefix it shares
    /// with its neighbours in sorted order.
    static func shortIDLength(_ ids: [String], among all: [String]) -> Int {
        let longest = ids.map(\.count).max() ?? 8
        let sorted = all.sorted()
        var length = min(8, longest)
        for id in ids {
            // The first index whose id is not below `id`.
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

    /// The same, asking `isUnique(prefix, id)` (the store) whether a prefix names its
    /// run alone: cheaper than every id when the list is a short part of a long store.
    static func shortIDLength(_ ids: [String], isUnique: (String, String) -> Bool) -> Int {
        let longest = ids.map(\.count).max() ?? 8
        var length = max(min(8, longest), shortIDLength(ids, among: ids))
        while length < longest, !ids.allSatisfy({ isUnique(String($0.prefix(length)), $0) }) {
            length += 1
        }
        return length
    }
}
