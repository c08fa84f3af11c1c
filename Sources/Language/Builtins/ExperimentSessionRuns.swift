import Experiments
import Foundation
import Store

/// `runs()` when the store cannot be opened: this session's own runs (which `fit`
/// keeps in `TrainingRuns`), sorted the way the store would sort them, with a note
/// saying why the store's runs are missing.
enum ExperimentSessionRuns {
    static func list(
        _ call: BuiltinCall, sort: String, limit: Int?, filter: RunFilter,
        problem: String
    ) throws(RuntimeError) -> ExperimentRunList {
        let runs = call.trainingRuns.matching(filter)
        let descending = sort.hasPrefix("-")
        let field = descending ? String(sort.dropFirst()) : sort
        let metrics = Set(runs.flatMap { $0.finalMetrics.map(\.name) })
        let ordered: [RunValue]
        switch field {
        case "created", "id":
            // Ids sort in creation order, as the store's do.
            ordered = runs.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
        case "ended":
            ordered = runs.sorted { ($0.ended ?? .distantFuture, $0.id) < ($1.ended ?? .distantFuture, $1.id) }
        case "name":
            ordered = runs.sorted { ($0.name ?? "\u{10FFFF}", $0.id) < ($1.name ?? "\u{10FFFF}", $1.id) }
        case "status":
            ordered = runs.sorted { ($0.status.rawValue, $0.id) < ($1.status.rawValue, $1.id) }
        default:
            guard metrics.contains(field) else {
                throw call.invalid(
                    "sort",
                    ExperimentBuiltins.unknownSort(
                        field, known: ["created", "ended", "name", "status", "id"] + metrics.sorted()))
            }
            func value(_ run: RunValue) -> Double? { run.finalMetrics.first { $0.name == field }?.value }
            // Runs without the metric go last whichever the direction, so sort them apart.
            let with = runs.filter { value($0) != nil }.sorted { value($0)! < value($1)! }
            let without = runs.filter { value($0) == nil }
            let chosen = descending ? Array(with.reversed()) : with
            let entries = Array((chosen + without).prefix(limit ?? Int.max))
            return make(entries, total: runs.count, sort: sort, problem: problem)
        }
        let directed = descending ? Array(ordered.reversed()) : ordered
        return make(Array(directed.prefix(limit ?? Int.max)), total: runs.count, sort: sort, problem: problem)
    }

    private static func make(_ runs: [RunValue], total: Int, sort: String, problem: String) -> ExperimentRunList {
        let rows = runs.map { run in
            RunRow(
                id: run.id, name: run.name, status: run.status.rawValue, created: run.created, ended: run.ended,
                metrics: Dictionary(run.finalMetrics.map { ($0.name, $0.value) }) { first, _ in first }, tags: run.tags)
        }
        let ids = runs.map(\.id)
        let length = RunPresenter.shortIDLength(ids, among: ids)
        return ExperimentRunList(
            rows: rows, total: total, sort: sort, shortIDLength: length,
            note: "this session's runs only: \(problem)"
        ) { runs }
    }
}
