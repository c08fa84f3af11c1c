import Foundation
import GRDB

/// The `source_files` table: a file's SHA-256 remembered with its (device, inode, size,
/// mtime), so an unchanged file is not read again. A file modified within the last two
/// seconds is not remembered: a second write in the same clock tick could leave its
/// size and mtime unchanged ("racily clean", as git calls it).
struct HashCache {
    struct Key: Hashable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var mtimeNanoseconds: Int64

        init(_ file: ScannedFile) {
            device = file.device
            inode = file.inode
            size = file.size
            mtimeNanoseconds = file.mtimeNanoseconds
        }

        init(device: UInt64, inode: UInt64, size: Int64, mtimeNanoseconds: Int64) {
            self.device = device
            self.inode = inode
            self.size = size
            self.mtimeNanoseconds = mtimeNanoseconds
        }
    }

    private var entries: [String: (key: Key, sha256: String)] = [:]

    /// The cached hashes of the files at or below `path`.
    static func load(under path: String, in db: Database) throws -> HashCache {
        var cache = HashCache()
        // Paths below `path/` sort between `path/` and `path0` ('0' follows '/').
        // A cursor read by column index: by name, GRDB looks each column up per row.
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT path, device, inode, size, mtime_ns, sha256 FROM source_files
                WHERE path = ? OR (path >= ? AND path < ?)
                """, arguments: [path, path + "/", path + "0"])
        while let row = try rows.next() {
            let key = Key(
                device: UInt64(bitPattern: row[1]), inode: UInt64(bitPattern: row[2]),
                size: row[3], mtimeNanoseconds: row[4])
            cache.entries[row[0]] = (key, row[5])
        }
        return cache
    }

    /// The remembered hash if the file still has the same identity, size and mtime.
    func hash(of file: ScannedFile) -> String? {
        guard let entry = entries[file.absolutePath], entry.key == Key(file) else { return nil }
        return entry.sha256
    }

    /// Remembers freshly computed hashes (skipping racily clean files).
    static func save(_ hashed: [(ScannedFile, String)], in db: Database) throws {
        let now = Store.nowMilliseconds()
        let settled = (now - 2000) * 1_000_000
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO source_files (path, device, inode, size, mtime_ns, sha256, checked_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for (file, sha256) in hashed where file.mtimeNanoseconds < settled {
            try statement.execute(arguments: [
                file.absolutePath, Int64(bitPattern: file.device),
                Int64(bitPattern: file.inode), file.size, file.mtimeNanoseconds, sha256, now,
            ])
        }
    }
}

extension Store {
    /// The SHA-256 of a source file (a CSV, an IDX file), read only when the file changed
    /// since it was last hashed: what loaders record as lineage.
    public func sourceFileHash(_ path: String) throws(StoreError) -> String {
        let absolute = Store.absolute(path)
        let (_, files) = try FolderScanner.scan(absolute, skipping: root)
        guard let file = files.first, files.count == 1 else {
            throw .notTrackable(path: path, reason: "not a regular file")
        }
        let cache = try read { db in try HashCache.load(under: absolute, in: db) }
        if let known = cache.hash(of: file) { return known }
        let hashed = try objects.ingest([file], threads: 1)[0].hex
        try write { db in try HashCache.save([(file, hashed)], in: db) }
        return hashed
    }
}
