import Foundation
import GRDB

/// The prediction log in SQLite (`prediction_log`; Docs/StoreFormat.md, "Added by
/// version 7"). Times are milliseconds and latencies microseconds, as integers.
extension Store: PredictionLog {
    public func appendPredictions(_ records: [PredictionRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        try write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO prediction_log (model, run_id, time_ms, request_id, inputs, outputs, latency_us)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for record in records {
                try statement.execute(arguments: [
                    record.model, record.run.rawValue, Int64((record.time.timeIntervalSince1970 * 1000).rounded()),
                    record.requestID, record.inputs, record.outputs, Int64((record.latency * 1e6).rounded()),
                ])
            }
        }
    }

    public func predictions(model: String, since: Date?) throws(StoreError) -> [PredictionRecord] {
        let from = since.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.down)) } ?? Int64.min
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT model, run_id, time_ms, request_id, inputs, outputs, latency_us FROM prediction_log
                    WHERE model = ? AND time_ms >= ? ORDER BY time_ms, id
                    """, arguments: [model, from]
            ).map { row in
                let time: Int64 = row["time_ms"]
                let latency: Int64 = row["latency_us"]
                return PredictionRecord(
                    time: Date(milliseconds: time), requestID: row["request_id"], model: row["model"],
                    run: RunID(rawValue: row["run_id"]), inputs: row["inputs"], outputs: row["outputs"],
                    latency: Double(latency) / 1e6)
            }
        }
    }

    public func predictionLogs() throws(StoreError) -> [PredictionLogSummary] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT model, count(*) AS requests, min(time_ms) AS first, max(time_ms) AS last,
                           (SELECT run_id FROM prediction_log l WHERE l.model = p.model ORDER BY time_ms DESC, id DESC LIMIT 1)
                               AS run_id
                    FROM prediction_log p GROUP BY model ORDER BY model
                    """
            ).map { row in
                let first: Int64 = row["first"], last: Int64 = row["last"]
                return PredictionLogSummary(
                    model: row["model"], run: RunID(rawValue: row["run_id"]),
                    requests: row["requests"], first: Date(milliseconds: first),
                    last: Date(milliseconds: last))
            }
        }
    }
}
