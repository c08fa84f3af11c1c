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
        for version in try trackedVersions(covering: absolute) {
            let entries = try Manifest.decode(try objects.data(version.id), id: version.id).entries
            let relative = version.isFolder ? String(absolute.dropFirst(version.path.count + 1)) : nil
            if entries.contains(where: { entry in
                entry.object.hex == sha256 && (relative == nil || entry.path == relative)
            }) {
                return version
            }
        }
        return nil
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
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.run_id, v.lineage FROM run_data d
                JOIN dataset_versions v ON v.content_id = d.content_id
                JOIN runs r ON r.id = d.run_id
                ORDER BY r.created_ms, r.id
                """)
        }
        var runs: [RunID] = []
        for row in rows {
            let run = RunID(rawValue: row["run_id"])
            guard runs.last != run, !runs.contains(run),
                  let lineage = ParamValue.parse(row["lineage"]), case .list(let sources)? = lineage["sources"] else { continue }
            let used = sources.contains { source in
                guard case .string(let path)? = source["path"], case .string(let sha256)? = source["sha256"] else { return false }
                return files.contains(Store.absolute(path) + "\u{0}" + sha256)
            }
            if used { runs.append(run) }
        }
        return runs
    }

    /// Tracked versions of `path` itself or of a folder above it, newest first.
    func trackedVersions(covering path: String) throws(StoreError) -> [TrackedVersion] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT path, manifest, kind, files, bytes, created_ms FROM tracked_versions
                WHERE path = ? OR (kind = 'folder' AND substr(?, 1, length(path) + 1) = path || '/')
                ORDER BY id DESC
                """, arguments: [path, path]).compactMap(TrackedVersion.init(row:))
        }
    }
}
