import Foundation

/// Everything a notebook session and the run commands use of a store: runs, sweeps and
/// objects, the prediction log, tracked data versions and the files they hold, and the
/// exchange with other stores. The local store and the team store implement it; the
/// local store alone also tracks folders and keeps cell history, which happen where the
/// files are.
public protocol SessionStore: StoreExchange, PredictionLog {
    /// The newest tracked version holding the file at `path` with exactly these bytes.
    func trackedVersion(holding path: String, sha256: String) throws(StoreError) -> TrackedVersion?
    /// Every dataset version the store has seen (what runs and loaders recorded), newest
    /// first, with how many runs used each.
    func datasets() throws(StoreError) -> [DatasetVersion]
}

extension TrackedVersion {
    /// The newest of `versions` (newest first, each of `path` itself or of a folder
    /// above it) whose manifest lists the file at `path` with these bytes.
    static func holding(
        _ path: String, sha256: String, among versions: [TrackedVersion],
        manifest: (ObjectID) throws(StoreError) -> Manifest
    ) throws(StoreError) -> TrackedVersion? {
        for version in versions {
            let entries = try manifest(version.id).entries
            let relative = version.isFolder ? String(path.dropFirst(version.path.count + 1)) : nil
            if entries.contains(where: { entry in
                entry.object.hex == sha256 && (relative == nil || entry.path == relative)
            }) {
                return version
            }
        }
        return nil
    }

    /// Whether this version is of `path` itself or of a folder above it.
    public func covers(_ path: String) -> Bool {
        self.path == path || (isFolder && path.hasPrefix(self.path + "/"))
    }
}

extension SessionStore {
    /// The same lookup for a store that lists its versions whole: those covering
    /// `path`, newest first, their manifests read from the store's objects.
    public func trackedVersionListed(holding path: String, sha256: String) throws(StoreError) -> TrackedVersion? {
        let candidates = try trackedVersions(path: nil).filter { $0.covers(path) }
        return try TrackedVersion.holding(path, sha256: sha256, among: candidates) { (id) throws(StoreError) in
            try Manifest.decode(try object(id), id: id)
        }
    }
}

extension Store: SessionStore {}
