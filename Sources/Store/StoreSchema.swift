import GRDB

/// The database's schema, as numbered forward migrations. `PRAGMA user_version` holds
/// the number of the last one applied (0 for a new file); opening a store applies the
/// missing ones in one transaction, under the store's lock file, so two processes
/// opening an old store together migrate it once. Docs/StoreFormat.md lists the tables.
enum StoreSchema {
    /// The version this build writes.
    static var current: Int { migrations.count }

    /// One step: SQL for the tables, then, where rows must be rewritten in ways SQL
    /// says badly, code run in the same transaction.
    struct Migration: Sendable {
        let sql: String
        var rows: (@Sendable (Database) throws -> Void)?
    }

    /// `migrations[i]` takes the schema from version `i` to `i + 1`. Never edit one that
    /// has shipped: stores written by it exist; add a new one instead.
    static let migrations: [Migration] = [
        Migration(sql: version1), Migration(sql: version2), Migration(sql: version3),
        Migration(sql: version4, rows: { db in try LegacyOutcomes.derive(in: db) }),
        Migration(sql: version5), Migration(sql: version6), Migration(sql: version7),
        Migration(sql: version8),
    ]

    /// The first schema: runs with their history and data, datasets, tags, cell history.
    static let version1 = """
        CREATE TABLE datasets (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_ms INTEGER NOT NULL);
        CREATE TABLE dataset_versions (
            content_id TEXT PRIMARY KEY,
            dataset_id INTEGER NOT NULL REFERENCES datasets(id),
            schema TEXT NOT NULL,
            lineage TEXT NOT NULL,
            first_seen_ms INTEGER NOT NULL);
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            name TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed')),
            error TEXT,
            created_ms INTEGER NOT NULL,
            ended_ms INTEGER,
            source TEXT NOT NULL,
            params TEXT NOT NULL,
            metrics TEXT NOT NULL DEFAULT '{}',
            weights TEXT);
        CREATE INDEX runs_created ON runs(created_ms);
        CREATE INDEX runs_name ON runs(name);
        CREATE TABLE metric_history (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            epoch INTEGER NOT NULL,
            name TEXT NOT NULL,
            value REAL,
            time_ms INTEGER NOT NULL,
            PRIMARY KEY (run_id, epoch, name)) WITHOUT ROWID;
        CREATE TABLE run_data (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            content_id TEXT NOT NULL REFERENCES dataset_versions(content_id),
            PRIMARY KEY (run_id, role));
        CREATE TABLE tags (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            PRIMARY KEY (run_id, label));
        CREATE TABLE history_sessions (
            session INTEGER PRIMARY KEY AUTOINCREMENT,
            started_ms INTEGER NOT NULL);
        CREATE TABLE cell_history (
            session INTEGER NOT NULL,
            line INTEGER NOT NULL,
            source TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            PRIMARY KEY (session, line));
        """

    /// Adds artifacts, the source-file hash cache, tracked raw data, which process
    /// owns a run, and the object holding a dataset version's canonical bytes.
    static let version2 = """
        ALTER TABLE runs ADD COLUMN host TEXT;
        ALTER TABLE runs ADD COLUMN pid INTEGER;
        ALTER TABLE dataset_versions ADD COLUMN object_id TEXT;
        CREATE TABLE artifacts (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            object_id TEXT NOT NULL,
            media_type TEXT NOT NULL,
            PRIMARY KEY (run_id, name));
        CREATE TABLE source_files (
            path TEXT PRIMARY KEY,
            device INTEGER NOT NULL,
            inode INTEGER NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            checked_ms INTEGER NOT NULL);
        CREATE TABLE tracked_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            path TEXT NOT NULL,
            manifest TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('file', 'folder')),
            files INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            created_ms INTEGER NOT NULL);
        CREATE INDEX tracked_path ON tracked_versions(path, id);
        CREATE INDEX tracked_manifest ON tracked_versions(manifest);
        """

