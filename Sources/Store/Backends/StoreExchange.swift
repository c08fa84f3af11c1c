import Foundation

/// What `strata store push|pull` asks of each side: a store that reads its runs, sweeps
/// and tracked data versions, and takes them in from another store with their ids kept.
/// The local store and the team store implement it; `StoreTransfer` moves data between
/// any two.
///
/// Imports insert only what the store lacks and never change what it has (a run with
/// the same id is left as it is), so a transfer repeated after an interruption picks up
/// where it stopped. Objects arrive first, through an `ObjectReceiver`; the rows that
/// name them are imported only after the receiver has made them durable.
public protocol StoreExchange: RunStore {
    /// The tracked data versions (`strata store add`, `track`), oldest first.
    func trackedVersions(path: String?) throws(StoreError) -> [TrackedVersion]
    /// Inserts the runs this store lacks (by id), with their history, data versions,
    /// tags and artifacts, in one transaction; returns the ids inserted.
    func importRuns(_ records: [RunRecord]) throws(StoreError) -> [RunID]
    /// Inserts the sweep if missing, and the trials this store lacks or holds as still
    /// running while `trials` has them ended; returns how many trial rows changed.
    func importSweep(_ definition: SweepDefinition, trials: [SweepTrialRow]) throws(StoreError) -> Int
    /// Inserts the tracked versions this store lacks (same path and manifest); returns
    /// how many were new.
    func importTrackedVersions(_ versions: [TrackedVersion]) throws(StoreError) -> Int
    /// Which of `ids` this store holds (presence only; reads check content).
    func presentObjects(among ids: Set<ObjectID>) throws(StoreError) -> Set<ObjectID>
    /// A receiver for objects arriving from another store.
    func objectReceiver() throws(StoreError) -> any ObjectReceiver
}

/// Takes objects arriving in bulk: `receive` may be called from several threads at
/// once; every object is checked against its id as it arrives. An object is durable
/// once `commit` returns (some stores make each durable as it arrives; the local store
/// flushes a batch with one file-system sync).
public protocol ObjectReceiver: AnyObject, Sendable {
    /// Takes one object's bytes.
    /// - Throws: `.objectCorrupt` when the bytes do not hash to `id`.
    func receive(_ id: ObjectID, _ data: Data) throws(StoreError)
    /// Makes everything received so far durable; returns how many objects were new.
    @discardableResult
    func commit() throws(StoreError) -> Int
    /// Drops what was received and not committed.
    func abandon()
}
