import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What `checkout` wrote.
public struct CheckoutResult: Sendable, Hashable {
    public var id: ObjectID
    public var folder: String
    public var files: Int
    public var bytes: Int64
}

extension Store {
    /// Writes the files of a tracked version (`reference`: its id or a unique prefix)
    /// into `folder`, creating it. Each file's bytes are checked against its object id
    /// as they are copied; files already there are replaced, others left alone. Several
    /// workers copy at once, so one's reads from disk overlap another's hashing.
    public func checkout(
        _ reference: String, to folder: String,
        threads: Int = Store.defaultIngestThreads
    ) throws(StoreError) -> CheckoutResult {
        let (id, manifest) = try manifest(reference)
        let destination = Store.absolute(folder)
        var folders = Set<String>()
        for entry in manifest.entries {
            // Manifests come from stores that may come from elsewhere (import): no escaping the folder.
            let parts = entry.path.split(separator: "/")
            guard !entry.path.hasPrefix("/"), !parts.contains(".."), !parts.contains(".") else {
                throw .invalidManifest(id, reason: "path '\(entry.path)' leaves the folder")
            }
            folders.insert(parts.dropLast().joined(separator: "/"))
        }
        for folder in folders.sorted() {
            try FileIO.makeDirectory(folder.isEmpty ? destination : destination + "/" + folder)
        }
        let entries = manifest.entries
        let next = Atomic<Int>(0)
        let failure = Mutex<StoreError?>(nil)
        WorkerThreads.run(count: max(1, min(threads, entries.count))) { _ in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
            defer { buffer.deallocate() }
            let open = OpenPacks()
            while failure.withLock({ $0 == nil }) {
                let position = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard position < entries.count else { break }
                let entry = entries[position]
                do throws(StoreError) {
                    try self.copyObject(
                        entry.object, to: destination + "/" + entry.path, mode: entry.mode, buffer: buffer,
                        open: open)
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return CheckoutResult(id: id, folder: destination, files: entries.count, bytes: manifest.totalBytes)
    }

    /// Streams an object (loose or packed) into `target` through a temporary name,
    /// hashing as it goes; a missing object or a mismatch removes the copy and names
    /// the object.
    private func copyObject(
        _ object: ObjectID, to target: String, mode: UInt32,
        buffer: UnsafeMutableRawBufferPointer, open: OpenPacks
    ) throws(StoreError) {
        let temporary = target + ".strata-\(getpid()).tmp"
        let output = try FileIO.open(
            temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: mode_t(mode & 0o7777 | 0o200),
            action: "create")
        do throws(StoreError) {
            defer { close(output) }
            try objects.stream(object, buffer: buffer, open: open) { (piece) throws(StoreError) in
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
