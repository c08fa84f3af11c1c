/// Finds, file after file, the newest tracked version holding a file with exactly
/// given bytes: what `trackedVersion(holding:sha256:)` answers for one file, for the
/// thousands a run trained on an image folder read. The versions are listed once and
/// each candidate's manifest is read and indexed once, on first need, so a run over
/// 10,000 files costs one pass over each manifest instead of one per file.
public final class TrackedFileLookup {
    private let store: any SessionStore
    /// Every tracked version, newest first.
    private let versions: [TrackedVersion]
    /// Per version read so far: its entries as `path NUL sha256`, and its hashes alone
    /// (a version of one file holds it whatever its name).
    private var indexes: [ObjectID: (entries: Set<String>, hashes: Set<String>)] = [:]

    public init(store: any SessionStore) throws(StoreError) {
        self.store = store
        versions = try store.trackedVersions(path: nil)
    }

    /// The newest version holding the file at `path` (absolute, as lineages record it)
    /// with these bytes, or nil.
    public func version(holding path: String, sha256: String) throws(StoreError) -> TrackedVersion? {
        let absolute = Store.absolute(path)
        for version in versions where version.covers(absolute) {
            let index = try self.index(of: version)
            if version.isFolder {
                let relative = absolute.dropFirst(version.path.count + 1)
                if index.entries.contains(relative + "\u{0}" + sha256) { return version }
            } else if index.hashes.contains(sha256) {
                return version
            }
        }
        return nil
    }

    private func index(of version: TrackedVersion) throws(StoreError) -> (entries: Set<String>, hashes: Set<String>) {
        if let index = indexes[version.id] { return index }
        let entries = try Manifest.decode(try store.object(version.id), id: version.id).entries
        let index = (Set(entries.map { $0.path + "\u{0}" + $0.object.hex }), Set(entries.map(\.object.hex)))
        indexes[version.id] = index
        return index
    }
}
