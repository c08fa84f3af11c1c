import Foundation
import GRDB

/// What `track`/`strata add` did.
public struct TrackResult: Sendable, Hashable {
    /// The version's id: the manifest object's id.
    public var id: ObjectID
    public var path: String
    public var isFolder: Bool
    public var files: Int
    public var bytes: Int64
    /// Files read and hashed (the rest were known by the hash cache).
    public var hashedFiles: Int
    /// Objects that were new to the store.
    public var newObjects: Int
    /// False when the data is unchanged since the last add of the same path.
    public var isNewVersion: Bool
}

/// One recorded version of a tracked path.
public struct TrackedVersion: Sendable, Hashable {
    public var path: String
    public var id: ObjectID
    public var isFolder: Bool
    public var files: Int
    public var bytes: Int64
    public var created: Date

    package init(path: String, id: ObjectID, isFolder: Bool, files: Int, bytes: Int64, created: Date) {
        self.path = path
        self.id = id
        self.isFolder = isFolder
        self.files = files
        self.bytes = bytes
        self.created = created
    }
}

extension TrackedVersion {
    /// A row of `tracked_versions` (path, manifest, kind, files, bytes, created_ms).
    init?(row: Row) {
        guard let id = ObjectID(hex: row["manifest"]) else { return nil }
        let created: Int64 = row["created_ms"]
        self.init(
            path: row["path"], id: id, isFolder: (row["kind"] as String) == "folder",
            files: row["files"], bytes: row["bytes"], created: Date(milliseconds: created))
    }
}

/// Raw-data versioning, as `dvc add` does it: a file or folder becomes a manifest of
/// content objects; unchanged files are known by the hash cache and not read again.
extension Store {
    /// Reading and hashing workers. The installer's thread does the writing, so workers
    /// wait only for reads: one more than the two cores here was as fast as two and
    /// faster than four (medians of seven first adds of 1 GiB: 0.76, 0.75, 0.86 s).
    public static let defaultIngestThreads = 3

    /// Versions the file or folder at `path`: stores every file's content (once,
    /// however often it recurs), then the manifest, then records the version.
    public func track(_ path: String, threads: Int = Store.defaultIngestThreads) throws(StoreError) -> TrackResult {
        let absolute = Store.absolute(path)
        let root = self.root
        let scan = BackgroundResult { () throws(StoreError) in try FolderScanner.scan(absolute, skipping: root) }
        let cache = try read { db in try HashCache.load(under: absolute, in: db) }
        // Objects the previous version lists are known to be stored (gc keeps them), so a
        // cached hash among them needs no check; others (status hashes without storing) do.
        let previous = try? trackedVersions(path: absolute).first.map { version throws(StoreError) in
            Set(try Manifest.decode(try objects.data(version.id), id: version.id).entries.map(\.object))
        }
        let stored = (previous ?? nil) ?? []
        let (kind, files) = try scan.value()
        var ids = [ObjectID?](repeating: nil, count: files.count)
        var pending: [Int] = []
        for (index, file) in files.enumerated() {
            if let known = cache.hash(of: file), let id = ObjectID(hex: known),
                stored.contains(id) || objects.contains(id)
            {
                ids[index] = id
            } else {
                pending.append(index)
            }
        }
        let (storedIDs, newObjects) = try objects.store(pending.map { files[$0] }, threads: threads)
        for (position, index) in pending.enumerated() { ids[index] = storedIDs[position] }
        let manifest = Manifest(
            entries: files.indices.map { index in
                Manifest.Entry(
                    path: files[index].relativePath, size: files[index].size, mode: files[index].mode,
                    object: ids[index]!)
            })
        let manifestID = try objects.put(manifest.encoded())
        let now = Store.nowMilliseconds()
        let hashed = pending.enumerated().map { (files[$0.element], storedIDs[$0.offset].hex) }
        let isNew = try write { db in
            try HashCache.save(hashed, in: db)
            let latest = try String.fetchOne(
                db, sql: "SELECT manifest FROM tracked_versions WHERE path = ? ORDER BY id DESC LIMIT 1",
                arguments: [absolute])
            guard latest != manifestID.hex else { return false }
            try db.execute(
                sql: """
                    INSERT INTO tracked_versions (path, manifest, kind, files, bytes, created_ms) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [absolute, manifestID.hex, kind.rawValue, files.count, manifest.totalBytes, now])
            return true
        }
        return TrackResult(
            id: manifestID, path: absolute, isFolder: kind == .folder, files: files.count,
            bytes: manifest.totalBytes, hashedFiles: pending.count, newObjects: newObjects,
            isNewVersion: isNew)
    }

    /// Every recorded version of tracked data, newest first; only `path`'s when given.
    public func trackedVersions(path: String? = nil) throws(StoreError) -> [TrackedVersion] {
        let absolute = path.map(Store.absolute)
        return try read { db in
            let sql =
                "SELECT path, manifest, kind, files, bytes, created_ms FROM tracked_versions"
                + (absolute == nil ? "" : " WHERE path = ?") + " ORDER BY id DESC"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(absolute.map { [$0] } ?? []))
                .compactMap(TrackedVersion.init(row:))
        }
    }

    /// The manifest of a tracked version, by full id or unique id prefix.
    public func manifest(_ reference: String) throws(StoreError) -> (id: ObjectID, manifest: Manifest) {
        let prefix = reference.lowercased()
        let id: ObjectID
        if let exact = ObjectID(hex: prefix) {
            id = exact
        } else {
            let matches = try read { db in
                try String.fetchAll(
                    db, sql: "SELECT DISTINCT manifest FROM tracked_versions WHERE substr(manifest, 1, ?) = ? LIMIT 5",
                    arguments: [prefix.utf8.count, prefix])
            }
            guard matches.count == 1, !prefix.isEmpty, let only = ObjectID(hex: matches[0]) else {
                throw .unknownDataVersion(reference, matches: matches)
            }
            id = only
        }
        guard objects.contains(id) else { throw .unknownDataVersion(reference, matches: []) }
        return (id, try Manifest.decode(try objects.data(id), id: id))
    }
}
