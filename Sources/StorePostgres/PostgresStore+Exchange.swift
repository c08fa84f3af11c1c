import Foundation
import PostgresNIO
import Store

/// The team store as one side of `strata store push|pull`: runs, sweeps and tracked
/// data versions come in with their ids kept, only where missing, a batch of runs per
/// transaction (each run's history in one statement, so a run costs a few round trips,
/// not one per point).
extension PostgresStore: StoreExchange {
    public func trackedVersions(path: String?) throws(StoreError) -> [TrackedVersion] {
        let rows = try bridge.rows(
            """
            SELECT path, manifest, kind, files, bytes, created_ms FROM tracked_versions
            WHERE CAST(\(path) AS TEXT) IS NULL OR path = \(path) ORDER BY id DESC
            """)
        var versions: [TrackedVersion] = []
        for row in rows {
            let version = try PostgresStore.decode(row, offset: 0) { c -> TrackedVersion? in
                guard let id = ObjectID(hex: try c[1].decode(String.self)) else { return nil }
                return TrackedVersion(
                    path: try c[0].decode(String.self), id: id,
                    isFolder: try c[2].decode(String.self) == "folder", files: try c[3].decode(Int.self),
                    bytes: try c[4].decode(Int64.self),
                    created: Date(milliseconds: try c[5].decode(Int64.self)))
            }
            if let version { versions.append(version) }
        }
        return versions
    }

