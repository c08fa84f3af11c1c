import Foundation
import GRDB
import Testing

@testable import Store

@Suite struct MigrationTests {
    /// A store as the first schema wrote it (tables made by hand, user_version 1)
    /// opens, migrates to the current version, and keeps its runs.
    @Test func versionOneStoreMigrates() throws {
        let folder = TemporaryFolder()
        let queue = try DatabaseQueue(path: folder.path + "/strata.db")
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE datasets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_ms INTEGER NOT NULL);
                    CREATE TABLE dataset_versions (content_id TEXT PRIMARY KEY, dataset_id INTEGER NOT NULL REFERENCES datasets(id),
                        schema TEXT NOT NULL, lineage TEXT NOT NULL, first_seen_ms INTEGER NOT NULL);
                    CREATE TABLE runs (id TEXT PRIMARY KEY, name TEXT,
                        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed')),
                        error TEXT, created_ms INTEGER NOT NULL, ended_ms INTEGER, source TEXT NOT NULL, params TEXT NOT NULL,
                        metrics TEXT NOT NULL DEFAULT '{}', weights TEXT);
                    CREATE INDEX runs_created ON runs(created_ms);
                    CREATE INDEX runs_name ON runs(name);
                    CREATE TABLE metric_history (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, epoch INTEGER NOT NULL,
                        name TEXT NOT NULL, value REAL, time_ms INTEGER NOT NULL, PRIMARY KEY (run_id, epoch, name)) WITHOUT ROWID;
                    CREATE TABLE run_data (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, role TEXT NOT NULL,
                        content_id TEXT NOT NULL REFERENCES dataset_versions(content_id), PRIMARY KEY (run_id, role));
                    CREATE TABLE tags (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, label TEXT NOT NULL,
                        PRIMARY KEY (run_id, label));
                    CREATE TABLE history_sessions (session INTEGER PRIMARY KEY AUTOINCREMENT, started_ms INTEGER NOT NULL);
                    CREATE TABLE cell_history (session INTEGER NOT NULL, line INTEGER NOT NULL, source TEXT NOT NULL,
                        time_ms INTEGER NOT NULL, PRIMARY KEY (session, line));
                    INSERT INTO runs (id, name, status, created_ms, ended_ms, source, params, metrics)
                        VALUES ('01old0000000aaaa', 'old-run', 'finished', 1000, 2000, 'fit(m, d)', '{"epochs":5}', '{"accuracy":0.8}');
                    INSERT INTO metric_history VALUES ('01old0000000aaaa', 1, 'loss', 0.7, 1500);
                    INSERT INTO runs (id, name, status, error, created_ms, ended_ms, source, params, metrics)
                        VALUES ('01old0000000bbbb', 'killed-run', 'interrupted',
                                'process 4242 ended after epoch 2 without finishing the run (killed or crashed)',
                                1000, 2600, 'fit(m, d)', '{}', '{}');
                    INSERT INTO metric_history VALUES ('01old0000000bbbb', 1, 'loss', 0.9, 1500);
                    INSERT INTO metric_history VALUES ('01old0000000bbbb', 2, 'loss', 0.6, 2600);
                    PRAGMA user_version = 1;
                    """)
        }
        try queue.close()
        let store = try Store.open(at: folder.path)
        #expect(try store.schemaVersion() == StoreSchema.current)
        let run = try store.run("old-run")
        #expect(run.metrics == ["accuracy": 0.8])
        #expect(run.params["epochs"] == .number(5))
        #expect(run.history.count == 1)
        #expect(run.summary.host == nil)
        // A run whose process was gone gets its last epoch's metrics, as one settled now does.
        let killed = try store.run("killed-run")
        #expect(killed.summary.outcome == .processGone(lastEpoch: 2) && killed.metrics == ["loss": 0.6])
        // The new tables work.
        try store.tag(run.id, "migrated")
        _ = try store.addArtifact(run.id, name: "note", data: Data("x".utf8), mediaType: "text/plain")
        #expect(try store.verify().isConsistent)
    }

    @Test func newerSchemaIsRefused() throws {
        let folder = TemporaryFolder()
        _ = try Store.open(at: folder.path)
        let queue = try DatabaseQueue(path: folder.path + "/strata.db")
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 99") }
        try queue.close()
        #expect(throws: StoreError.schemaTooNew(found: 99, supported: StoreSchema.current)) {
            try Store.open(at: folder.path)
        }
    }

    /// Schema 6 rebuilds `runs` to let its status be `pruned`: the committed schema 3
    /// fixture, brought to schema 5 as the previous release would have, migrates with
    /// every row (rowids included: ties sort by them), index and foreign key as it was.
    @Test func aSchemaFiveStoreMigratesToSixKeepingEveryRowIndexAndReference() throws {
        let folder = TemporaryFolder()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../ExperimentsTests/Fixtures/store-v3").standardized.path
        try FileManager.default.removeItem(atPath: folder.path)
        try FileManager.default.copyItem(atPath: fixture, toPath: folder.path)
        let queue = try DatabaseQueue(path: folder.path + "/strata.db")
        try queue.inTransaction { db in
            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == 3)
            for version in 3..<5 {
                try db.execute(sql: StoreSchema.migrations[version].sql)
                try StoreSchema.migrations[version].rows?(db)
            }
            try db.execute(sql: "PRAGMA user_version = 5")
            // The fixture was written on a host named as this one may be: its killed run
            // would be settled by the open, a change that is not the migration's.
            try db.execute(sql: "UPDATE runs SET host = 'fixture-host'")
            return .commit
        }
        let before = try queue.read(Self.snapshot)
        try queue.close()
        #expect(before.rows.count > 700, "the fixture's runs, history, data, tags and artifacts")

        let store = try Store.open(at: folder.path)
        #expect(try store.schemaVersion() == StoreSchema.current)
        let after = try store.read(Self.snapshot)
        #expect(after.rows == before.rows)
        // Later versions add tables of their own (7: the prediction log); the old ones keep theirs.
        #expect(after.indexes.filter { !$0.contains("prediction_log") } == before.indexes)
        #expect(after.references == before.references)
        #expect(after.references.contains("metric_history.run_id -> runs.id ON DELETE CASCADE"))
        #expect(try store.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }.isEmpty)
        #expect(try store.verify().isConsistent)

        // The wider constraint: a pruned run is stored and read back.
        let pruned = try store.beginRun(name: "pruned", params: .record([]), data: [], source: "")
        try store.appendEpoch(pruned, epoch: 1, metrics: ["loss": 0.9])
        try store.finishRun(pruned, outcome: .pruned(epoch: 1), metrics: ["loss": 0.9], weights: nil, error: nil)
        let run = try store.run("pruned")
        #expect(run.status == .pruned && run.summary.outcome == .pruned(epoch: 1) && run.history.count == 1)
    }

    /// Rows of the tables the rebuild could touch, index definitions, and every foreign
    /// key, as text to compare.
    static func snapshot(_ db: Database) throws -> (rows: [String], indexes: [String], references: [String]) {
        var rows = try Row.fetchAll(db, sql: "SELECT rowid, * FROM runs ORDER BY rowid").map { "runs \($0)" }
        for table in ["metric_history", "run_data", "tags", "artifacts", "dataset_versions", "datasets"] {
            rows += try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2").map { "\(table) \($0)" }
        }
        let indexes = try Row.fetchAll(
            db,
            sql: """
                SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name NOT LIKE 'sweep%' ORDER BY name
                """
        ).map { "\($0)" }
        var references: [String] = []
        for table in try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sweep%' ORDER BY name")
        {
            for key in try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(table))") {
                references.append(
                    "\(table).\(key["from"] as String) -> \(key["table"] as String).\(key["to"] as String) "
                        + "ON DELETE \(key["on_delete"] as String)")
            }
        }
        return (rows, indexes, references.sorted())
    }
}
