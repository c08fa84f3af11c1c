import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Installs what the ingest workers write while they go on reading and hashing.
///
/// Workers hand over each finished file: a sealed pack of small objects, or the staged
/// copy of one large object. A thread of its own flushes it (`fsync`, through the
/// descriptor the worker wrote with) and renames it into place, so the disk writes and
/// the renames overlap the hashing and `finish` has only the tail left. The durability
/// rule holds: a file gets its final name only after its bytes are on disk, and `finish`
/// syncs the folders the names went into before anyone records a row that refers to them.
final class BackgroundInstaller: Sendable {
    enum Item: Sendable {
        case loose(path: String, fd: Int32, id: ObjectID)
        case pack(SealedPack)

        var path: String {
            switch self {
            case .loose(let path, _, _): path
            case .pack(let pack): pack.path
            }
        }

        var fd: Int32 {
            switch self {
            case .loose(_, let fd, _): fd
            case .pack(let pack): pack.fd
            }
        }
    }

    private struct State {
        var queue: [Item] = []
        var installer: ObjectInstaller
        var packs: [SealedPack] = []
        /// Objects this add stored that the store lacked.
        var new = Set<RawObjectID>()
        var failure: StoreError?
        var abandoned = false
        /// The workers' staging folders, removed at the end whatever happened.
        var stagingFolders: [String] = []
    }

    private let objects: ObjectStore
    private let state: Mutex<State>
    private let stopping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    init(objects: ObjectStore) {
        self.objects = objects
        state = Mutex(State(installer: ObjectInstaller(objects: objects)))
        DispatchQueue.global(qos: .userInitiated).async { [self] in run() }
    }

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

    /// A worker's finished file (its bytes written, its descriptor still open).
    func hand(_ item: Item) {
        state.withLock { $0.queue.append(item) }
        wake.signal()
    }

    /// Installs what is left, makes the names durable, registers the packs and returns
    /// how many objects were new; on any failure, removes what was not installed and throws.
    func finish() throws(StoreError) -> Int {
        stop()
        return try state.withLock { (state) throws(StoreError) -> Int in
            defer { for folder in state.stagingFolders { rmdir(folder) } }
            if let failure = state.failure {
                Self.discard(state.queue)
                state.queue.removeAll()
                throw failure
            }
            _ = try state.installer.finish()
            if !state.packs.isEmpty {
                try FileIO.syncDirectory(objects.packFolder)
                for pack in state.packs { objects.packs.register(name: pack.name, entries: pack.entries) }
            }
            return state.new.count
        }
    }

    /// Stops without installing what is still waiting, and removes it (a worker failed).
    func abandon() {
        state.withLock { $0.abandoned = true }
        stop()
        state.withLock { state in
            Self.discard(state.queue)
            state.queue.removeAll()
            _ = try? state.installer.finish()
            for folder in state.stagingFolders { rmdir(folder) }
        }
    }

    private func stop() {
        stopping.store(true, ordering: .releasing)
        wake.signal()
        stopped.wait()
    }

    private static func discard(_ items: [Item]) {
        for item in items {
            close(item.fd)
            unlink(item.path)
        }
    }

    private func run() {
        while true {
            wake.wait()
            let last = stopping.load(ordering: .acquiring)
            let batch = state.withLock { state -> [Item] in
                guard state.failure == nil, !state.abandoned else { return [] }
                defer { state.queue.removeAll(keepingCapacity: true) }
                return state.queue
            }
            for (position, item) in batch.enumerated() {
                do throws(StoreError) {
                    try install(item)
                } catch {
                    state.withLock { state in
                        if state.failure == nil { state.failure = error }
                    }
                    Self.discard(Array(batch[(position + 1)...]))
                    break
                }
            }
            // Workers are done before `stop`: the batch just taken held all that was left.
            if last { break }
        }
        stopped.signal()
    }

    /// Flushes one file and renames it into place.
    private func install(_ item: Item) throws(StoreError) {
        // One flush per file, not per object: packs make files few.
        let synced = Glibc.fsync(item.fd) == 0
        let reason = FileIO.reason()
        close(item.fd)
        guard synced else {
            unlink(item.path)
            throw .io(action: "flush", path: item.path, reason: reason)
        }
        switch item {
        case .loose(let path, _, let id):
            try state.withLock { (state) throws(StoreError) in
                let before = state.installer.installed
                try state.installer.install([(path, id)])
                if state.installer.installed > before { state.new.insert(RawObjectID(id)) }
            }
        case .pack(let pack):
            let final = objects.packs.path(ofPack: pack.name)
            // The same name means the same index: a pack another add installed first.
            let installed: Bool
            do throws(StoreError) {
                installed = try FileIO.renameUnlessPresent(pack.path, final)
            } catch {
                unlink(pack.path)
                throw error
            }
            if !installed { unlink(pack.path) }
            state.withLock { state in
                guard installed else { return }
                state.packs.append(pack)
                for entry in pack.entries { state.new.insert(entry.id) }
            }
        }
    }
}
