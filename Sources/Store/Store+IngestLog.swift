import Foundation
import GRDB

/// The local store's ingest records: the `ingested_files` table (schema version 8).
extension Store: IngestLog {
    public func ingestedFiles(in folder: String) throws(StoreError) -> [IngestedFile] {
        let absolute = Store.absolute(folder)
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT path, source, size, sha256, etag, last_modified, fetched_ms, checked_ms
                    FROM ingested_files WHERE folder = ?
                    """, arguments: [absolute]
            ).map { row in
                IngestedFile(
                    path: row["path"], source: row["source"], size: row["size"], sha256: row["sha256"],
                    etag: row["etag"], lastModified: row["last_modified"],
                    fetched: Date(milliseconds: row["fetched_ms"]), checked: Date(milliseconds: row["checked_ms"]))
            }
        }
    }

    public func recordIngested(_ files: [IngestedFile], in folder: String) throws(StoreError) {
        guard !files.isEmpty else { return }
        let absolute = Store.absolute(folder)
        try write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO ingested_files
                        (folder, path, source, size, sha256, etag, last_modified, fetched_ms, checked_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for file in files {
                try statement.execute(arguments: [
                    absolute, file.path, file.source, file.size, file.sha256, file.etag,
                    file.lastModified, file.fetched.milliseconds, file.checked.milliseconds,
                ])
            }
        }
    }
}
