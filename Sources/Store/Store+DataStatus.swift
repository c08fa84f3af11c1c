import Digest
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How a tracked path differs from its last added version.
public struct DataStatus: Sendable, Hashable {
    public var path: String
    /// The version compared against.
    public var baseline: ObjectID
    public var added: [String]
    public var removed: [String]
    /// Content or permission bits changed.
    public var modified: [String]
    public var unchanged: Int

    public var isClean: Bool { added.isEmpty && removed.isEmpty && modified.isEmpty }
}

extension Store {
    /// What changed at `path` since it was last added. Files whose size and mtime are
    /// unchanged are not read; the others are hashed (not stored).
    public func status(_ path: String, threads: Int = Store.defaultIngestThreads) throws(StoreError) -> DataStatus {
        let absolute = Store.absolute(path)
        let root = self.root
        let scan = BackgroundResult { () throws(StoreError) in
            do throws(StoreError) {
                return try FolderScanner.scan(absolute, skipping: root).1
            } catch {
                // The whole path is gone: everything was removed.
                guard !FileIO.exists(absolute) else { throw error }
                return []
            }
        }
        guard let latest = try trackedVersions(path: absolute).first else {
            _ = try? scan.value()
            throw .notTracked(path)
        }
        let manifest = try Manifest.decode(try objects.data(latest.id), id: latest.id)
        var baseline: [String: Manifest.Entry] = [:]
        baseline.reserveCapacity(manifest.entries.count)
        for entry in manifest.entries { baseline[entry.path] = entry }
        let cache = try read { db in try HashCache.load(under: absolute, in: db) }
        let files = try scan.value()
        var status = DataStatus(path: absolute, baseline: latest.id, added: [], removed: [], modified: [], unchanged: 0)
        var toHash: [ScannedFile] = []
        var present = Set<String>()
        for file in files {
            present.insert(file.relativePath)
            guard let entry = baseline[file.relativePath] else {
                status.added.append(file.relativePath)
                continue
            }
            if entry.size != file.size || entry.mode != file.mode {
                status.modified.append(file.relativePath)
            } else if let known = cache.hash(of: file) {
                if known == entry.object.hex {
                    status.unchanged += 1
                } else {
                    status.modified.append(file.relativePath)
                }
            } else {
                toHash.append(file)
            }
        }
        let hashed = try objects.ingest(toHash, threads: threads)
        for (file, result) in zip(toHash, hashed) {
            if baseline[file.relativePath]?.object == result {
                status.unchanged += 1
            } else {
                status.modified.append(file.relativePath)
            }
        }
        if !toHash.isEmpty {
            let pairs = zip(toHash, hashed).map { ($0, $1.hex) }
            try write { db in try HashCache.save(pairs, in: db) }
        }
        status.removed = manifest.entries.map(\.path).filter { !present.contains($0) }
        status.added.sort()
        status.modified.sort()
        return status
    }
}
