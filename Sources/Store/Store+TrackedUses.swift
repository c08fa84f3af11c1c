import Foundation
import GRDB

/// Which runs used which version of tracked raw data.
///
/// A loader records, in a dataset version's lineage, every source file's absolute path
/// and SHA-256 (derived datasets carry their ancestors' sources). A tracked version's
/// manifest lists the same pairs for its files. Matching the two at query time links a
/// run to the tracked versions it read, whichever came first: the `track` or the `fit`.
extension Store {
    /// The newest tracked version holding the file at `path` with exactly these bytes.
    public func trackedVersion(holding path: String, sha256: String) throws(StoreError) -> TrackedVersion? {
        let absolute = Store.absolute(path)
        return try TrackedVersion.holding(absolute, sha256: sha256, among: try trackedVersions(covering: absolute)) {
            (id) throws(StoreError) in try Manifest.decode(try objects.data(id), id: id)
        }
    }

    /// The runs whose data was read from files of `version` (same path, same bytes),
    /// oldest first.
    public func runsUsing(_ version: TrackedVersion) throws(StoreError) -> [RunID] {
        let entries = try Manifest.decode(try objects.data(version.id), id: version.id).entries
        var files = Set<String>()
        for entry in entries {
            let path = version.isFolder ? version.path + "/" + entry.path : version.path
            files.insert(path + "\u{0}" + entry.object.hex)
        }
        // Only versions whose lineage mentions the tracked path can match: SQLite picks
        // those out, so a store of many runs is not parsed row by row. Lineage paths are
        // absolute and written with ParamValue's quoting, so the quoted path (without its
        // closing quote) is a substring of each matching source.
        var needle = ""
        ParamValue.quote(version.path, into: &needle)
        needle.removeLast()
        let candidates = try read { db in
            try Row.fetchAll(
                db, sql: "SELECT content_id, lineage FROM dataset_versions WHERE instr(lineage, ?) > 0",
                arguments: [needle])
        }
        let used: [String] = candidates.compactMap { row in
            guard let lineage = ParamValue.parse(row["lineage"]), case .list(let sources)? = lineage["sources"] else {
                return nil
            }
            let match = sources.contains { source in
                guard case .string(let path)? = source["path"], case .string(let sha256)? = source["sha256"] else {
                    return false
                }
                return files.contains(path + "\u{0}" + sha256)
            }
            return match ? row["content_id"] : nil
        }
        guard !used.isEmpty else { return [] }
        return try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT d.run_id FROM run_data d JOIN runs r ON r.id = d.run_id
                    WHERE d.content_id IN (\(databaseQuestionMarks(count: used.count)))
                    ORDER BY r.created_ms, r.id
                    """, arguments: StatementArguments(used)
            ).map(RunID.init(rawValue:))
        }
    }

    /// Tracked versions of `path` itself or of a folder above it, newest first.
    func trackedVersions(covering path: String) throws(StoreError) -> [TrackedVersion] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT path, manifest, kind, files, bytes, created_ms FROM tracked_versions
                    WHERE path = ? OR (kind = 'folder' AND substr(?, 1, length(path) + 1) = path || '/')
                    ORDER BY id DESC
                    """, arguments: [path, path]
            ).compactMap(TrackedVersion.init(row:))
        }
    }
}
