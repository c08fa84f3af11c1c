import Digest
import Foundation
import Store
import Synchronization

/// A store's objects in an S3 bucket, with the local store's layout below the prefix:
/// loose objects (`objects/sha256/ab/<62 hex>`) and packs (`objects/packs/<64 hex>.pack`,
/// the local pack format). An object the kernel stores (weights, a figure) goes loose;
/// objects arriving in bulk (push) go into packs of 16 MiB when small, so ten thousand
/// small files cost a few dozen requests, not ten thousand. Everything is created only
/// if absent (`If-None-Match: *`, so two writers of one object never race), durable
/// when the PUT returns (S3's promise), and checked against its id on every read.
public final class S3ObjectStorage: ObjectStorage {
    public let client: S3Client
    let packs: S3PackCatalog

    public init(client: S3Client) {
        self.client = client
        packs = S3PackCatalog(client: client)
    }

    /// Opens `STRATA_OBJECTS` (or `url`) with the AWS variables of `environment`.
    /// - Throws: `S3ConfigurationError` naming the missing or malformed setting.
    public static func open(url: String, environment: [String: String]) throws(S3ConfigurationError) -> S3ObjectStorage
    {
        let location = try S3Location(url: url, environment: environment)
        let credentials = try S3Credentials(environment: environment, for: location)
        return S3ObjectStorage(client: S3Client(location: location, credentials: credentials))
    }

    static func key(of id: ObjectID) -> String { id.relativePath }

    func url(_ key: String) -> String { "\(client.location.url)/\(key)" }

    @discardableResult
    public func putObject(_ data: Data) throws(StoreError) -> ObjectID {
        let bytes = [UInt8](data)
        let id = ObjectID(hex: bytes.withUnsafeBytes { SHA256Hasher.hash($0) })!
        do throws(S3Error) {
            try client.put(S3ObjectStorage.key(of: id), data: bytes, ifAbsent: true)
        } catch {
            throw .io(action: "store", path: url(S3ObjectStorage.key(of: id)), reason: error.description)
        }
        return id
    }

    /// A loose object, or one in a pack (a ranged read of its bytes). The bucket's packs
    /// are listed only when the object is in none known and not loose, so the kernel's
    /// reads of weights (loose) never wait for the pack indexes.
    public func object(_ id: ObjectID) throws(StoreError) -> Data {
        if let location = try packs.locate(id, refresh: false) { return try read(id, at: location) }
        if let data = try loose(id) { return data }
        guard let location = try packs.locate(id, refresh: true) else { throw .objectMissing(id) }
        return try read(id, at: location)
    }

    /// Reads packed objects a pack at a time (one ranged read covering those wanted),
    /// loose ones one by one; `jobs` reads at once.
    public func readObjects(
        _ ids: [ObjectID], jobs: Int,
        _ each: @escaping @Sendable (ObjectID, Result<Data, StoreError>) throws(StoreError) -> Void
    )
        throws(StoreError)
    {
        var byPack: [String: [(id: ObjectID, location: S3PackCatalog.Location)]] = [:]
        var unpacked: [ObjectID] = []
        var refreshed = false
        for id in ids {
            var location = try packs.locate(id, refresh: false)
            if location == nil, !refreshed {
                try packs.refresh()
                refreshed = true
                location = try packs.locate(id, refresh: false)
            }
            if let location { byPack[location.pack, default: []].append((id, location)) } else { unpacked.append(id) }
        }
        let groups = byPack.keys.sorted().map { byPack[$0]! }
        let loose = unpacked
        try WorkerThreads.forEach(groups.count + loose.count, jobs: jobs) { index throws(StoreError) in
            guard index < groups.count else {
                let id = loose[index - groups.count]
                let found: Data?
                do throws(StoreError) {
                    found = try self.loose(id)
                } catch {
                    guard error.concernsObjectContent else { throw error }
                    try each(id, .failure(error))
                    return
                }
                try each(id, found.map { .success($0) } ?? .failure(.objectMissing(id)))
                return
            }
            try self.readGroup(groups[index], each)
        }
    }

    /// Whether the bucket holds the object (without reading it).
    public func contains(_ id: ObjectID) throws(StoreError) -> Bool {
        if try packs.locate(id, refresh: false) != nil { return true }
        do throws(S3Error) {
            if try client.head(S3ObjectStorage.key(of: id)) != nil { return true }
        } catch {
            throw .io(action: "look up", path: url(S3ObjectStorage.key(of: id)), reason: error.description)
        }
        return try packs.locate(id, refresh: true) != nil
    }

