import Foundation

/// Runs work synchronously on a fresh thread with a large stack, so deeply recursive
/// programs reach the evaluator's recursion limit (a clean error) long before the
/// stack runs out, whatever thread the caller is on (a kernel's, a test runner's).
enum LargeStack {
    /// Reserved address space, not memory: pages are only touched as the stack grows.
    static let size = 512 * 1024 * 1024
    /// What the evaluator may use, leaving room for error handling and the thread's own frames.
    static let budget = size - 4 * 1024 * 1024

    static func run<T>(_ work: () -> T) -> T {
        withoutActuallyEscaping(work) { work in
            // The caller blocks until the thread is done, so the work and its result are
            // never touched by two threads at once.
            let box = Box(work: work)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.result = box.work?()
                // Drop the work before signalling: once the caller resumes, nothing may
                // still refer to it (withoutActuallyEscaping checks).
                box.work = nil
                done.signal()
            }
            thread.stackSize = size
            thread.start()
            done.wait()
            return box.result!
        }
    }

    private final class Box<Result>: @unchecked Sendable {
        var work: (() -> Result)?
        var result: Result?
        init(work: @escaping () -> Result) { self.work = work }
    }
}
