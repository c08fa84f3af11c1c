import Dispatch
import Foundation
import Synchronization

/// Runs `body` on `count` threads of its own and waits for all of them.
///
/// Not `DispatchQueue.concurrentPerform`: it runs no more iterations at once than there
/// are cores, and a worker blocked in the kernel (reading a file that is not cached,
/// waiting for a chunk from the pool) would leave its core idle; one worker more than
/// the cores keeps the hashing busy.
public enum WorkerThreads {
    public static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let finished = DispatchSemaphore(value: 0)
        for index in 0..<count {
            let thread = Thread {
                body(index)
                finished.signal()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        for _ in 0..<count { finished.wait() }
    }

    /// Calls `body` for each index below `count`, on up to `jobs` threads taking the next
    /// index as they finish one (network transfers, where each call mostly waits). The
    /// first error stops the others taking more and is thrown once all have returned.
    public static func forEach(
        _ count: Int, jobs: Int,
        _ body: @escaping @Sendable (Int) throws(StoreError) -> Void
    ) throws(StoreError) {
        guard count > 0 else { return }
        let next = Atomic<Int>(0)
        let failure = Mutex<StoreError?>(nil)
        run(count: min(max(1, jobs), count)) { _ in
            while failure.withLock({ $0 == nil }) {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                do throws(StoreError) {
                    try body(index)
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
