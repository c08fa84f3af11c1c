import Digest
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Hashing many files at once, and storing those the store lacks, for `track`/`add`.
///
/// Several workers each read a file, hash it and (when the object is new) write a
/// staged copy, so one worker's reads and writes overlap another's hashing. Each worker
/// stages into a folder of its own under `objects/tmp/`: creating a file takes its
/// folder's lock, and with one shared folder the workers queued on it (a fifth of the
/// first pass of `strata add` went to that wait).
///
/// Staged copies are not fsynced one by one: a `BackgroundInstaller` flushes the file
/// system every `flushInterval` staged bytes and renames what the flush covered into
/// place while the workers go on, so the disk writes and the renames overlap the hashing.
/// Far fewer flushes than one per file, and still no final name ever holds unflushed
/// bytes.
extension ObjectStore {
    /// The outcome for one file: its object id and, if its content was new to the store,
    /// the staged copy waiting for `commit`.
    struct Ingested: Sendable {
        var id: ObjectID
        var staged: String?
    }

    /// Files up to this size are read whole, then hashed, then written (when new);
    /// larger ones are streamed through the hash into a staged copy, a piece this size at
    /// a time. Small enough that a piece is still in the core's cache when it is hashed
    /// and written out: with 4 MiB pieces each byte crossed memory three times and the
    /// first pass of `strata add` took 1.3-1.9x as long.
    static let wholeFileLimit = 256 << 10

    /// Staged bytes between two background flushes of the file system.
    static let flushInterval = 64 << 20

    /// Hashes `files` on `threads` workers, without storing them. Results are in the
    /// order of `files`.
    func ingest(_ files: [ScannedFile], threads: Int) throws(StoreError) -> [ObjectID] {
        try runWorkers(files, threads: threads, installer: nil)
    }

    /// Hashes `files` on `threads` workers and stores the content the store lacks,
    /// durably, as objects. Returns each file's id (in the order of `files`) and how many
    /// objects were new.
    func store(_ files: [ScannedFile], threads: Int,
               flushInterval: Int = ObjectStore.flushInterval) throws(StoreError) -> (ids: [ObjectID], newObjects: Int) {
        guard !files.isEmpty else { return ([], 0) }
        try FileIO.makeDirectory(temporaryFolder)
        let installer = BackgroundInstaller(objects: self, interval: flushInterval)
        let ids: [ObjectID]
        do throws(StoreError) {
            ids = try runWorkers(files, threads: threads, installer: installer)
        } catch {
            installer.abandon()
            throw error
        }
        return (ids, try installer.finish())
    }

    /// The worker pool behind `ingest` and `store`: with an installer, new content is
    /// staged (each worker in a folder of its own) and handed to it.
    private func runWorkers(_ files: [ScannedFile], threads: Int,
                            installer: BackgroundInstaller?) throws(StoreError) -> [ObjectID] {
        guard !files.isEmpty else { return [] }
        // Largest first, so a big file does not start last and leave the other workers idle.
        let order = files.indices.sorted { files[$0].size > files[$1].size }
        let next = Atomic<Int>(0)
        let results = Mutex<[Int: ObjectID]>([:])
        let failure = Mutex<StoreError?>(nil)
        let workers = max(1, min(threads, files.count))
        WorkerThreads.run(count: workers) { _ in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ObjectStore.wholeFileLimit, alignment: 64)
            defer { buffer.deallocate() }
            var local: [Int: ObjectID] = [:]
            var staging: String?
            while failure.withLock({ $0 == nil }) {
                let position = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard position < order.count else { break }
                let index = order[position]
                do throws(StoreError) {
                    if let installer, staging == nil { staging = try installer.makeStagingFolder() }
                    let item = try ingestOne(files[index], staging: staging, name: index, buffer: buffer)
                    if let staged = item.staged {
                        installer?.staged(staged, id: item.id, bytes: Int(clamping: files[index].size))
                    }
                    local[index] = item.id
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                }
            }
            results.withLock { $0.merge(local) { first, _ in first } }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let collected = results.withLock { $0 }
        return files.indices.map { collected[$0]! }
    }

