import Digest
import Foundation
import Synchronization

/// The in-memory store's objects as a bucket, so a team store's metadata can be tested
/// with its objects in memory.
extension MemoryStore: ObjectBucket {
    public func presentObjects(among ids: Set<ObjectID>) throws(StoreError) -> Set<ObjectID> {
        state.withLock { state in ids.filter { state.objects[$0] != nil } }
    }

    public func objectReceiver() throws(StoreError) -> any ObjectReceiver {
        MemoryObjectReceiver(store: self)
    }

    public func storedObjects() throws(StoreError) -> [StoredObject] {
        state.withLock { state in
            state.objects.map { id, data in
                StoredObject(id: id, size: Int64(data.count), modified: state.objectTimes[id] ?? Date())
            }.sorted { $0.id < $1.id }
        }
    }

    public func removeObjects(_ ids: Set<ObjectID>) throws(StoreError) {
        state.withLock { state in
            for id in ids {
                state.objects[id] = nil
                state.objectTimes[id] = nil
            }
        }
    }
}

/// Objects arriving in memory: checked, then kept at once.
final class MemoryObjectReceiver: ObjectReceiver {
    private let store: MemoryStore
    private let received = Atomic<Int>(0)

    init(store: MemoryStore) {
        self.store = store
    }

    func receive(_ id: ObjectID, _ data: Data) throws(StoreError) {
        let actual = SHA256Hasher.hash(data)
        guard actual == id.hex else { throw .objectCorrupt(id, actual: actual, path: "the copy received") }
        let isNew = store.state.withLock { $0.objects[id] == nil }
        _ = try store.putObject(data)
        if isNew { received.add(1, ordering: .relaxed) }
    }

    func commit() throws(StoreError) -> Int { received.exchange(0, ordering: .relaxed) }

    func abandon() {}
}
