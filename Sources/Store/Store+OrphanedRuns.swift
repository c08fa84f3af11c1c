import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension Store {
    /// Marks `interrupted` the runs still `running` whose process, on this host, is gone
    /// (killed, or the machine crashed): what they recorded stays, their end is their
    /// last recorded epoch, and their outcome is `.processGone` (the `pid` column says
    /// which process it was). Called on every open,
    /// so `runs()` never shows a run as training when nothing trains it.
    ///
    /// Only this host's processes can be checked; a reused pid keeps a run `running`
    /// (the safe side). A run wrongly swept (a live writer in another pid namespace under
    /// the same host name) is set right by its own `finishRun`, which overwrites status.
    func settleOrphanedRuns() throws(StoreError) {
        let host = ProcessInfo.processInfo.hostName
        let running = try read { db in
            try Row.fetchAll(db, sql: "SELECT id, pid FROM runs WHERE status = 'running' AND host = ? AND pid IS NOT NULL",
                             arguments: [host])
                .map { (id: $0["id"] as String, pid: $0["pid"] as Int) }
        }
        let gone = running.filter { kill(pid_t($0.pid), 0) != 0 && errno == ESRCH }
        guard !gone.isEmpty else { return }
        try write { db in
            for run in gone {
                let lastEpoch = try Row.fetchOne(db, sql: """
                    SELECT max(epoch) AS epoch, max(time_ms) AS time FROM metric_history WHERE run_id = ?
                    """, arguments: [run.id])
                let epoch: Int? = lastEpoch?["epoch"]
                let ended: Int64? = lastEpoch?["time"]
                let outcome = RunOutcome.processGone(lastEpoch: epoch)
                // Guarded by status: a writer that finishes meanwhile wins.
                try db.execute(sql: """
                    UPDATE runs SET status = ?, outcome = ?, outcome_epoch = ?, ended_ms = coalesce(?, created_ms)
                    WHERE id = ? AND status = 'running'
                    """, arguments: [outcome.status.rawValue, outcome.columnValues.name, epoch, ended, run.id])
            }
        }
    }
}
