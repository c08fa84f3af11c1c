import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

extension Store {
    /// Marks `interrupted` the runs still `running` whose process, on this host, is gone
    /// (killed, or the machine crashed): what they recorded stays, their end is their
    /// last recorded epoch, their final metrics are that epoch's (as an interrupted run
    /// keeps its last finished epoch's, so it is not blank in `runs` and sorts by its
    /// metrics), and their outcome is `.processGone` (the `pid` column says which
    /// process it was). Called on every open,
    /// so `runs()` never shows a run as training when nothing trains it.
    ///
    /// Only this host's processes can be checked; a reused pid keeps a run `running`
    /// (the safe side). A run wrongly swept (a live writer in another pid namespace under
    /// the same host name) is set right by its own `finishRun`, which overwrites status.
    func settleOrphanedRuns() throws(StoreError) {
        let host = RunSummary.localHost
        let running = try read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, pid FROM runs WHERE status = 'running' AND host = ? AND pid IS NOT NULL",
                arguments: [host]
            )
            .map { (id: $0["id"] as String, pid: $0["pid"] as Int) }
        }
        let gone = running.filter { kill(pid_t($0.pid), 0) != 0 && errno == ESRCH }
        guard !gone.isEmpty else { return }
        try write { db in
            for run in gone {
                let last = try Store.lastEpoch(of: run.id, in: db)
                let outcome = RunOutcome.processGone(lastEpoch: last?.epoch)
                // Guarded by status: a writer that finishes meanwhile wins.
                try db.execute(
                    sql: """
                        UPDATE runs SET status = ?, outcome = ?, outcome_epoch = ?, metrics = ?,
                            ended_ms = coalesce(?, created_ms)
                        WHERE id = ? AND status = 'running'
                        """,
                    arguments: [
                        outcome.status.rawValue, outcome.columnValues.name, last?.epoch,
                        ParamValue.metrics(last?.metrics ?? [:]).json, last?.time, run.id,
                    ])
            }
        }
    }

    /// A run's last recorded epoch: its number, its metrics (a value stored as NULL reads
    /// as nan, as in the history) and when it was recorded; nil when none was.
    static func lastEpoch(of run: String, in db: Database) throws -> (
        epoch: Int, metrics: [String: Double], time: Int64
    )? {
        guard
            let epoch = try Int.fetchOne(
                db, sql: "SELECT max(epoch) FROM metric_history WHERE run_id = ?",
                arguments: [run])
        else { return nil }
        var metrics: [String: Double] = [:]
        var time: Int64 = 0
        for row in try Row.fetchAll(
            db, sql: "SELECT name, value, time_ms FROM metric_history WHERE run_id = ? AND epoch = ?",
            arguments: [run, epoch])
        {
            metrics[row["name"]] = (row["value"] as Double?) ?? .nan
            time = max(time, row["time_ms"])
        }
        return (epoch, metrics, time)
    }
}
