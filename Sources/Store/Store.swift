import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// The versioned store: a folder holding `objects/` (content-addressed blobs) and
/// `strata.db` (SQLite in WAL mode: runs, datasets, tracked data, cell history).
///
/// Open one per process with `Store.open(at:)`; it is safe to use from any thread, and
/// several processes may use one folder at once (SQLite's locking with a 10 s busy
/// timeout; objects are immutable and written by rename). Docs/StoreFormat.md is the
/// format.
public final class Store: Sendable {
    /// The store folder.
    public let root: String
    /// The content-addressed blobs.
    public let objects: ObjectStore
    let database: DatabasePool

    /// How long a writer waits for another process's transaction before failing.
    public static let busyTimeout: TimeInterval = 10

    private init(root: String, database: DatabasePool) {
        self.root = root
        self.objects = ObjectStore(root: root)
        self.database = database
    }

    /// The folder a process uses when none is given: `$STRATA_STORE` (relative to
    /// `workingDirectory` unless absolute) or `.strata/` in `workingDirectory`.
    public static func defaultLocation(
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let path = environment["STRATA_STORE"], !path.isEmpty {
            // A URL (`postgres://...`) names a team store, not a folder under this one.
            return path.hasPrefix("/") || path.contains("://") ? path : workingDirectory + "/" + path
        }
        return workingDirectory + "/.strata"
    }

    /// Opens the store at `folder`, migrating an older schema; creates it when missing
    /// unless `creating` is false.
    /// - Throws: `.noStore` when `creating` is false and `folder` holds no store (then
    ///   nothing is created: readers such as `strata runs` leave no `.strata/` behind).
    public static func open(at folder: String, creating: Bool = true) throws(StoreError) -> Store {
        let root = Store.absolute(folder)
        if !creating, !FileManager.default.fileExists(atPath: root + "/strata.db") { throw .noStore(path: root) }
        try FileIO.makeDirectory(root)
        // Creating the database, switching it to WAL and migrating happen under one file
        // lock, so processes that open a new or old store together do it exactly once.
        let lockPath = root + "/strata.lock"
        let lock = try FileIO.open(lockPath, O_RDWR | O_CREAT, action: "open the store's lock file")
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .io(action: "lock", path: lockPath, reason: FileIO.reason()) }
        }
        defer { flock(lock, LOCK_UN) }
        try ObjectStore(root: root).prepareFolders()
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "strata-store"
        configuration.prepareDatabase { db in
            // FULL: a commit (a finished run, an epoch) survives power loss, not only a crash.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: root + "/strata.db", configuration: configuration)
        } catch {
            throw StoreError.wrap(error)
        }
        try StoreSchema.migrate(pool)
        let store = Store(root: root, database: pool)
        // A store it cannot write to still opens; a later writer settles the runs.
        try? store.settleOrphanedRuns()
        return store
    }

    /// The schema version of the open database.
    public func schemaVersion() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    /// Stores `data` as an object (durably, before returning) and gives its id.
    @discardableResult
    public func putObject(_ data: Data) throws(StoreError) -> ObjectID { try objects.put(data) }

    /// An object's bytes, verified against its id (`.objectCorrupt` names the object).
    public func object(_ id: ObjectID) throws(StoreError) -> Data { try objects.data(id) }

    // MARK: - Database access with typed errors

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try database.read(body) } catch { throw StoreError.wrap(error) }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try database.write(body) } catch { throw StoreError.wrap(error) }
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }

    package static func nowMilliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
