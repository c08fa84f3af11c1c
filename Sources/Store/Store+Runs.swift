import Foundation
import GRDB

/// Writing runs: what `fit` calls as it trains. Each call is its own committed
/// transaction, so a run is visible as `running` as soon as it begins, and every epoch
/// recorded before a crash stays recorded.
extension Store {
    /// Records a new run as `running` with its params, data and cell source, and
    /// returns its id. Dataset versions it uses are recorded if new.
    ///
    /// - Parameters:
    ///   - name: the `name:` given to `fit`, or nil.
    ///   - params: a record: model layers, optimizer, every fit label, seed.
    ///   - modelSpec: the model's spec as JSON (Docs/StoreFormat.md), nil for no model.
    ///   - preprocessing: what the training data went through, as JSON, nil for none.
    ///   - data: the datasets used, by role.
    ///   - source: the source of the cell that called `fit`.
    public func beginRun(
        name: String?, params: ParamValue, modelSpec: String? = nil, preprocessing: String? = nil,
        data: [DataUse], source: String
    ) throws(StoreError) -> RunID {
        let now = Store.nowMilliseconds()
        let id = RunID.make(milliseconds: now)
        let host = RunSummary.localHost
        let pid = Int(getpid())
        try write { db in
            for use in data { try Store.recordDatasetVersion(use, in: db, now: now) }
            try db.execute(
                sql: """
                    INSERT INTO runs (id, name, status, created_ms, source, params, model_spec, preprocessing, metrics, host, pid)
                    VALUES (?, ?, 'running', ?, ?, ?, ?, ?, '{}', ?, ?)
                    """, arguments: [id.rawValue, name, now, source, params.json, modelSpec, preprocessing, host, pid])
            for use in data {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO run_data (run_id, role, content_id) VALUES (?, ?, ?)",
                    arguments: [id.rawValue, use.role, use.contentID])
            }
        }
        return id
    }

    /// Records one epoch's metrics (committed at once). Recording an epoch again
    /// replaces its values.
    public func appendEpoch(_ run: RunID, epoch: Int, metrics: [String: Double]) throws(StoreError) {
        let now = Store.nowMilliseconds()
        try write { db in
            for (name, value) in metrics.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO metric_history (run_id, epoch, name, value, time_ms) VALUES (?, ?, ?, ?, ?)
                        """, arguments: [run.rawValue, epoch, name, value.isFinite ? value : nil, now])
            }
        }
    }

    /// Ends a run: how it ended (its status follows), final metrics, trained weights
    /// (stored as an object before the row points at it) and, for `.failed`, the error.
    public func finishRun(
        _ run: RunID, outcome: RunOutcome, metrics: [String: Double], weights: Data?,
        error: String?
    ) throws(StoreError) {
        // The object is durable before the row that refers to it commits.
        let weightsID = try weights.map { (data) throws(StoreError) in try objects.put(data) }
        let now = Store.nowMilliseconds()
        let columns = outcome.columnValues
        let changed = try write { db in
            try db.execute(
                sql: """
                    UPDATE runs SET status = ?, ended_ms = ?, metrics = ?, weights = ?, error = ?, outcome = ?,
                        outcome_epoch = ?, outcome_batch = ?, outcome_batches = ?, best_epoch = ? WHERE id = ?
                    """,
                arguments: [
                    outcome.status.rawValue, now, ParamValue.metrics(metrics).json, weightsID?.hex, error,
                    columns.name, columns.epoch, columns.batch, columns.batches, columns.bestEpoch,
                    run.rawValue,
                ])
            return db.changesCount
        }
        guard changed == 1 else { throw .unknownRun(run.rawValue) }
    }

    /// Adds a label to a run (adding it twice is harmless).
    public func tag(_ run: RunID, _ label: String) throws(StoreError) {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [run.rawValue]) == true
            else {
                throw StoreError.unknownRun(run.rawValue)
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO tags (run_id, label) VALUES (?, ?)", arguments: [run.rawValue, label])
        }
    }

    /// Removes a label from a run.
    public func untag(_ run: RunID, _ label: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM tags WHERE run_id = ? AND label = ?", arguments: [run.rawValue, label])
        }
    }

    /// Stores `data` as an artifact of the run (a figure, a report) under `name`.
    @discardableResult
    public func addArtifact(_ run: RunID, name: String, data: Data, mediaType: String) throws(StoreError) -> ObjectID {
        let id = try objects.put(data)
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO artifacts (run_id, name, object_id, media_type) VALUES (?, ?, ?, ?)
                    """, arguments: [run.rawValue, name, id.hex, mediaType])
        }
        return id
    }
}
