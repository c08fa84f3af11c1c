import Dispatch
import Experiments
import Store
import Synchronization

/// The store the dashboard reads, opened on first use and again after a failure, so a
/// dashboard started while PostgreSQL is down shows why and recovers when it is back.
final class DashboardStore: Sendable {
    private let open: @Sendable () throws(StoreError) -> ExperimentStore
    private let opened = Mutex<ExperimentStore?>(nil)
    /// Store calls block (SQLite, and the PostgreSQL bridge waits on its own executor);
    /// they run here, off the server's event loops and Swift's cooperative threads.
    private let queue = DispatchQueue(label: "strata-ui-store", attributes: .concurrent)

    init(open: @escaping @Sendable () throws(StoreError) -> ExperimentStore) {
        self.open = open
    }

    /// The open store.
    /// - Throws: `.storeUnavailable` with the store's own words.
    func experiments() throws(DashboardError) -> ExperimentStore {
        if let store = opened.withLock({ $0 }) { return store }
        do throws(StoreError) {
            let store = try open()
            opened.withLock { $0 = store }
            return store
        } catch {
            throw .storeUnavailable(error.description)
        }
    }

    /// Runs `body` with the store on the store queue. A store error while reading
    /// becomes `.storeUnavailable` unless `body` maps it itself.
    func read<T: Sendable>(
        _ body: @escaping @Sendable (ExperimentStore) throws(DashboardError) -> T
    ) async throws(DashboardError) -> T {
        let result: Result<T, DashboardError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(DashboardError) {
                    continuation.resume(returning: .success(try body(try self.experiments())))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}

extension DashboardError {
    /// A store error met while reading a page: a missing run is a 404, anything else
    /// says the store could not be read.
    static func from(_ error: StoreError) -> DashboardError {
        switch error {
        case .unknownRun, .ambiguousRun, .unknownSweep: .notFound(error.description)
        default: .storeUnavailable(error.description)
        }
    }
}

/// `try store(...)` for store calls inside a page: the error mapped by `DashboardError.from`.
func stored<T>(_ body: () throws(StoreError) -> T) throws(DashboardError) -> T {
    do throws(StoreError) {
        return try body()
    } catch {
        throw DashboardError.from(error)
    }
}
