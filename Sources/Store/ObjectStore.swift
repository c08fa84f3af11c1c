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
public struct ObjectStore: Sendable {
    /// The store folder (the parent of `objects/`).
    public let root: String

    init(root: String) {
        self.root = root
    }

    var objectsFolder: String { root + "/objects" }
    var temporaryFolder: String { root + "/objects/tmp" }
    var hashFolder: String { root + "/objects/sha256" }

    /// The absolute path of an object's file (whether or not it exists).
    public func path(of id: ObjectID) -> String { root + "/" + id.relativePath }

    /// The fan-out folder holding an object's file: `objects/sha256/ab`.
    func fanoutFolder(of id: ObjectID) -> String { hashFolder + "/" + id.hex.prefix(2) }

    func prepareFolders() throws(StoreError) {
        try FileIO.makeDirectory(temporaryFolder)
        try FileIO.makeDirectory(hashFolder)
    }

    /// Whether an object with this id is present (its content is not checked).
    public func contains(_ id: ObjectID) -> Bool { FileIO.exists(path(of: id)) }

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

    /// Whether the object is present; if so its mtime is set to now, so a concurrent
    /// `gc` (which spares recent objects) cannot remove it before the caller's row commits.
    func freshen(_ id: ObjectID) -> Bool {
        utimensat(AT_FDCWD, path(of: id), nil, 0) == 0
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
        let data: Data
        do throws(StoreError) {
            data = try FileIO.readFile(file)
        } catch {
            if errno == ENOENT || !FileIO.exists(file) { throw .objectMissing(id) }
            throw error
        }
        let actual = SHA256Hasher.hash(data)
        guard actual == id.hex else { throw .objectCorrupt(id, actual: actual, path: file) }
        return data
    }

    /// Hashes the object's file in 1 MiB pieces and compares with its name.
    public func check(_ id: ObjectID, buffer: UnsafeMutableRawBufferPointer) throws(StoreError) {
        let file = path(of: id)
        guard FileIO.exists(file) else { throw .objectMissing(id) }
        let fd = try FileIO.open(file, O_RDONLY, action: "open object")
        defer { close(fd) }
        var hasher = SHA256Hasher()
        while true {
            let count = try FileIO.readFully(fd, into: buffer, path: file)
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        let actual = hasher.finalizeHex()
        guard actual == id.hex else { throw .objectCorrupt(id, actual: actual, path: file) }
    }

    /// Every object file present, by id; names that are not ids are returned apart.
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
                  now - Double(info.st_mtim.tv_sec) >= seconds else { continue }
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
