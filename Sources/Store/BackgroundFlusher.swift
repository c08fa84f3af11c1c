import Dispatch
import Synchronization

/// Flushes the store's file system in the background while `ingest` stages copies.
///
/// Without it every staged byte reaches the disk in the one `syncfs` of `commit`, after
/// all the reading and hashing is done; with it most of the write-back happens while the
/// workers still read and hash, and `commit`'s flush has only the tail left. A failed
/// background flush is ignored: `commit`'s own flush decides, and reports the error.
final class BackgroundFlusher: Sendable {
    private let store: ObjectStore
    private let interval: Int
    private let pending = Atomic<Int>(0)
    private let finished = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    init(store: ObjectStore, interval: Int = ObjectStore.flushInterval) {
        self.store = store
        self.interval = interval
        DispatchQueue.global(qos: .utility).async { [self] in run() }
    }

    /// Counts bytes a worker has staged; every `interval` of them wakes the flusher.
    func staged(bytes: Int) {
        let before = pending.wrappingAdd(bytes, ordering: .relaxed).oldValue
        if before / interval != (before + bytes) / interval { wake.signal() }
    }

    /// Stops the flusher and waits for a flush in progress to end.
    func finish() {
        finished.store(true, ordering: .releasing)
        wake.signal()
        done.wait()
    }

    private func run() {
        while true {
            wake.wait()
            if finished.load(ordering: .acquiring) { break }
            try? store.flushFileSystem()
        }
        done.signal()
    }
}
