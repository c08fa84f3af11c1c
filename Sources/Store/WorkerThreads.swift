import Dispatch
import Foundation

/// Runs `body` on `count` threads of its own and waits for all of them.
///
/// Not `DispatchQueue.concurrentPerform`: it runs no more iterations at once than there
/// are cores, and the ingest workers spend much of their time blocked in the kernel
/// (creating files, waiting for a page), which is when a third and fourth worker on
/// two cores keep the disk and the hashing busy.
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