    /// No table changes: from this version on, objects may live in pack files
    /// (`objects/packs/`). The number goes up so that an older Strata, which cannot read
    /// packs, refuses the store ("written by a newer Strata") rather than reporting the
    /// packed objects missing.
    static let version3 = """
        SELECT 1;
        """

    /// Typed outcomes and model specs. A run's ending was a status plus prose in `error`
    /// ("stopped at epoch 3, batch 5 of 7"), and a run stopped early was told by
    /// comparing floats; now the ending is columns, and the model is a JSON spec
    /// (Docs/StoreFormat.md). Rows written before get their outcome derived once from
    /// what schema 3 recorded (`LegacyOutcomes`); their model spec is filled in by the
    /// experiments layer, which can read the layer texts `fit` recorded in `params`.
    static let version4 = """
        ALTER TABLE runs ADD COLUMN model_spec TEXT;
        ALTER TABLE runs ADD COLUMN outcome TEXT
            CHECK (outcome IN ('completed', 'stopped_early', 'interrupted', 'process_gone', 'failed'));
        ALTER TABLE runs ADD COLUMN outcome_epoch INTEGER;
        ALTER TABLE runs ADD COLUMN outcome_batch INTEGER;
        ALTER TABLE runs ADD COLUMN outcome_batches INTEGER;
        ALTER TABLE runs ADD COLUMN best_epoch INTEGER;
        """

    /// Preprocessing kept with the run: the training data's columns, categories, classes
    /// and per-row steps with their statistics, as JSON (Docs/StoreFormat.md,
    /// "Preprocessing"). Runs written before have none: their data is read as it comes.
    static let version5 = """
        ALTER TABLE runs ADD COLUMN preprocessing TEXT;
        """

    /// Sweeps and their trials, and a `pruned` status and outcome for runs a sweep's
    /// pruner stopped. SQLite cannot change a CHECK constraint in place, so `runs` is
    /// rebuilt the way SQLite documents ("Making Other Kinds Of Table Schema Changes"):
    /// a new table with the wider constraints and the same columns in the same order,
    /// every row copied with its rowid (ties in `runs()` sort by rowid), the old table
    /// dropped, the new one renamed and its indexes made again. `migrate` turns foreign
    /// keys off around the transaction (dropping `runs` with them on would delete every
    /// row of the tables that refer to it, ON DELETE CASCADE) and checks them before
    /// committing. Docs/StoreFormat.md, "Added by version 6", describes the tables.
    static let version6 = """
        CREATE TABLE runs_v6 (
            id TEXT PRIMARY KEY,
            name TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed', 'pruned')),
            error TEXT,
            created_ms INTEGER NOT NULL,
            ended_ms INTEGER,
            source TEXT NOT NULL,
            params TEXT NOT NULL,
            metrics TEXT NOT NULL DEFAULT '{}',
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
        INSERT INTO runs_v6 (rowid, id, name, status, error, created_ms, ended_ms, source, params, metrics, weights,
                             host, pid, model_spec, outcome, outcome_epoch, outcome_batch, outcome_batches, best_epoch,
                             preprocessing)
            SELECT rowid, id, name, status, error, created_ms, ended_ms, source, params, metrics, weights,
                   host, pid, model_spec, outcome, outcome_epoch, outcome_batch, outcome_batches, best_epoch,
                   preprocessing
            FROM runs;
        DROP TABLE runs;
        ALTER TABLE runs_v6 RENAME TO runs;
        CREATE INDEX runs_created ON runs(created_ms);
        CREATE INDEX runs_name ON runs(name);
        CREATE TABLE sweeps (
            name TEXT PRIMARY KEY,
            space TEXT NOT NULL,
            method TEXT NOT NULL,
            seed INTEGER NOT NULL,
            objective TEXT,
            goal TEXT NOT NULL CHECK (goal IN ('min', 'max')),
            pruner TEXT,
            trials INTEGER NOT NULL CHECK (trials >= 0),
            created_ms INTEGER NOT NULL);
        CREATE TABLE sweep_trials (
            sweep TEXT NOT NULL REFERENCES sweeps(name),
            number INTEGER NOT NULL,
            params TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'pruned', 'failed')),
            value REAL,
            run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
            error TEXT,
            process_gone INTEGER NOT NULL DEFAULT 0 CHECK (process_gone IN (0, 1)),
            intermediate TEXT NOT NULL DEFAULT '{}',
            host TEXT,
            pid INTEGER,
            heartbeat_ms INTEGER NOT NULL,
            started_ms INTEGER NOT NULL,
            ended_ms INTEGER,
            PRIMARY KEY (sweep, number)) WITHOUT ROWID;
        CREATE INDEX sweep_trials_state ON sweep_trials(sweep, state);
        CREATE INDEX sweep_trials_run ON sweep_trials(run_id);
        """

