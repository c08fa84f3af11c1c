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

/// What `checkout` wrote.
public struct CheckoutResult: Sendable, Hashable {
    public var id: ObjectID
    public var folder: String
    public var files: Int
    public var bytes: Int64
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
                if known == entry.object.hex { status.unchanged += 1 } else { status.modified.append(file.relativePath) }
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

    /// Writes the files of a tracked version (`reference`: its id or a unique prefix)
    /// into `folder`, creating it. Each file's bytes are checked against its object id
    /// as they are copied; files already there are replaced, others left alone.
    public func checkout(_ reference: String, to folder: String) throws(StoreError) -> CheckoutResult {
        let (id, manifest) = try manifest(reference)
        let destination = Store.absolute(folder)
        try FileIO.makeDirectory(destination)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        for entry in manifest.entries {
            // Manifests come from stores that may come from elsewhere (import): no escaping the folder.
            let parts = entry.path.split(separator: "/")
            guard !entry.path.hasPrefix("/"), !parts.contains(".."), !parts.contains(".") else {
                throw .invalidManifest(id, reason: "path '\(entry.path)' leaves the folder")
            }
            let target = destination + "/" + entry.path
            try FileIO.makeDirectory((target as NSString).deletingLastPathComponent)
            try copyObject(entry.object, to: target, mode: entry.mode, buffer: buffer)
        }
        return CheckoutResult(id: id, folder: destination, files: manifest.entries.count, bytes: manifest.totalBytes)
    }

    /// Streams an object (loose or packed) into `target` through a temporary name,
    /// hashing as it goes; a mismatch removes the copy and names the object.
    private func copyObject(_ object: ObjectID, to target: String, mode: UInt32,
                            buffer: UnsafeMutableRawBufferPointer) throws(StoreError) {
        _ = try objects.location(of: object)  // a missing object fails before any file is made
        let temporary = target + ".strata-\(getpid()).tmp"
        let output = try FileIO.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: mode_t(mode & 0o7777 | 0o200),
                                     action: "create")
        do throws(StoreError) {
            defer { close(output) }
            try objects.stream(object, buffer: buffer) { (piece) throws(StoreError) in
                try FileIO.writeAll(output, piece, path: temporary)
            }
            fchmod(output, mode_t(mode & 0o7777))
            try FileIO.rename(temporary, target)
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
