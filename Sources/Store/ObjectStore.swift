import Digest
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The `objects/` folder: immutable blobs named by the SHA-256 of their bytes.
///
/// A blob is written to `objects/tmp/`, fsynced, renamed to
/// `objects/sha256/ab/<62 hex>`, and the fan-out folder fsynced, so after `put` returns
/// the object survives a crash, and at no instant does a final name hold partial bytes.
/// Reads hash the bytes again and fail with `.objectCorrupt` naming the object.
///
/// Small objects stored in bulk (the files of a tracked folder) go into pack files under
/// `objects/packs/` instead (see `Pack`); every read below finds an object either way.
public struct ObjectStore: Sendable {
    /// The store folder (the parent of `objects/`).
    public let root: String
    /// The packs' indexes, shared by every copy of this value.
    let packs: PackCatalog

    init(root: String) {
        self.root = root
        packs = PackCatalog(folder: root + "/objects/packs")
    }

    var objectsFolder: String { root + "/objects" }
    var temporaryFolder: String { root + "/objects/tmp" }
    var hashFolder: String { root + "/objects/sha256" }
    var packFolder: String { root + "/objects/packs" }

    /// The absolute path of an object's file (whether or not it exists).
    public func path(of id: ObjectID) -> String { root + "/" + id.relativePath }

    /// The fan-out folder holding an object's file: `objects/sha256/ab`.
    func fanoutFolder(of id: ObjectID) -> String { hashFolder + "/" + id.hex.prefix(2) }

    func prepareFolders() throws(StoreError) {
        try FileIO.makeDirectory(temporaryFolder)
        try FileIO.makeDirectory(hashFolder)
        if try FileIO.makeDirectory(packFolder) { try FileIO.syncDirectory(objectsFolder) }
    }

    /// Whether an object with this id is present, loose or packed (its content is not checked).
    public func contains(_ id: ObjectID) -> Bool {
        if FileIO.exists(path(of: id)) { return true }
        guard let packed = packs.locate(id, refresh: .ifChanged) else { return false }
        if FileIO.exists(packed.pack) { return true }
        // The pack went (gc replaced or removed it) since it was listed: look again.
        packs.refresh(.always)
        return packs.locate(id, refresh: .never) != nil
    }

