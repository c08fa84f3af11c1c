import Dispatch
import Synchronization

/// Work started on another thread while the caller goes on; `value()` waits for it.
///
/// `strata add` and `strata status` walk the folder (one `stat` per file, in the
/// kernel) while they decode the previous manifest and load the hash cache (in
/// Swift and SQLite): done side by side, the slower of the two sets the time.
final class BackgroundResult<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, StoreError>?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws(StoreError) -> Value) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let outcome = Result { () throws(StoreError) -> Value in try work() }
            result.withLock { $0 = outcome }
            finished.signal()
        }
    }

    /// The work's value or error, once it has finished. Call it once.
    func value() throws(StoreError) -> Value {
        finished.wait()
        return try result.withLock { $0! }.get()
    }
}
