import Digest
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Hashing many files at once, and storing those the store lacks, for `track`/`add`.
///
/// Several workers each read a file and hash it. Small files are read into a pack the
/// worker fills (`PackWriter`), large ones into chunks of a staged copy of their own;
/// each worker stages into a folder of its own under `objects/tmp/` (creating a file
/// takes its folder's lock, and with one shared folder the workers queued on it).
///
/// The workers never write: full chunks go to a `BackgroundInstaller`, whose thread
/// writes them, flushes each finished pack or copy and renames it into place while the
/// workers go on, so the disk's work overlaps the hashing; no final name ever holds
/// unflushed bytes.
extension ObjectStore {
    /// The outcome for one file: its object id and, if its content was new to the store,
    /// the staged copy waiting for `commit`.
    struct Ingested: Sendable {
        var id: ObjectID
        var staged: String?
    }

    /// Large files are read and hashed a piece this size at a time: small enough that a
    /// piece is still in the core's cache when it is hashed (with 4 MiB pieces each byte
    /// crossed memory three times and the first pass of `strata add` took 1.3-1.9x as long).
    static let readSize = 256 << 10

    /// Copies are written in chunks this size, filled a `readSize` piece at a time: large
    /// direct writes run faster (4 MiB ones at 2.1 GB/s here, 256 KiB ones at 1.4).
    static let chunkSize = 4 << 20

    /// Files smaller than this are packed; larger ones become loose objects, for which
    /// one file per object costs little next to their bytes.
    static let packedObjectLimit = 1 << 20

    /// A worker seals its pack and hands it over once it holds this many bytes: big
    /// enough that packs are few, small enough that the last ones (flushed after the
    /// hashing ends) are a short tail.
    static let packSize = 16 << 20

    /// Hashes `files` on `threads` workers, without storing them. Results are in the
    /// order of `files`.
    func ingest(_ files: [ScannedFile], threads: Int) throws(StoreError) -> [ObjectID] {
        try runWorkers(files, threads: threads, installer: nil, packSize: 0)
    }

    /// Hashes `files` on `threads` workers and stores the content the store lacks,
    /// durably. Returns each file's id (in the order of `files`) and how many objects
    /// were new.
    func store(
        _ files: [ScannedFile], threads: Int,
        packSize: Int = ObjectStore.packSize
    ) throws(StoreError) -> (ids: [ObjectID], newObjects: Int) {
        guard !files.isEmpty else { return ([], 0) }
        try prepareFolders()
        // Packs other writers added since the catalog was last listed, so their objects
        // are not stored again; the workers then look only at what is loaded.
        packs.refresh(.ifChanged)
        // Each worker fills a pack of its own: a small add gets fewer workers, so it
        // makes one pack, not one small pack per worker.
        let bytes = files.reduce(Int64(0)) { $0 + $1.size }
        let workers = max(1, min(threads, files.count, Int(bytes / Int64(ObjectStore.packSize / 4)) + 1))
        // Each worker holds at most two chunks (its pack's and a large file's), so two
        // more per worker keep the installer's queue fed without holding up the workers.
        let installer = BackgroundInstaller(
            objects: self,
            pool: BufferPool(chunkSize: ObjectStore.chunkSize, capacity: 4 * workers + 2))
        let ids: [ObjectID]
        do throws(StoreError) {
            ids = try runWorkers(files, threads: workers, installer: installer, packSize: packSize)
        } catch {
            installer.abandon()
            throw error
        }
        return (ids, try installer.finish())
    }

    /// One worker's place to write: its staging folder and the pack it is filling.
    private final class WorkerOutput {
        let installer: BackgroundInstaller
        let packSize: Int
        var folder: String?
        var pack: PackWriter?
        var packs = 0

        init(installer: BackgroundInstaller, packSize: Int) {
            self.installer = installer
            self.packSize = packSize
        }

        func stagingFolder() throws(StoreError) -> String {
            if let folder { return folder }
            let made = try installer.makeStagingFolder()
            folder = made
            return made
        }

        func openPack() throws(StoreError) -> PackWriter {
            if let pack { return pack }
            packs += 1
            let made = try PackWriter(
                path: try stagingFolder() + "/pack-\(packs).tmp", pool: installer.pool,
                sink: installer)
            pack = made
            return made
        }

        /// Hands the pack over once it is full (or, `force`d at the end, if it holds anything).
        func sealPackIfDone(force: Bool = false) throws(StoreError) {
            guard let pack, force || pack.size >= Int64(packSize) else { return }
            self.pack = nil
            if pack.isEmpty {
                pack.abandon()
                return
            }
            do throws(StoreError) {
                let sealed = try pack.seal()
                installer.hand(
                    .install(
                        sealed.file, sealed.tail, sealed.tailCount,
                        .pack(name: sealed.name, entries: sealed.entries)))
            } catch {
                pack.abandon()
                throw error
            }
        }
    }