    /// The prediction log: one row per request a served model answered (Docs/StoreFormat.md,
    /// "Added by version 7"). No foreign key to `runs`: the log of a model outlives
    /// the deletion of its run, as a server's access log would.
    static let version7 = """
        CREATE TABLE prediction_log (
            id INTEGER PRIMARY KEY,
            model TEXT NOT NULL,
            run_id TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            request_id TEXT NOT NULL,
            inputs TEXT NOT NULL,
            outputs TEXT NOT NULL,
            latency_us INTEGER NOT NULL);
        CREATE INDEX prediction_log_model_time ON prediction_log(model, time_ms);
        """

    /// What `ingest` copied into folders: one row per file of a folder, with its source,
    /// hash and the source's validators for the next run's conditional requests
    /// (Docs/StoreFormat.md, "Added by version 8").
    static let version8 = """
        CREATE TABLE ingested_files (
            folder TEXT NOT NULL,
            path TEXT NOT NULL,
            source TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            fetched_ms INTEGER NOT NULL,
            checked_ms INTEGER NOT NULL,
            PRIMARY KEY (folder, path)) WITHOUT ROWID;
        """

    /// Applies the migrations the database lacks; returns the version it was at.
    ///
    /// Foreign keys are off while it runs (SQLite ignores the pragma inside a
    /// transaction, so it is set around it): a migration that rebuilds a table drops the
    /// old one, which with keys on would cascade into the rows referring to it. Before
    /// committing, `PRAGMA foreign_key_check` must find no more violations than before
    /// (a store damaged earlier still opens; a migration that broke a reference does not
    /// commit).
    @discardableResult
    static func migrate(_ writer: DatabasePool) throws(StoreError) -> Int {
        do {
            return try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                let found: Int
                do {
                    found = try migrateInTransaction(db)
                } catch {
                    try db.execute(sql: "PRAGMA foreign_keys = ON")
                    throw error
                }
                try db.execute(sql: "PRAGMA foreign_keys = ON")
                guard found <= current else { throw StoreError.schemaTooNew(found: found, supported: current) }
                return found
            }
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// The migrations in one exclusive transaction; returns the version found (above
    /// `current` when the store is too new, and then nothing is changed).
    private static func migrateInTransaction(_ db: Database) throws -> Int {
        var found = 0
        try db.inTransaction(.exclusive) {
            found = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            guard found < current else { return .rollback }
            let violationsBefore = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
            for version in found..<current {
                try db.execute(sql: migrations[version].sql)
                try migrations[version].rows?(db)
            }
            let violationsAfter = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
            guard violationsAfter <= violationsBefore else {
                throw StoreError.database(
                    "migrating to schema \(current) would break \(violationsAfter - violationsBefore) "
                        + "references between tables; the store was left at schema \(found)")
            }
            try db.execute(sql: "PRAGMA user_version = \(current)")
            return .commit
        }
        return found
    }
}
