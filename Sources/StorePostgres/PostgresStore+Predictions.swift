import Foundation
import PostgresNIO
import Store

/// The prediction log in PostgreSQL (the local store's `prediction_log`, same columns).
extension PostgresStore {
    public func appendPredictions(_ records: [PredictionRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        try bridge.transaction { connection in
            for record in records {
                let time = Int64((record.time.timeIntervalSince1970 * 1000).rounded())
                let latency = Int64((record.latency * 1e6).rounded())
                try await connection.run(
                    """
                    INSERT INTO prediction_log (model, run_id, time_ms, request_id, inputs, outputs, latency_us)
                    VALUES (\(record.model), \(record.run.rawValue), \(time), \(record.requestID), \(record.inputs),
                            \(record.outputs), \(latency))
                    """
                ).collect()
            }
        }
    }

    public func predictions(model: String, since: Date?) throws(StoreError) -> [PredictionRecord] {
        let from = since.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.down)) } ?? Int64.min
        return try bridge.rows(
            """
            SELECT model, run_id, time_ms, request_id, inputs, outputs, latency_us FROM prediction_log
            WHERE model = \(model) AND time_ms >= \(from) ORDER BY time_ms, id
            """
        ).map { row throws(StoreError) in
            try PostgresStore.decode(row, offset: 0) { c in
                PredictionRecord(
                    time: Date(milliseconds: try c[2].decode(Int64.self)), requestID: try c[3].decode(String.self),
                    model: try c[0].decode(String.self), run: RunID(rawValue: try c[1].decode(String.self)),
                    inputs: try c[4].decode(String.self), outputs: try c[5].decode(String.self),
                    latency: Double(try c[6].decode(Int64.self)) / 1e6)
            }
        }
    }

    public func predictionLogs() throws(StoreError) -> [PredictionLogSummary] {
        try bridge.rows(
            """
            SELECT model, count(*), min(time_ms), max(time_ms),
                   (SELECT run_id FROM prediction_log l WHERE l.model = p.model ORDER BY time_ms DESC, id DESC LIMIT 1)
            FROM prediction_log p GROUP BY model ORDER BY model
            """
        ).map { row throws(StoreError) in
            try PostgresStore.decode(row, offset: 0) { c in
                PredictionLogSummary(
                    model: try c[0].decode(String.self), run: RunID(rawValue: try c[4].decode(String.self)),
                    requests: try c[1].decode(Int.self), first: Date(milliseconds: try c[2].decode(Int64.self)),
                    last: Date(milliseconds: try c[3].decode(Int64.self)))
            }
        }
    }
}