    public func importRuns(_ records: [RunRecord]) throws(StoreError) -> [RunID] {
        guard !records.isEmpty else { return [] }
        return try bridge.transaction { connection -> [RunID] in
            let ids = records.map(\.id.rawValue)
            let held = Set(
                try await connection.run("SELECT id FROM runs WHERE id = ANY(\(ids))").collect()
                    .map { try $0.decode(String.self) })
            var imported: [RunID] = []
            for record in records where !held.contains(record.id.rawValue) {
                try await PostgresStore.insert(record, on: connection)
                imported.append(record.id)
            }
            return imported
        }
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    private static func insert(_ record: RunRecord, on connection: PostgresConnection) async throws {
        let summary = record.summary
        let key = summary.id.rawValue
        let created = milliseconds(summary.created)
        for use in record.data { try await recordDatasetVersion(use, now: created, on: connection) }
        let columns = summary.outcome?.columnValues
        let metrics = ParamValue.metrics(summary.metrics).json
        try await connection.run(
            """
            INSERT INTO runs (id, name, status, error, created_ms, ended_ms, source, params, metrics, weights, host, pid,
                              model_spec, preprocessing, outcome, outcome_epoch, outcome_batch, outcome_batches, best_epoch)
            VALUES (\(key), \(summary.name), \(summary.status.rawValue), \(summary.error), \(created),
                    \(summary.ended.map(milliseconds)), \(record.source), \(record.params.json), CAST(\(metrics) AS JSONB),
                    \(record.weights?.hex), \(summary.host), \(summary.pid), \(record.modelSpec), \(record.preprocessing),
                    \(columns?.name), \(columns?.epoch), \(columns?.batch), \(columns?.batches), \(columns?.bestEpoch))
            """
        ).collect()
        // The history as one statement (PostgreSQL takes up to 65,535 parameters).
        let points = record.history.flatMap { epoch in
            epoch.metrics.sorted { $0.key < $1.key }.map { (epoch.epoch, $0.key, $0.value, milliseconds(epoch.time)) }
        }
        for start in stride(from: 0, to: points.count, by: 10_000) {
            var bindings = PostgresBindings()
            var values: [String] = []
            for (epoch, name, value, time) in points[start..<min(start + 10_000, points.count)] {
                let base = bindings.count
                bindings.append(key)
                bindings.append(epoch)
                bindings.append(name)
                bindings.append(value.isFinite ? value : nil)
                bindings.append(time)
                values.append("($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4), $\(base + 5))")
            }
            try await connection.run(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO metric_history (run_id, epoch, name, value, time_ms) VALUES \(values.joined(separator: ", "))
                        ON CONFLICT (run_id, epoch, name) DO NOTHING
                        """, binds: bindings)
            ).collect()
        }
        for use in record.data {
            try await connection.run(
                """
                INSERT INTO run_data (run_id, role, content_id) VALUES (\(key), \(use.role), \(use.contentID))
                ON CONFLICT (run_id, role) DO NOTHING
                """
            ).collect()
        }
        for label in summary.tags {
            try await connection.run(
                "INSERT INTO tags (run_id, label) VALUES (\(key), \(label)) ON CONFLICT DO NOTHING"
            ).collect()
        }
        for artifact in record.artifacts {
            try await connection.run(
                """
                INSERT INTO artifacts (run_id, name, object_id, media_type)
                VALUES (\(key), \(artifact.name), \(artifact.object.hex), \(artifact.mediaType)) ON CONFLICT DO NOTHING
                """
            ).collect()
        }
    }

    public func importSweep(_ definition: SweepDefinition, trials: [SweepTrialRow]) throws(StoreError) -> Int {
        try bridge.transaction { connection -> Int in
            try await connection.run(
                """
                INSERT INTO sweeps (name, space, method, seed, objective, goal, pruner, trials, created_ms)
                VALUES (\(definition.name), \(definition.space.json), \(definition.method), \(Int64(definition.seed)),
                        \(definition.objective?.json), \(definition.goal.rawValue), \(definition.pruner),
                        \(max(0, definition.trials)), \(PostgresStore.milliseconds(definition.created)))
                ON CONFLICT (name) DO NOTHING
                """
            ).collect()
            var held: [Int: String] = [:]
            for row in try await connection.run(
                "SELECT number, state FROM sweep_trials WHERE sweep = \(definition.name) FOR UPDATE"
            )
            .collect() {
                held[try row.decode(Int.self, context: .default)] = try Array(row)[1].decode(String.self)
            }
            let runIDs = trials.compactMap(\.run?.rawValue)
            let runs = Set(
                try await connection.run("SELECT id FROM runs WHERE id = ANY(\(runIDs))").collect()
                    .map { try $0.decode(String.self) })
            var changed = 0
            for trial in trials {
                if let state = held[trial.number], !(state == "running" && trial.state != .running) { continue }
                // A trial's run may not have come along (it was not selected).
                let run = trial.run.map(\.rawValue).flatMap { runs.contains($0) ? $0 : nil }
                let intermediate = ParamValue.record(
                    trial.intermediate.sorted { $0.key < $1.key }
                        .map { (String($0.key), ParamValue.number($0.value)) }
                ).json
                try await connection.run(
                    """
                    INSERT INTO sweep_trials (sweep, number, params, state, value, run_id, error, process_gone, intermediate,
                                              host, pid, heartbeat_ms, started_ms, ended_ms)
                    VALUES (\(definition.name), \(trial.number), \(trial.params.json), \(trial.state.rawValue), \(trial.value),
                            \(run), \(trial.error), \(trial.processGone), CAST(\(intermediate) AS JSONB), \(trial.host),
                            \(trial.pid), \(PostgresStore.milliseconds(trial.heartbeat)),
                            \(PostgresStore.milliseconds(trial.started)), \(trial.ended.map(PostgresStore.milliseconds)))
                    ON CONFLICT (sweep, number) DO UPDATE SET params = EXCLUDED.params, state = EXCLUDED.state,
                        value = EXCLUDED.value, run_id = EXCLUDED.run_id, error = EXCLUDED.error,
                        process_gone = EXCLUDED.process_gone, intermediate = EXCLUDED.intermediate, host = EXCLUDED.host,
                        pid = EXCLUDED.pid, heartbeat_ms = EXCLUDED.heartbeat_ms, started_ms = EXCLUDED.started_ms,
                        ended_ms = EXCLUDED.ended_ms
                    """
                ).collect()
                changed += 1
            }
            return changed
        }
    }

    public func importTrackedVersions(_ versions: [TrackedVersion]) throws(StoreError) -> Int {
        guard !versions.isEmpty else { return 0 }
        return try bridge.transaction { connection -> Int in
            var added = 0
            for version in versions.sorted(by: { $0.created < $1.created }) {
                let rows = try await connection.run(
                    """
                    INSERT INTO tracked_versions (path, manifest, kind, files, bytes, created_ms)
                    VALUES (\(version.path), \(version.id.hex), \(version.isFolder ? "folder" : "file"), \(version.files),
                            \(version.bytes), \(PostgresStore.milliseconds(version.created)))
                    ON CONFLICT (path, manifest) DO NOTHING RETURNING id
                    """
                ).collect()
                added += rows.count
            }
            return added
        }
    }

    public func presentObjects(among ids: Set<ObjectID>) throws(StoreError) -> Set<ObjectID> {
        try objects.presentObjects(among: ids)
    }

    public func objectReceiver() throws(StoreError) -> any ObjectReceiver {
        try objects.objectReceiver()
    }
}

extension PostgresStore: SessionStore {
    public func trackedVersion(holding path: String, sha256: String) throws(StoreError) -> TrackedVersion? {
        try trackedVersionListed(holding: path, sha256: sha256)
    }
}