    /// Stores `data` durably and returns its id; storing the same bytes again is free.
    @discardableResult
    public func put(_ data: Data) throws(StoreError) -> ObjectID {
        let id = ObjectID(trusted: SHA256Hasher.hash(data))
        if freshen(id) { return id }
        let temporary = try temporaryFile()
        let fd = try FileIO.open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: 0o444, action: "create object file")
        do throws(StoreError) {
            defer { close(fd) }
            try FileIO.writeAll(fd, data, path: temporary)
            try FileIO.fsync(fd, path: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        try install(temporary, as: id, durable: true)
        return id
    }

    /// Whether the object is present; if so the mtime of its file (or of its pack) is set
    /// to now, so a concurrent `gc` (which spares recent files) cannot remove it before
    /// the caller's row commits. A pack added by another process since the catalog was
    /// last listed may be missed (per `refresh`): the object is then stored twice, which
    /// costs space but loses nothing.
    func freshen(_ id: ObjectID, refresh: PackCatalog.Refresh = .ifChanged) -> Bool {
        if utimensat(AT_FDCWD, path(of: id), nil, 0) == 0 { return true }
        guard let packed = packs.locate(id, refresh: refresh) else { return false }
        if utimensat(AT_FDCWD, packed.pack, nil, 0) == 0 { return true }
        // The pack went (gc replaced it) since it was listed: look again.
        packs.refresh(.always)
        guard let moved = packs.locate(id, refresh: .never), moved.pack != packed.pack else { return false }
        return utimensat(AT_FDCWD, moved.pack, nil, 0) == 0
    }

    /// A fresh name in `objects/tmp/` (same file system as the objects, so rename is atomic).
    func temporaryFile() throws(StoreError) -> String {
        try FileIO.makeDirectory(temporaryFolder)
        return temporaryFolder + "/\(getpid())-\(UInt64.random(in: 0...UInt64.max)).tmp"
    }

    /// Renames a fully written temporary file to the object's final name.
    func install(_ temporary: String, as id: ObjectID, durable: Bool) throws(StoreError) {
        let final = path(of: id)
        let folder = (final as NSString).deletingLastPathComponent
        let created = try FileIO.makeDirectory(folder)
        do throws(StoreError) {
            try FileIO.rename(temporary, final)
        } catch {
            unlink(temporary)
            throw error
        }
        if durable {
            try FileIO.syncDirectory(folder)
            if created { try FileIO.syncDirectory(hashFolder) }
        }
    }

    /// The object's bytes, after checking they still hash to `id`.
    public func data(_ id: ObjectID) throws(StoreError) -> Data {
        let file = path(of: id)
        do throws(StoreError) {
            let data = try FileIO.readFile(file)
            let actual = SHA256Hasher.hash(data)
            guard actual == id.hex else { throw StoreError.objectCorrupt(id, actual: actual, path: file) }
            return data
        } catch {
            guard case .io = error, !FileIO.exists(file) else { throw error }
        }
        var data = Data()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        try stream(id, buffer: buffer) { piece in data.append(contentsOf: piece) }
        return data
    }

    /// Hashes the object in 1 MiB pieces and compares with its id.
    public func check(_ id: ObjectID, buffer: UnsafeMutableRawBufferPointer) throws(StoreError) {
        try stream(id, buffer: buffer) { _ in }
    }

    /// Every loose object file present, by id; names that are not ids are returned apart.
    /// (Packed objects are listed by `packs.snapshot()`.)
    func inventory() -> (objects: [ObjectID], strays: [String]) {
        var objects: [ObjectID] = []
        var strays: [String] = []
        let manager = FileManager.default
        guard let fanouts = try? manager.contentsOfDirectory(atPath: hashFolder) else { return ([], []) }
        for fanout in fanouts.sorted() {
            let folder = hashFolder + "/" + fanout
            guard let names = try? manager.contentsOfDirectory(atPath: folder) else {
                strays.append(folder)
                continue
            }
            for name in names {
                if let id = ObjectID(hex: fanout + name), fanout.utf8.count == 2 {
                    objects.append(id)
                } else {
                    strays.append(folder + "/" + name)
                }
            }
        }
        return (objects.sorted(), strays)
    }

    /// Temporary files left by writers, with their age in seconds.
    func temporaries() -> [(path: String, age: Double)] {
        let manager = FileManager.default
        let now = Date().timeIntervalSince1970
        func age(_ path: String) -> Double { FileIO.status(path).map { now - Double($0.st_mtim.tv_sec) } ?? 0 }
        var found: [(path: String, age: Double)] = []
        for name in (try? manager.contentsOfDirectory(atPath: temporaryFolder)) ?? [] {
            let path = temporaryFolder + "/" + name
            // A folder is one `ingest` worker's staging area: its files are the temporaries.
            if let inner = try? manager.contentsOfDirectory(atPath: path) {
                found += inner.map { (path + "/" + $0, age(path + "/" + $0)) }
            } else {
                found.append((path, age(path)))
            }
        }
        return found
    }

    /// Removes staging folders an interrupted `ingest` left empty (gc only). Young ones
    /// stay: a running `ingest` may have just made one and not yet staged into it.
    func removeEmptyStagingFolders(olderThan seconds: Double) {
        let now = Date().timeIntervalSince1970
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporaryFolder)) ?? [] {
            let path = temporaryFolder + "/" + name
            guard let info = FileIO.status(path), (info.st_mode & S_IFMT) == S_IFDIR,
                now - Double(info.st_mtim.tv_sec) >= seconds
            else { continue }
            rmdir(path)
        }
    }

    /// Removes an object file (gc only).
    func remove(_ id: ObjectID) throws(StoreError) {
        guard unlink(path(of: id)) == 0 || errno == ENOENT else {
            throw .io(action: "remove", path: path(of: id), reason: FileIO.reason())
        }
    }
}
