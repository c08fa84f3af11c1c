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
        Migration(sql: version5),
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

    /// Applies the migrations the database lacks; returns the version it was at.
    @discardableResult
    static func migrate(_ writer: DatabasePool) throws(StoreError) -> Int {
        do {
            return try writer.writeWithoutTransaction { db in
                var found = 0
                try db.inTransaction(.exclusive) {
                    found = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                    guard found <= current else { return .rollback }
                    for version in found..<current {
                        try db.execute(sql: migrations[version].sql)
                        try migrations[version].rows?(db)
                    }
                    if found < current { try db.execute(sql: "PRAGMA user_version = \(current)") }
                    return .commit
                }
                guard found <= current else { throw StoreError.schemaTooNew(found: found, supported: current) }
                return found
            }
        } catch {
            throw StoreError.wrap(error)
        }
    }
}
