import Experiments
import Foundation
import Render
import Store

/// What `runs()` returns (`type(x)` is `"runs"`): the runs as a table (short id, name,
/// status, created, took, key metrics, tags; `RunPresenter` lays it out as `strata runs`
/// does), and a sequence of run values: `runs()[0].name`, `for r in runs() { ... }`,
/// `len(runs())`, `list(runs())`.
///
/// The table needs only the store's summaries; the runs themselves (params, history,
/// weights) are read the first time an element is asked for.
final class ExperimentRunList: NativeValue {
    let rows: [RunRow]
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

    init(
        rows: [RunRow], total: Int, sort: String, shortIDLength: Int, note: String? = nil,
        load: @escaping () -> [RunValue]
    ) {
        self.rows = rows
        self.total = total
        self.sort = sort
        self.shortIDLength = shortIDLength
        self.note = note
        self.load = load
    }

    var typeName: String { "runs" }

    var length: Int? { rows.count }

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
    var summary: String { "runs: " + RunPresenter.countText(rows.count, total, sort) }

    /// The runs `keep` accepts, in order, as a list of the same kind: it shows as a
    /// table and works with `len`, `for` and `compare` like the whole list.
    func filtered(_ keep: (Value, Int) throws(RuntimeError) -> Bool) throws(RuntimeError) -> ExperimentRunList {
        var kept: [RunValue] = []
        for (index, element) in (elements() ?? []).enumerated() where try keep(element, index) {
            if case .native(let run as RunValue) = element { kept.append(run) }
        }
        let ids = Set(kept.map(\.id))
        return ExperimentRunList(
            rows: rows.filter { ids.contains($0.id) }, total: kept.count, sort: sort,
            shortIDLength: shortIDLength, note: note
        ) { kept }
    }

    var table: Table {
        RunPresenter.runsTable(
            rows, total: total, sort: sort, idLength: shortIDLength, more: "runs(limit: nil)",
            note: note)
    }
}
