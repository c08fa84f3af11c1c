import Foundation

/// Objects kept apart from the rows that name them (a team store's S3 bucket): besides
/// reading and writing, it can be listed and pruned, and takes objects in bulk, which is
/// what push, pull, verify and gc need of it.
public protocol ObjectBucket: ObjectStorage {
    /// Which of `ids` it holds (presence only; reads check content).
    func presentObjects(among ids: Set<ObjectID>) throws(StoreError) -> Set<ObjectID>
    /// A receiver for objects arriving in bulk.
    func objectReceiver() throws(StoreError) -> any ObjectReceiver
    /// Every object held, by id, with its size and when it was last written.
    func storedObjects() throws(StoreError) -> [StoredObject]
    /// Removes objects (gc only); removing one that is gone is harmless.
    func removeObjects(_ ids: Set<ObjectID>) throws(StoreError)
}

/// One object as a bucket lists it.
public struct StoredObject: Sendable, Hashable {
    public var id: ObjectID
    public var size: Int64
    public var modified: Date

    public init(id: ObjectID, size: Int64, modified: Date) {
        self.id = id
        self.size = size
        self.modified = modified
    }
}
