#if canImport(Glibc)
import Glibc
#endif

/// Turns flushed staged copies into objects: each is renamed to its final name, and
/// `finish` syncs the fan-out folders the renames touched, so the names are durable
/// before any database row refers to them.
///
/// The caller guarantees every copy it hands to `install` was flushed to disk first:
/// no final name may ever hold unflushed bytes.
struct ObjectInstaller {
    let objects: ObjectStore
    /// How many copies became new objects.
    private(set) var installed = 0
    private var fanouts = Set<String>()
    private var createdFanout = false
    private var seen = Set<ObjectID>()

    init(objects: ObjectStore) {
        self.objects = objects
    }

    /// Renames flushed copies into place. Two equal files in one batch stage two copies:
    /// the first is installed, the other dropped.
    mutating func install(_ batch: [(path: String, id: ObjectID)]) throws(StoreError) {
        for item in batch {
            let fanout = objects.fanoutFolder(of: item.id)
            if fanouts.insert(fanout).inserted {
                createdFanout = try FileIO.makeDirectory(fanout) || createdFanout
            }
            // A copy whose object another writer installed meanwhile is not new: drop it.
            guard seen.insert(item.id).inserted, try FileIO.renameUnlessPresent(item.path, objects.path(of: item.id))
            else {
                unlink(item.path)
                continue
            }
            installed += 1
        }
    }

    /// Makes the renames durable and returns how many objects were new.
    mutating func finish() throws(StoreError) -> Int {
        for folder in fanouts.sorted() { try FileIO.syncDirectory(folder) }
        if createdFanout { try FileIO.syncDirectory(objects.hashFolder) }
        return installed
    }
}