    /// Every object id in the bucket (below the prefix), sorted.
    public func objectIDs() throws(StoreError) -> [ObjectID] {
        try storedObjects().map(\.id)
    }

    // MARK: Reading

    /// A loose object's bytes, checked, or nil when there is none.
    private func loose(_ id: ObjectID) throws(StoreError) -> Data? {
        let key = S3ObjectStorage.key(of: id)
        let bytes: [UInt8]?
        do throws(S3Error) {
            bytes = try client.get(key)
        } catch {
            throw .io(action: "read", path: url(key), reason: error.description)
        }
        guard let bytes else { return nil }
        return try checked(id, bytes[...], where: url(key))
    }

    private func read(_ id: ObjectID, at location: S3PackCatalog.Location) throws(StoreError) -> Data {
        var result: Result<Data, StoreError> = .failure(.objectMissing(id))
        try readGroup([(id, location)]) { _, read throws(StoreError) in result = read }
        return try result.get()
    }

    /// Reads the objects of one pack with one ranged read spanning them all.
    private func readGroup(
        _ group: [(id: ObjectID, location: S3PackCatalog.Location)],
        _ each: (ObjectID, Result<Data, StoreError>) throws(StoreError) -> Void
    ) throws(StoreError) {
        guard let pack = group.first?.location.pack else { return }
        let first = group.map(\.location.offset).min()!
        let end = group.map { $0.location.offset + $0.location.length }.max()!
        let key = S3PackCatalog.key(ofPack: pack)
        let span: (bytes: [UInt8], offset: Int64, objectSize: Int64)?
        do throws(S3Error) {
            span = end > first ? try client.get(key, range: .span(first: first, last: end - 1)) : ([], first, 0)
        } catch {
            throw .io(action: "read", path: url(key), reason: error.description)
        }
        guard let span else {
            // gc replaced the pack since it was listed: read each object wherever it is now.
            packs.forget(pack)
            for (id, _) in group {
                do throws(StoreError) {
                    try each(id, .success(try object(id)))
                } catch {
                    guard error.concernsObjectContent else { throw error }
                    try each(id, .failure(error))
                }
            }
            return
        }
        for (id, location) in group {
            let start = Int(location.offset - span.offset)
            let place = "\(url(key)) at byte \(location.offset)"
            guard start >= 0, start + Int(location.length) <= span.bytes.count else {
                throw .damagedPack(path: url(key), reason: "it ends before the bytes of \(id)")
            }
            do throws(StoreError) {
                try each(id, .success(try checked(id, span.bytes[start..<start + Int(location.length)], where: place)))
            } catch {
                guard error.concernsObjectContent else { throw error }
                try each(id, .failure(error))
            }
        }
    }

    private func checked(_ id: ObjectID, _ bytes: ArraySlice<UInt8>, where place: String) throws(StoreError) -> Data {
        let actual = bytes.withUnsafeBytes { SHA256Hasher.hash($0) }
        guard actual == id.hex else { throw .objectCorrupt(id, actual: actual, path: place) }
        return Data(bytes)
    }

    // MARK: Writing packs

    /// Stores a sealed pack (if absent) and makes it known.
    func put(_ image: PackImage) throws(StoreError) -> Bool {
        let key = S3PackCatalog.key(ofPack: image.name)
        let written: Bool
        do throws(S3Error) {
            written = try client.put(key, data: image.bytes, ifAbsent: true)
        } catch {
            throw .io(action: "store", path: url(key), reason: error.description)
        }
        packs.register(image)
        return written
    }
}

/// The bucket as push, pull, verify and gc use it.
extension S3ObjectStorage: ObjectBucket {
    /// Up to a few dozen ids are looked up one by one; more, by listing the bucket once
    /// (a page of a thousand keys costs about what one lookup does) and its packs.
    public func presentObjects(among ids: Set<ObjectID>) throws(StoreError) -> Set<ObjectID> {
        if ids.count <= 32 {
            var present = Set<ObjectID>()
            for id in ids where try contains(id) { present.insert(id) }
            return present
        }
        return ids.intersection(try storedObjects().map(\.id))
    }

    public func objectReceiver() throws(StoreError) -> any ObjectReceiver {
        S3ObjectReceiver(storage: self)
    }

