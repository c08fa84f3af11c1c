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
