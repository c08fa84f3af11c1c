import PostgresNIO
import Store

/// The team store's tables in PostgreSQL, as numbered forward migrations like the local
/// store's (`StoreSchema`): `strata_schema.version` holds the last one applied; opening
/// the store applies the missing ones in one transaction under an advisory lock, so
/// processes on several machines opening an old store together migrate it once.
/// Indexes cover every lookup `runs`, `compare`, sweeps and the prediction log make.
enum PostgresSchema {
    static let lockKey: Int64 = 0x5354_5241_5441  // "STRATA"

    static var current: Int { migrations.count }

    /// `migrations[i]` takes the schema from version `i` to `i + 1`. Never edit one that
    /// has shipped; add a new one.
    static let migrations: [String] = [version1, version2]

    static let version1 = """
        CREATE TABLE datasets (
            id BIGSERIAL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_ms BIGINT NOT NULL);
        CREATE TABLE dataset_versions (
            content_id TEXT PRIMARY KEY,
            dataset_id BIGINT NOT NULL REFERENCES datasets(id),
            schema TEXT NOT NULL,
            lineage TEXT NOT NULL,
            first_seen_ms BIGINT NOT NULL,
            object_id TEXT);
        CREATE TABLE runs (
            seq BIGSERIAL UNIQUE,
            id TEXT PRIMARY KEY,
            name TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed', 'pruned')),
            error TEXT,
            created_ms BIGINT NOT NULL,
            ended_ms BIGINT,
            source TEXT NOT NULL,
            params TEXT NOT NULL,
            metrics JSONB NOT NULL DEFAULT '{}',
            weights TEXT,
            host TEXT,
            pid INTEGER,
            model_spec TEXT,
            outcome TEXT
                CHECK (outcome IN ('completed', 'stopped_early', 'interrupted', 'process_gone', 'failed', 'pruned')),
            outcome_epoch INTEGER,
            outcome_batch INTEGER,
            outcome_batches INTEGER,
            best_epoch INTEGER,
            preprocessing TEXT);
        CREATE INDEX runs_created ON runs(created_ms, seq);
        CREATE INDEX runs_name ON runs(name, created_ms);
        CREATE INDEX runs_status ON runs(status, created_ms);
        CREATE INDEX runs_id_prefix ON runs(id text_pattern_ops);
        CREATE TABLE metric_history (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            epoch INTEGER NOT NULL,
            name TEXT NOT NULL,
            value DOUBLE PRECISION,
            time_ms BIGINT NOT NULL,
            PRIMARY KEY (run_id, epoch, name));
        CREATE TABLE run_data (
            seq BIGSERIAL,
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            content_id TEXT NOT NULL REFERENCES dataset_versions(content_id),
            PRIMARY KEY (run_id, role));
        CREATE INDEX run_data_content ON run_data(content_id);
        CREATE TABLE tags (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            PRIMARY KEY (run_id, label));
        CREATE INDEX tags_label ON tags(label);
        CREATE TABLE artifacts (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            object_id TEXT NOT NULL,
            media_type TEXT NOT NULL,
            PRIMARY KEY (run_id, name));
        CREATE TABLE sweeps (
            name TEXT PRIMARY KEY,
            space TEXT NOT NULL,
            method TEXT NOT NULL,
            seed BIGINT NOT NULL,
            objective TEXT,
            goal TEXT NOT NULL CHECK (goal IN ('min', 'max')),
            pruner TEXT,
            trials INTEGER NOT NULL CHECK (trials >= 0),
            created_ms BIGINT NOT NULL);
        CREATE TABLE sweep_trials (
            sweep TEXT NOT NULL REFERENCES sweeps(name),
            number INTEGER NOT NULL,
            params TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'pruned', 'failed')),
            value DOUBLE PRECISION,
            run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
            error TEXT,
            process_gone BOOLEAN NOT NULL DEFAULT FALSE,
            intermediate JSONB NOT NULL DEFAULT '{}',
            host TEXT,
            pid INTEGER,
            heartbeat_ms BIGINT NOT NULL,
            started_ms BIGINT NOT NULL,
            ended_ms BIGINT,
            PRIMARY KEY (sweep, number));
        CREATE INDEX sweep_trials_state ON sweep_trials(sweep, state);
        CREATE INDEX sweep_trials_run ON sweep_trials(run_id);
        CREATE TABLE prediction_log (
            id BIGSERIAL PRIMARY KEY,
            model TEXT NOT NULL,
            run_id TEXT NOT NULL,
            time_ms BIGINT NOT NULL,
            request_id TEXT NOT NULL,
            inputs TEXT NOT NULL,
            outputs TEXT NOT NULL,
            latency_us BIGINT NOT NULL);
        CREATE INDEX prediction_log_model_time ON prediction_log(model, time_ms);
        """

    /// Tracked data versions (`strata store add`, `track`), as the local store keeps
    /// them, so push and pull carry data versions between stores.
    static let version2 = """
        CREATE TABLE tracked_versions (
            id BIGSERIAL PRIMARY KEY,
            path TEXT NOT NULL,
            manifest TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('file', 'folder')),
            files INTEGER NOT NULL,
            bytes BIGINT NOT NULL,
            created_ms BIGINT NOT NULL,
            UNIQUE (path, manifest));
        CREATE INDEX tracked_manifest ON tracked_versions(manifest);
        """

    /// Applies the migrations the database lacks, under the advisory lock.
    static func migrate(_ bridge: PostgresBridge) throws(StoreError) {
        let found = try bridge.transaction { connection -> Int in
            try await connection.run("SELECT pg_advisory_xact_lock(\(lockKey))").collect()
            try await connection.run("CREATE TABLE IF NOT EXISTS strata_schema (version INTEGER NOT NULL)").collect()
            let rows = try await connection.run("SELECT version FROM strata_schema").collect()
            let version = try rows.first.map { try $0.decode(Int.self) } ?? 0
            guard version <= current else { return version }
            for step in version..<current {
                // One statement at a time: the extended protocol takes one per query.
                for statement in migrations[step].split(separator: ";").map({
                    $0.trimmingCharacters(in: .whitespacesAndNewlines)
                })
                where !statement.isEmpty {
                    try await connection.run(PostgresQuery(unsafeSQL: statement)).collect()
                }
            }
            if rows.isEmpty {
                try await connection.run("INSERT INTO strata_schema (version) VALUES (\(current))").collect()
            } else {
                try await connection.run("UPDATE strata_schema SET version = \(current)").collect()
            }
            return version
        }
        if found > current { throw .schemaTooNew(found: found, supported: current) }
    }
}