    /// The worker pool behind `ingest` and `store`: with an installer, new content is
    /// packed or staged (each worker in a folder of its own) and handed to it.
    private func runWorkers(
        _ files: [ScannedFile], threads: Int,
        installer: BackgroundInstaller?, packSize: Int
    ) throws(StoreError) -> [ObjectID] {
        guard !files.isEmpty else { return [] }
        // Largest first, so a big file does not start last and leave the other workers idle.
        let order = files.indices.sorted { files[$0].size > files[$1].size }
        let next = Atomic<Int>(0)
        let results = Mutex<[Int: ObjectID]>([:])
        let failure = Mutex<StoreError?>(nil)
        let workers = max(1, min(threads, files.count))
        WorkerThreads.run(count: workers) { _ in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ObjectStore.readSize, alignment: 64)
            defer { buffer.deallocate() }
            var local: [Int: ObjectID] = [:]
            let output = installer.map { WorkerOutput(installer: $0, packSize: packSize) }
            while failure.withLock({ $0 == nil }), installer?.hasFailed != true {
                let position = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard position < order.count else { break }
                let index = order[position]
                do throws(StoreError) {
                    local[index] = try ingestOne(files[index], name: index, output: output, buffer: buffer)
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                }
            }
            if let output {
                do throws(StoreError) {
                    if failure.withLock({ $0 == nil }) { try output.sealPackIfDone(force: true) }
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                }
                output.pack?.abandon()
            }
            results.withLock { $0.merge(local) { first, _ in first } }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let collected = results.withLock { $0 }
        return files.indices.map { collected[$0]! }
    }

    /// Hashes one file; with an `output`, writes its content into the worker's pack (a
    /// small file) or a staged copy `<name>.tmp` (a large one) unless the store has it.
    private func ingestOne(
        _ file: ScannedFile, name: Int, output: WorkerOutput?,
        buffer: UnsafeMutableRawBufferPointer
    ) throws(StoreError) -> ObjectID {
        let fd = try FileIO.open(file.absolutePath, O_RDONLY, action: "open")
        defer { close(fd) }
        var hasher = SHA256Hasher()
        guard let output else {
            try hashRest(fd, file: file, buffer: buffer, into: &hasher)
            return ObjectID(trusted: hasher.finalizeHex())
        }
        guard file.size < Int64(ObjectStore.packedObjectLimit) else {
            return try stageLoose(
                fd, file: file, name: name, output: output, hasher: hasher,
                head: UnsafeRawBufferPointer(start: nil, count: 0))
        }
        // Read straight into the pack's chunk and hash it there.
        let pack = try output.openPack()
        let space = try pack.beginObject(reserving: ObjectStore.packedObjectLimit)
        let count = try FileIO.readFully(fd, into: space, path: file.absolutePath)
        pack.advance(by: count)
        hasher.update(pack.currentObject)
        if count == space.count {
            // The file grew past the space reserved for it since the scan: store it loose.
            defer { pack.discardObject() }
            return try stageLoose(
                fd, file: file, name: name, output: output, hasher: hasher,
                head: pack.currentObject)
        }
        let id = ObjectID(trusted: hasher.finalizeHex())
        if freshen(id, refresh: .never) { pack.discardObject() } else { pack.endObject(id) }
        try output.sealPackIfDone()
        return id
    }

    /// Streams a file (after `head`, its bytes already read and hashed) through the hash
    /// into chunks the installer writes to a staged copy of its own, which it installs
    /// unless the store has the content already.
    private func stageLoose(
        _ fd: Int32, file: ScannedFile, name: Int, output: WorkerOutput,
        hasher: consuming SHA256Hasher, head: UnsafeRawBufferPointer
    ) throws(StoreError) -> ObjectID {
        let installer = output.installer
        let staged = try DirectFile(creating: try output.stagingFolder() + "/\(name).tmp")
        var chunk = installer.pool.take()
        var filled = 0
        if let base = head.baseAddress, head.count > 0 {
            chunk.memory.baseAddress!.copyMemory(from: base, byteCount: head.count)  // head fits: it came from a chunk
            filled = head.count
        }
        do throws(StoreError) {
            while true {
                if filled == chunk.memory.count {
                    installer.write(staged, chunk, count: filled)
                    chunk = installer.pool.take()
                    filled = 0
                }
                let want = min(ObjectStore.readSize, chunk.memory.count - filled)
                let count = try FileIO.readFully(
                    fd, into: UnsafeMutableRawBufferPointer(rebasing: chunk.memory[filled..<(filled + want)]),
                    path: file.absolutePath)
                hasher.update(UnsafeRawBufferPointer(rebasing: chunk.memory[filled..<(filled + count)]))
                filled += count
                if count < want { break }
            }
        } catch {
            installer.discard(staged, chunk)
            throw error
        }
        let id = ObjectID(trusted: hasher.finalizeHex())
        if freshen(id, refresh: .never) {
            installer.discard(staged, chunk)
        } else {
            installer.hand(.install(staged, chunk, filled, .loose(id)))
        }
        return id
    }

    /// Reads the rest of a file into the hash, a buffer at a time.
    private func hashRest(
        _ fd: Int32, file: ScannedFile, buffer: UnsafeMutableRawBufferPointer,
        into hasher: inout SHA256Hasher
    ) throws(StoreError) {
        while true {
            let count = try FileIO.readFully(fd, into: buffer, path: file.absolutePath)
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
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
    /// Shared with `ingest`, which makes a batch of placed files durable the same way.
    package static let syncFileSystem: @Sendable (Int32) -> Int32 = {
        typealias SyncFS = @convention(c) (Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") {
            let function = unsafeBitCast(symbol, to: SyncFS.self)
            return { fd in function(fd) }
        }
        return { _ in
            sync(); return 0
        }
    }()
}
