import Dispatch
import Foundation
import Synchronization

/// One long-lived thread that runs submitted jobs in submission order: the kernel's
/// execution thread, the only one that touches the interpreter.
///
/// A dedicated thread rather than a dispatch queue so that the stack is large (a
/// tree-walking evaluator recurses as deep as the user's code) and the same thread
/// runs every cell.
final class ExecutionThread: Sendable {
    typealias Job = @Sendable () -> Void

    private struct State {
        var jobs: [Job] = []
        var started = false
        var finishing = false
    }

    private let state = Mutex(State())
    /// Counts submitted jobs (plus one for `finish()`), so the thread sleeps while idle.
    private let available = DispatchSemaphore(value: 0)
    private let name: String
    private let stackSize: Int

    init(name: String, stackSize: Int = 64 << 20) {
        self.name = name
        self.stackSize = stackSize
    }

    /// Starts the thread; jobs submitted earlier run once it starts. Later calls do nothing.
    func start() {
        let first = state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.stackSize = stackSize
        thread.start()
    }

    /// Queues `job` behind every job submitted before it.
    func submit(_ job: @escaping Job) {
        let accepted = state.withLock { state in
            guard !state.finishing else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted { available.signal() }
    }

    /// Lets the thread end after the jobs already queued; later submissions are dropped.
    func finish() {
        state.withLock { $0.finishing = true }
        available.signal()
    }

    private func run() {
        while true {
            available.wait()
            let next: Job? = state.withLock { state in
                state.jobs.isEmpty ? nil : state.jobs.removeFirst()
            }
            if let next {
                next()
            } else if state.withLock({ $0.finishing && $0.jobs.isEmpty }) {
                return
            }
        }
    }
}
