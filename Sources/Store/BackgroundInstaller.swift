import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Installs the copies `ingest` stages while its workers are still reading and hashing.
///
/// Each time another `interval` bytes have been staged, a thread of its own takes the
/// copies staged so far (all closed, their bytes written), flushes the file system with
/// `syncfs` (which waits for every byte dirty when it starts), then renames them into
/// place. Without it, every byte reached the disk and every rename happened after all
/// the hashing was done; with it most of both overlap the hashing, and `finish` has only
/// the tail left. The durability rule is unchanged: a copy gets its final name only after
/// a flush that began after it was written.
final class BackgroundInstaller: Sendable {
    private struct State {
        var ready: [(path: String, id: ObjectID)] = []
        var stagedBytes = 0
        var installer: ObjectInstaller
        var failure: StoreError?
        var abandoned = false
        /// The workers' staging folders, removed at the end whatever happened.
        var stagingFolders: [String] = []
    }

    private let objects: ObjectStore
    private let interval: Int
    private let state: Mutex<State>
    private let stopping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    init(objects: ObjectStore, interval: Int = ObjectStore.flushInterval) {
        self.objects = objects
        self.interval = interval
        state = Mutex(State(installer: ObjectInstaller(objects: objects)))
        DispatchQueue.global(qos: .userInitiated).async { [self] in run() }
    }

    /// A new, empty folder in `objects/tmp/` for one worker's staged copies; `finish` or
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

    /// A worker's finished copy (closed, its bytes written) of the object `id`.
    func staged(_ path: String, id: ObjectID, bytes: Int) {
        let crossed = state.withLock { state in
            state.ready.append((path, id))
            let before = state.stagedBytes
            state.stagedBytes += bytes
            return before / interval != state.stagedBytes / interval
        }
        if crossed { wake.signal() }
    }

    /// Installs what is left, makes the renames durable and returns how many objects
    /// were new; on any failure, removes the copies not installed and throws.
    func finish() throws(StoreError) -> Int {
        stop()
        return try state.withLock { (state) throws(StoreError) -> Int in
            defer { for folder in state.stagingFolders { rmdir(folder) } }
            if let failure = state.failure {
                // Copies staged after the failed batch were never taken: remove them too.
                for item in state.ready { unlink(item.path) }
                state.ready.removeAll()
                throw failure
            }
            return try state.installer.finish()
        }
    }

    /// Stops without installing the copies still waiting, and removes them (a worker failed).
    func abandon() {
        stopping.store(true, ordering: .releasing)
        state.withLock { $0.abandoned = true }
        wake.signal()
        stopped.wait()
        state.withLock { state in
            for item in state.ready { unlink(item.path) }
            state.ready.removeAll()
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
            let batch = state.withLock { state -> [(path: String, id: ObjectID)] in
                guard state.failure == nil, !state.abandoned else { return [] }
                defer { state.ready.removeAll(keepingCapacity: true) }
                return state.ready
            }
            if !batch.isEmpty {
                do throws(StoreError) {
                    try objects.flushFileSystem()
                    try state.withLock { (state) throws(StoreError) in try state.installer.install(batch) }
                } catch {
                    state.withLock { state in
                        if state.failure == nil { state.failure = error }
                        // Copies of this batch not yet renamed are still at their staged path.
                        for item in batch where FileIO.exists(item.path) { unlink(item.path) }
                    }
                }
            }
            if last { break }
        }
        stopped.signal()
    }
}
