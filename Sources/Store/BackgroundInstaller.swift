import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Writes, flushes and installs what the ingest workers produce, on a thread of its own.
///
/// Workers only read and hash: each full chunk of a pack or of a large file's copy is
/// handed here, and this thread writes it (directly, in whole blocks), so no worker ever
/// waits for the disk and the two cores stay on hashing. When a file is complete it is
/// flushed (`fsync`) and renamed into place, while the workers go on; `finish` has only
/// the tail left, then syncs the folders the names went into, before anyone records a
/// row that refers to them. A file gets its final name only after its bytes are on disk.
final class BackgroundInstaller: Sendable, ChunkSink {
    /// What a complete file becomes.
    enum Kind: Sendable {
        case loose(ObjectID)
        case pack(name: String, entries: [Pack.Entry])
    }

    /// The queue's work, done in the order handed.
    enum Item: Sendable {
        case write(DirectFile, Chunk, Int)
        case install(DirectFile, Chunk, Int, Kind)
        case discard(DirectFile, Chunk?)
    }

    private struct State {
        var queue: [Item] = []
        var installer: ObjectInstaller
        var packs: [(name: String, entries: [Pack.Entry])] = []
        /// Objects this add stored that the store lacked.
        var new = Set<RawObjectID>()
        var failure: StoreError?
        var abandoned = false
        /// The workers' staging folders, removed at the end whatever happened.
        var stagingFolders: [String] = []
    }

    let pool: BufferPool
    private let objects: ObjectStore
    private let state: Mutex<State>
    private let failed = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    init(objects: ObjectStore, pool: BufferPool) {
        self.objects = objects
        self.pool = pool
        state = Mutex(State(installer: ObjectInstaller(objects: objects)))
        DispatchQueue.global(qos: .userInitiated).async { [self] in run() }
    }

    /// Whether a write or install failed (the workers may stop early: the add will fail).
    var hasFailed: Bool { failed.load(ordering: .relaxed) }

    /// A new, empty folder in `objects/tmp/` for one worker's files; `finish` or
    /// `abandon` removes it.
    func makeStagingFolder() throws(StoreError) -> String {
        while true {
            let folder = objects.temporaryFolder + "/\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            if mkdir(folder, 0o755) == 0 {
                state.withLock { $0.stagingFolders.append(folder) }
                return folder
            }
            guard errno == EEXIST else { throw .io(action: "create folder", path: folder, reason: FileIO.reason()) }
        }
    }

    func write(_ file: DirectFile, _ chunk: Chunk, count: Int) {
        hand(.write(file, chunk, count))
    }

    func discard(_ file: DirectFile, _ chunk: Chunk?) {
        hand(.discard(file, chunk))
    }

    /// Queues work for the installer's thread.
    func hand(_ item: Item) {
        state.withLock { $0.queue.append(item) }
        wake.signal()
    }

    /// Waits for the queue to be done, makes the names durable, registers the packs and
    /// returns how many objects were new; on any failure, everything not installed is
    /// removed and the failure thrown.
    func finish() throws(StoreError) -> Int {
        stop()
        return try state.withLock { (state) throws(StoreError) -> Int in
            defer { for folder in state.stagingFolders { rmdir(folder) } }
            if let failure = state.failure { throw failure }
            _ = try state.installer.finish()
            if !state.packs.isEmpty {
                try FileIO.syncDirectory(objects.packFolder)
                for pack in state.packs { objects.packs.register(name: pack.name, entries: pack.entries) }
            }
            return state.new.count
        }
    }

    /// Stops, removing what was not installed yet (a worker failed).
    func abandon() {
        state.withLock { $0.abandoned = true }
        stop()
        state.withLock { state in
            _ = try? state.installer.finish()
            for folder in state.stagingFolders { rmdir(folder) }
        }
    }

    private func stop() {
        stopping.store(true, ordering: .releasing)
        wake.signal()
        stopped.wait()
    }

    private func run() {
        while true {
            wake.wait()
            let last = stopping.load(ordering: .acquiring)
            let batch = state.withLock { state -> [Item] in
                defer { state.queue.removeAll(keepingCapacity: true) }
                return state.queue
            }
            for item in batch {
                // After a failure (or when abandoned) nothing more is written or
                // installed, but every chunk still goes back and every file goes.
                guard state.withLock({ $0.failure == nil && !$0.abandoned }) else {
                    dispose(item)
                    continue
                }
                do throws(StoreError) {
                    try perform(item)
                } catch {
                    state.withLock { state in if state.failure == nil { state.failure = error } }
                    failed.store(true, ordering: .relaxed)
                }
            }
            // Workers are done before `stop`: the batch just taken held all that was left.
            if last { break }
        }
        stopped.signal()
    }

    /// Does one item's work; its chunk goes back to the pool, and on failure its file is removed.
    private func perform(_ item: Item) throws(StoreError) {
        switch item {
        case .write(let file, let chunk, let count):
            defer { pool.give(chunk) }
            try file.write(UnsafeRawBufferPointer(rebasing: chunk.memory[0..<count]))
        case .discard:
            dispose(item)
        case .install(let file, let chunk, let count, let kind):
            var failure: StoreError?
            do throws(StoreError) {
                try file.write(UnsafeRawBufferPointer(rebasing: chunk.memory[0..<count]))
            } catch {
                failure = error
            }
            pool.give(chunk)
            // One flush per file, not per object: packs make files few.
            if failure == nil, fsync(file.fd) != 0 {
                failure = .io(action: "flush", path: file.path, reason: FileIO.reason())
            }
            if let failure {
                file.remove()
                throw failure
            }
            close(file.release())
            do throws(StoreError) {
                try install(file.path, as: kind)
            } catch {
                unlink(file.path)
                throw error
            }
        }
    }

    /// Gives the item's chunk back and, unless it only writes, removes its file.
    private func dispose(_ item: Item) {
        switch item {
        case .write(_, let chunk, _):
            pool.give(chunk)
        case .discard(let file, let chunk):
            if let chunk { pool.give(chunk) }
            file.remove()
        case .install(let file, let chunk, _, _):
            pool.give(chunk)
            file.remove()
        }
    }

    /// Renames a flushed file to its final name.
    private func install(_ path: String, as kind: Kind) throws(StoreError) {
        switch kind {
        case .loose(let id):
            try state.withLock { (state) throws(StoreError) in
                let before = state.installer.installed
                try state.installer.install([(path, id)])
                if state.installer.installed > before { state.new.insert(RawObjectID(id)) }
            }
        case .pack(let name, let entries):
            // The same name means the same index: a pack another add installed first.
            let installed: Bool
            do throws(StoreError) {
                installed = try FileIO.renameUnlessPresent(path, objects.packs.path(ofPack: name))
            } catch {
                unlink(path)
                throw error
            }
            if !installed { unlink(path) }
            state.withLock { state in
                guard installed else { return }
                state.packs.append((name, entries))
                for entry in entries { state.new.insert(entry.id) }
            }
        }
    }
}
