import Foundation
import PostgresNIO
import Store

/// The team store: runs, sweeps, dataset versions and the prediction log in PostgreSQL,
/// objects in any `ObjectBucket` (S3 in team mode). It keeps every promise of
/// `RunStore` the local store keeps (one behaviour suite runs against both): each call
/// is one short transaction, an object is durable before a row names it, and sweep
/// trials are claimed under a row lock on the sweep, so workers on several machines
/// share a sweep without running a trial twice.
public final class PostgresStore: RunStore, PredictionLog {
    let bridge: PostgresBridge
    public let objects: any ObjectBucket

    /// Connects (lazily: the first call connects) and migrates the schema.
    /// - Throws: `.database` naming the server when it cannot be reached or refuses.
    public init(settings: PostgresSettings, objects: any ObjectBucket) throws(StoreError) {
        bridge = PostgresBridge(settings: settings)
        self.objects = objects
        try bridge.checkReachable()
        try PostgresSchema.migrate(bridge)
    }

    public var location: String { bridge.settings.description }

    // MARK: Objects

    @discardableResult
    public func putObject(_ data: Data) throws(StoreError) -> ObjectID { try objects.putObject(data) }

    public func object(_ id: ObjectID) throws(StoreError) -> Data { try objects.object(id) }

    public func readObjects(
        _ ids: [ObjectID], jobs: Int,
        _ each: @escaping @Sendable (ObjectID, Result<Data, StoreError>) throws(StoreError) -> Void
    )
        throws(StoreError)
    {
        try objects.readObjects(ids, jobs: jobs, each)
    }

    // MARK: Writing runs

    public func beginRun(
        name: String?, params: ParamValue, modelSpec: String?, preprocessing: String?, data: [DataUse],
        source: String
    ) throws(StoreError) -> RunID {
        let host = RunSummary.localHost
        let pid = Int(getpid())
        let paramsText = params.json
        return try bridge.transaction { connection -> RunID in
            let now = Store.nowMilliseconds()
            let id = RunID.make(milliseconds: now)
            for use in data { try await PostgresStore.recordDatasetVersion(use, now: now, on: connection) }
            try await connection.run(
                """
                INSERT INTO runs (id, name, status, created_ms, source, params, model_spec, preprocessing, host, pid)
                VALUES (\(id.rawValue), \(name), 'running', \(now), \(source), \(paramsText), \(modelSpec), \(preprocessing),
                        \(host), \(pid))
                """
            ).collect()
            for use in data {
                try await connection.run(
                    """
                    INSERT INTO run_data (run_id, role, content_id) VALUES (\(id.rawValue), \(use.role), \(use.contentID))
                    ON CONFLICT (run_id, role) DO UPDATE SET content_id = EXCLUDED.content_id
                    """
                ).collect()
            }
            return id
        }
    }

    static func recordDatasetVersion(_ use: DataUse, now: Int64, on connection: PostgresConnection) async throws {
        try await connection.run(
            """
            INSERT INTO datasets (name, created_ms) VALUES (\(use.name), \(now)) ON CONFLICT (name) DO NOTHING
            """
        ).collect()
        let schema = use.schema.json, lineage = use.lineage.json, object = use.object?.hex
        try await connection.run(
            """
            INSERT INTO dataset_versions (content_id, dataset_id, schema, lineage, first_seen_ms, object_id)
            SELECT \(use.contentID), id, \(schema), \(lineage), \(now), \(object) FROM datasets WHERE name = \(use.name)
            ON CONFLICT (content_id) DO UPDATE SET object_id = coalesce(dataset_versions.object_id, EXCLUDED.object_id)
            """
        ).collect()
    }

    public func tag(_ run: RunID, _ label: String) throws(StoreError) {
        let inserted = try bridge.transaction { connection -> Bool in
            let exists = try await connection.run("SELECT 1 FROM runs WHERE id = \(run.rawValue)").collect()
            guard !exists.isEmpty else { return false }
            try await connection.run(
                """
                INSERT INTO tags (run_id, label) VALUES (\(run.rawValue), \(label)) ON CONFLICT DO NOTHING
                """
            ).collect()
            return true
        }
        guard inserted else { throw .unknownRun(run.rawValue) }
    }

    public func appendEpoch(_ run: RunID, epoch: Int, metrics: [String: Double]) throws(StoreError) {
        let now = Store.nowMilliseconds()
        let values = metrics.sorted { $0.key < $1.key }
        try bridge.transaction { connection in
            for (name, value) in values {
                let stored: Double? = value.isFinite ? value : nil
                try await connection.run(
                    """
                    INSERT INTO metric_history (run_id, epoch, name, value, time_ms)
                    VALUES (\(run.rawValue), \(epoch), \(name), \(stored), \(now))
                    ON CONFLICT (run_id, epoch, name) DO UPDATE SET value = EXCLUDED.value, time_ms = EXCLUDED.time_ms
                    """
                ).collect()
            }
        }
    }

    @discardableResult
    public func addArtifact(_ run: RunID, name: String, data: Data, mediaType: String) throws(StoreError) -> ObjectID {
        let id = try objects.putObject(data)
        try bridge.execute(
            """
            INSERT INTO artifacts (run_id, name, object_id, media_type) VALUES (\(run.rawValue), \(name), \(id.hex), \(mediaType))
            ON CONFLICT (run_id, name) DO UPDATE SET object_id = EXCLUDED.object_id, media_type = EXCLUDED.media_type
            """)
        return id
    }

    public func finishRun(
        _ run: RunID, outcome: RunOutcome, metrics: [String: Double], weights: Data?,
        error: String?
    ) throws(StoreError) {
        // The object is durable before the row that names it commits.
        let weightsID = try weights.map { (data) throws(StoreError) in try objects.putObject(data) }?.hex
        let now = Store.nowMilliseconds()
        let columns = outcome.columnValues
        let metricsText = ParamValue.metrics(metrics).json
        let rows = try bridge.rows(
            """
            UPDATE runs SET status = \(outcome.status.rawValue), ended_ms = \(now), metrics = CAST(\(metricsText) AS JSONB),
                weights = \(weightsID), error = \(error), outcome = \(columns.name), outcome_epoch = \(columns.epoch),
                outcome_batch = \(columns.batch), outcome_batches = \(columns.batches), best_epoch = \(columns.bestEpoch)
            WHERE id = \(run.rawValue) RETURNING id
            """)
        guard rows.count == 1 else { throw .unknownRun(run.rawValue) }
    }
}
