import Dispatch
import Synchronization

/// A block-aligned buffer handed between an ingest worker (which fills it) and the
/// installer's thread (which writes it out and gives it back to the pool).
struct Chunk: @unchecked Sendable {
    // Unchecked: exactly one thread owns a chunk at a time; the pool, the worker filling
    // it and the installer's queue pass it on and never share it.
    let memory: UnsafeMutableRawBufferPointer
}

/// A fixed number of equal, block-aligned chunks, reused: when all are out, `take`
/// waits for the installer to give one back, which holds the workers to the disk's pace
/// (and memory to `capacity` chunks) when the disk is the slower side.
final class BufferPool: Sendable {
    let chunkSize: Int
    private let free = Mutex<[Chunk]>([])
    private let available: DispatchSemaphore

    init(chunkSize: Int, capacity: Int) {
        self.chunkSize = chunkSize
        available = DispatchSemaphore(value: capacity)
    }

    deinit {
        free.withLock { chunks in for chunk in chunks { chunk.memory.deallocate() } }
    }

    /// A chunk, allocated on first use; waits while all `capacity` are out.
    func take() -> Chunk {
        available.wait()
        let reused = free.withLock { $0.popLast() }
        return reused ?? Chunk(memory: .allocate(byteCount: chunkSize, alignment: DirectFile.alignment))
    }

    /// Gives a chunk back (its contents are no longer needed).
    func give(_ chunk: Chunk) {
        free.withLock { $0.append(chunk) }
        available.signal()
    }
}
