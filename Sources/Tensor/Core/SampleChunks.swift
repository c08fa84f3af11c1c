import Dispatch

/// Splits a batch into a fixed number of contiguous sample ranges and runs them on
/// separate threads.
///
/// The chunk count is a constant, not the processor count, so every reduction done
/// per chunk and then combined in chunk order adds in the same order on every machine
/// and every run: the same seed gives bit-identical results.
enum SampleChunks {
    /// The number of chunks (the target machines have 2 cores).
    static let count = 2

    /// The sample range of chunk `index` out of `chunks` for a batch of `batch`.
    static func range(_ index: Int, of chunks: Int, batch: Int) -> Range<Int> {
        (index * batch / chunks)..<((index + 1) * batch / chunks)
    }

    /// The number of chunks a batch of `batch` samples is split into (at least 1).
    static func chunkCount(batch: Int) -> Int { Swift.max(1, Swift.min(count, batch)) }

    /// Calls `body(chunk, samples)` for each chunk, concurrently; returns when all are done.
    /// `body` must only write memory no other chunk touches.
    static func run(batch: Int, _ body: (_ chunk: Int, _ samples: Range<Int>) -> Void) {
        let chunks = chunkCount(batch: batch)
        if chunks == 1 {
            body(0, 0..<batch)
            return
        }
        // concurrentPerform wants a @Sendable closure; `body` is safe to share because
        // the chunks write disjoint memory and the call returns only after all of them.
        nonisolated(unsafe) let shared = body
        // The workers compute in the caller's floating-point mode (flushing subnormals
        // while training), so a chunk gives the same bits on whichever thread it runs.
        let mode = FloatingPointMode.current
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            FloatingPointMode.applying(mode) { shared(chunk, range(chunk, of: chunks, batch: batch)) }
        }
    }
}
