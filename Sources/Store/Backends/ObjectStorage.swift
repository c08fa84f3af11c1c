import Foundation

/// Content-addressed blobs: weights, figures, dataset bytes. An object is named by the
/// SHA-256 of its bytes and never changes.
public protocol ObjectStorage: Sendable {
    /// Stores `data` and returns its id. Durable before it returns (a row may then name
    /// it); storing the same bytes again is harmless and cheap.
    @discardableResult
    func putObject(_ data: Data) throws(StoreError) -> ObjectID
    /// The object's bytes, checked against its id as they are read.
    /// - Throws: `.objectMissing`, or `.objectCorrupt` naming the object.
    func object(_ id: ObjectID) throws(StoreError) -> Data
    /// Reads many objects on up to `jobs` threads, handing each to `each` (from any
    /// thread, in any order) with its bytes or why they could not be had (`.objectMissing`,
    /// `.objectCorrupt`). Any other failure, or the first error `each` throws, stops the
    /// reading and is thrown. Stores whose objects sit in packs read a pack at a time.
    func readObjects(
        _ ids: [ObjectID], jobs: Int,
        _ each: @escaping @Sendable (ObjectID, Result<Data, StoreError>) throws(StoreError) -> Void)
        throws(StoreError)
}

extension ObjectStorage {
    /// One object at a time on each thread.
    public func readObjects(
        _ ids: [ObjectID], jobs: Int,
        _ each: @escaping @Sendable (ObjectID, Result<Data, StoreError>) throws(StoreError) -> Void
    )
        throws(StoreError)
    {
        try WorkerThreads.forEach(ids.count, jobs: jobs) { index throws(StoreError) in
            let id = ids[index]
            let result: Result<Data, StoreError>
            do throws(StoreError) {
                result = .success(try self.object(id))
            } catch {
                guard error.concernsObjectContent else { throw error }
                result = .failure(error)
            }
            try each(id, result)
        }
    }
}

extension StoreError {
    /// Whether the error is about one object's presence or content (not about reaching
    /// the store), so a reader of many objects goes on to the next.
    public var concernsObjectContent: Bool {
        switch self {
        case .objectMissing, .objectCorrupt: return true
        default: return false
        }
    }
}

/// A store of runs, sweeps and their objects, as the experiments layer uses one: the
/// local folder store (SQLite and a folder), the in-memory store, and team stores
/// implement it.
public protocol RunStore: RunReader, RunWriter, SweepStore, ObjectStorage {
    /// Where the store is, for messages (`/home/me/.strata`, `memory`).
    var location: String { get }
}

extension Store: RunStore {
    public var location: String { root }
}