    /// Hashes one file; with a `staging` folder, copies it there as `<name>.tmp` unless
    /// the store already has its content.
    private func ingestOne(_ file: ScannedFile, staging: String?, name: Int,
                           buffer: UnsafeMutableRawBufferPointer) throws(StoreError) -> Ingested {
        let stagedPath = staging.map { "\($0)/\(name).tmp" }
        let fd = try FileIO.open(file.absolutePath, O_RDONLY, action: "open")
        defer { close(fd) }
        var hasher = SHA256Hasher()
        let first = try FileIO.readFully(fd, into: buffer, path: file.absolutePath)
        let head = UnsafeRawBufferPointer(rebasing: buffer[0..<first])
        hasher.update(head)
        if first < buffer.count {
            // The whole file is in memory: hash, and write only if the store lacks it.
            let id = ObjectID(trusted: hasher.finalizeHex())
            guard let staged = stagedPath, !freshen(id) else { return Ingested(id: id, staged: nil) }
            try writeStaged(staged) { (out) throws(StoreError) in try FileIO.writeAll(out, head, path: staged) }
            return Ingested(id: id, staged: staged)
        }
        // A large file: stream it through the hash (and into a staged copy).
        let staged = stagedPath
        let out = try staged.map { (path) throws(StoreError) in
            try FileIO.open(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o444, action: "create object file")
        }
        defer { if let out { close(out) } }
        do throws(StoreError) {
            if let out, let staged { try FileIO.writeAll(out, head, path: staged) }
            while true {
                let count = try FileIO.readFully(fd, into: buffer, path: file.absolutePath)
                if count == 0 { break }
                let piece = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                hasher.update(piece)
                if let out, let staged { try FileIO.writeAll(out, piece, path: staged) }
            }
        } catch {
            if let staged { unlink(staged) }
            throw error
        }
        let id = ObjectID(trusted: hasher.finalizeHex())
        if let staged, freshen(id) {
            unlink(staged)
            return Ingested(id: id, staged: nil)
        }
        return Ingested(id: id, staged: staged)
    }

    private func writeStaged(_ path: String, _ body: (Int32) throws(StoreError) -> Void) throws(StoreError) {
        let out = try FileIO.open(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o444, action: "create object file")
        defer { close(out) }
        do throws(StoreError) {
            try body(out)
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Makes staged copies durable objects: one file-system flush, the renames, then a
    /// sync of each fan-out folder touched. Returns how many objects were new.
    @discardableResult
    func commit(_ items: [Ingested]) throws(StoreError) -> Int {
        let staged = items.compactMap { item in item.staged.map { (path: $0, id: item.id) } }
        guard !staged.isEmpty else { return 0 }
        try flushFileSystem()
        var installer = ObjectInstaller(objects: self)
        try installer.install(staged)
        return try installer.finish()
    }

    /// `syncfs(2)` on the store's file system: every staged byte reaches the disk.
    func flushFileSystem() throws(StoreError) {
        let fd = try FileIO.open(objectsFolder, O_RDONLY | O_DIRECTORY, action: "open folder")
        defer { close(fd) }
        guard ObjectStore.syncFileSystem(fd) == 0 else {
            throw .io(action: "flush the file system of", path: objectsFolder, reason: FileIO.reason())
        }
    }

    /// Glibc declares `syncfs` only under _GNU_SOURCE, which Swift's module map does
    /// not set; look it up once (falling back to `sync`, which is slower but as safe).
    private static let syncFileSystem: @Sendable (Int32) -> Int32 = {
        typealias SyncFS = @convention(c) (Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") {
            let function = unsafeBitCast(symbol, to: SyncFS.self)
            return { fd in function(fd) }
        }
        return { _ in sync(); return 0 }
    }()
}