    /// Loose objects, then packed ones not also loose; a packed object's time is its pack's.
    public func storedObjects() throws(StoreError) -> [StoredObject] {
        var found = try looseObjects()
        var seen = Set(found.map(\.id))
        for pack in try packs.packs() {
            for entry in pack.entries where seen.insert(entry.id).inserted {
                found.append(StoredObject(id: entry.id, size: entry.length, modified: pack.modified))
            }
        }
        return found.sorted { $0.id < $1.id }
    }

    /// Deletes the loose copies, and each pack holding any of `ids`: a pack left with
    /// nothing else is deleted, one holding other objects is first rewritten without
    /// them (each kept object checked on the way, the new pack stored before the old
    /// one goes).
    public func removeObjects(_ ids: Set<ObjectID>) throws(StoreError) {
        guard !ids.isEmpty else { return }
        for object in try looseObjects() where ids.contains(object.id) {
            let key = S3ObjectStorage.key(of: object.id)
            do throws(S3Error) {
                try client.delete(key)
            } catch {
                throw .io(action: "remove", path: url(key), reason: error.description)
            }
        }
        for pack in try packs.packs() where pack.entries.contains(where: { ids.contains($0.id) }) {
            let keep = pack.entries.filter { !ids.contains($0.id) }
            if !keep.isEmpty {
                let kept = Mutex(PackBuilder())
                try readObjects(keep.map(\.id), jobs: 1) { id, result throws(StoreError) in
                    let data = try result.get()
                    kept.withLock { _ = $0.append(id, data) }
                }
                var builder = kept.withLock { $0 }
                _ = try put(builder.seal())
            }
            do throws(S3Error) {
                try client.delete(pack.key)
            } catch {
                throw .io(action: "remove", path: url(pack.key), reason: error.description)
            }
            packs.forget(pack.name)
        }
    }

    private func looseObjects() throws(StoreError) -> [StoredObject] {
        do throws(S3Error) {
            return try client.list(under: "objects/sha256/").compactMap { entry in
                let parts = entry.key.split(separator: "/")
                guard parts.count == 4, let id = ObjectID(hex: String(parts[2] + parts[3])) else { return nil }
                return StoredObject(id: id, size: Int64(entry.size), modified: entry.modified ?? .distantPast)
            }
        } catch {
            throw .io(action: "list", path: client.location.url, reason: error.description)
        }
    }
}

/// Objects arriving in the bucket, each checked against its id before it is sent (and
/// the signed payload hash lets the server check each request on arrival). Small ones
/// are gathered into 16 MiB packs, each stored as soon as it is full (by the thread
/// that filled it) and the last at `commit`; large ones are stored loose at once. All
/// are created only if absent and durable when their PUT returns.
final class S3ObjectReceiver: ObjectReceiver {
    private let storage: S3ObjectStorage
    private let pack = Mutex(PackBuilder())
    private let written = Atomic<Int>(0)

    init(storage: S3ObjectStorage) {
        self.storage = storage
    }

    func receive(_ id: ObjectID, _ data: Data) throws(StoreError) {
        let actual = data.withUnsafeBytes { SHA256Hasher.hash($0) }
        guard actual == id.hex else { throw .objectCorrupt(id, actual: actual, path: "the copy received") }
        if data.count < PackImage.objectLimit {
            let full = pack.withLock { builder -> PackBuilder? in
                builder.append(id, data)
                guard builder.isFull else { return nil }
                defer { builder = PackBuilder() }
                return builder
            }
            if var full { try store(&full) }
            return
        }
        let key = S3ObjectStorage.key(of: id)
        do throws(S3Error) {
            if try storage.client.put(key, data: [UInt8](data), ifAbsent: true) { written.add(1, ordering: .relaxed) }
        } catch {
            throw .io(action: "store", path: storage.url(key), reason: error.description)
        }
    }

    func commit() throws(StoreError) -> Int {
        var rest = pack.withLock { builder in
            defer { builder = PackBuilder() }
            return builder
        }
        if !rest.isEmpty { try store(&rest) }
        return written.exchange(0, ordering: .relaxed)
    }

    func abandon() {
        pack.withLock { $0 = PackBuilder() }
    }

    private func store(_ builder: inout PackBuilder) throws(StoreError) {
        let image = builder.seal()
        if try storage.put(image) { written.add(image.entries.count, ordering: .relaxed) }
    }
}
