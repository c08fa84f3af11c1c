import Foundation
import GRDB

/// Outcomes for runs that schema 3 recorded as a status plus prose, derived once (by
/// the migration to schema 4, and for runs imported from an older bundle):
///
/// - `finished`: completed, unless its final loss is not the last epoch's: then it was
///   stopped early, and the kept epoch is the last one whose loss (and validation
///   loss) equal the final ones. This float comparison is how schema 3 readers told;
///   it happens here once, and never again.
/// - `interrupted` with `error` "stopped at epoch E, batch B of N": interrupted there.
/// - `interrupted` with `error` "process P ended after epoch E ..." (or "before the first
///   epoch ended"): its process was gone; with no final metrics, it gets its last
///   epoch's, as a run settled now does (`settleOrphanedRuns`).
/// - `failed`: failed, the error kept.
///
/// The prose these read is what schema 3 writers wrote and nothing else; the error
/// column is cleared where the outcome now says it.
enum LegacyOutcomes {
    /// Derives the outcome of every ended run that has none.
    static func derive(in db: Database) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, status, error, metrics FROM runs WHERE outcome IS NULL AND status != 'running'
                """)
        for row in rows {
            let id: String = row["id"]
            let status: String = row["status"]
            let error: String? = row["error"]
            var outcome: RunOutcome
            var keepError = false
            var metrics: String? = nil
            switch status {
            case "finished":
                outcome = try finished(id, metrics: ParamValue.parse(row["metrics"] ?? "{}")?.numbers ?? [:], in: db)
            case "interrupted":
                if let parsed = interrupted(error) {
                    outcome = parsed
                } else {
                    let last = try Store.lastEpoch(of: id, in: db)
                    outcome = .processGone(lastEpoch: last?.epoch)
                    if let last, ParamValue.parse(row["metrics"] ?? "{}")?.numbers.isEmpty ?? true {
                        metrics = ParamValue.metrics(last.metrics).json
                    }
                }
            default:
                outcome = .failed
                keepError = true
            }
            let values = outcome.columnValues
            try db.execute(
                sql: """
                    UPDATE runs SET outcome = ?, outcome_epoch = ?, outcome_batch = ?, outcome_batches = ?, best_epoch = ?,
                        error = ?, metrics = coalesce(?, metrics) WHERE id = ?
                    """,
                arguments: [
                    values.name, values.epoch, values.batch, values.batches, values.bestEpoch,
                    keepError ? error : nil, metrics, id,
                ])
        }
    }

    private static func finished(_ id: String, metrics final: [String: Double], in db: Database) throws -> RunOutcome {
        let history = try Store.history(of: RunID(rawValue: id), in: db)
        guard let last = history.last, let loss = final["loss"], last.metrics["loss"] != loss else { return .completed }
        let kept = history.last { $0.metrics["loss"] == loss && $0.metrics["val_loss"] == final["val_loss"] }
        guard let kept else { return .completed }
        return .stoppedEarly(stoppedEpoch: last.epoch, keptEpoch: kept.epoch)
    }

    /// "stopped at epoch 3, batch 5 of 7".
    static func interrupted(_ error: String?) -> RunOutcome? {
        guard let error, error.hasPrefix("stopped at epoch ") else { return nil }
        let numbers = error.split { !$0.isNumber }.compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        return .interrupted(epoch: numbers[0], batch: numbers[1], batches: numbers[2])
    }
}
