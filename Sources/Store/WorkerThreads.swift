import Dispatch
import Foundation

/// Runs `body` on `count` threads of its own and waits for all of them.
///
/// Not `DispatchQueue.concurrentPerform`: it runs no more iterations at once than there
/// are cores, and a worker blocked in the kernel (reading a file that is not cached,
/// waiting for a chunk from the pool) would leave its core idle; one worker more than
/// the cores keeps the hashing busy.
enum WorkerThreads {
    static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
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
}
