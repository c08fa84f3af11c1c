import Experiments
import Store

/// `runs(sort: obj)`: the runs `filter` keeps, ranked by an objective (runs that meet
/// every requirement first, best score first; then those that miss one; then those
/// without a score), each row showing its score. From the store, or this session's
/// runs when the store cannot be opened.
enum ObjectiveRunList {
    static func list(
        _ call: BuiltinCall, objective: Objective, limit: Int?,
        filter: RunFilter
    ) throws(RuntimeError) -> ExperimentRunList {
        let experiments: ExperimentStore
        do throws(RuntimeError) {
            experiments = try call.experimentStore()
        } catch {
            return try session(call, objective: objective, limit: limit, filter: filter, problem: error.message)
        }
        let store = experiments.store
        let summaries: [RunSummary]
        do throws(StoreError) {
            summaries = try store.runs(sort: "-created", limit: nil, filter: filter)
        } catch {
            throw call.failure(error.description)
        }
        let ranked = Array(try rank(call, objective, summaries, metrics: \.metrics).prefix(limit ?? Int.max))
        let length = RunPresenter.shortIDLength(ranked.map(\.id.rawValue), total: summaries.count, store: store)
        return ExperimentRunList(
            rows: rows(ranked.map(RunRow.init), objective), total: summaries.count,
            sort: sortText(objective), shortIDLength: length,
            note: note(objective, ranked.map(\.metrics))
        ) {
            summaries.isEmpty
                ? []
                : ranked.compactMap { try? store.run($0.id.rawValue) }.map {
                    ExperimentWeights.run($0, from: experiments)
                }
        }
    }

    /// This session's runs, ranked the same way, when the store is out of reach.
    private static func session(
        _ call: BuiltinCall, objective: Objective, limit: Int?, filter: RunFilter,
        problem: String
    ) throws(RuntimeError) -> ExperimentRunList {
        let runs = call.trainingRuns.matching(filter)
        func metrics(_ run: RunValue) -> [String: Double] {
            Dictionary(run.finalMetrics.map { ($0.name, $0.value) }) { first, _ in first }
        }
        let ranked = Array(try rank(call, objective, runs, metrics: metrics).prefix(limit ?? Int.max))
        let rows = ranked.map { run in
            RunRow(
                id: run.id, name: run.name, status: run.status.rawValue, created: run.created, ended: run.ended,
                metrics: metrics(run), tags: run.tags)
        }
        let ids = ranked.map(\.id)
        let note = [note(objective, ranked.map(metrics)), "this session's runs only: \(problem)"].compactMap { $0 }
        return ExperimentRunList(
            rows: self.rows(rows, objective), total: runs.count, sort: sortText(objective),
            shortIDLength: RunPresenter.shortIDLength(ids, among: ids),
            note: note.joined(separator: "; ")
        ) { ranked }
    }

    /// The items best first, after checking the objective suits them.
    private static func rank<Item>(
        _ call: BuiltinCall, _ objective: Objective, _ items: [Item],
        metrics: (Item) -> [String: Double]
    ) throws(RuntimeError) -> [Item] {
        do throws(ObjectiveError) {
            try objective.check(runs: items.map(metrics))
        } catch {
            throw call.objectiveProblem("sort", error)
        }
        return objective.ranked(items, metrics: metrics)
    }

    /// The rows with each run's score as the `score` column (sorted on, so shown first).
    private static func rows(_ rows: [RunRow], _ objective: Objective) -> [RunRow] {
        rows.map { row in
            var row = row
            row.metrics["score"] = objective.score(row.metrics)
            return row
        }
    }

    /// The caption's order: `sorted by score, highest first` for a goal of max.
    private static func sortText(_ objective: Objective) -> String {
        objective.goal == .max ? "-score" : "score"
    }

    /// `score: max val_recall, require val_precision ≥ 0.9; 2 runs miss a requirement (ranked below)`.
    private static func note(_ objective: Objective, _ metrics: [[String: Double]]) -> String? {
        var text = "score: \(objective)"
        let missing = metrics.filter { objective.score($0) != nil && !objective.standing($0).missed.isEmpty }.count
        if missing > 0 { text += "; \(missing) run\(missing == 1 ? " misses" : "s miss") a requirement (ranked below)" }
        return text
    }
}
