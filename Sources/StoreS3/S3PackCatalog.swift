import Foundation
import Store
import Synchronization

/// Where each packed object in the bucket is: the indexes of the packs under
/// `objects/packs/`, read once (the last 64 KiB of each pack, a second read when its
/// index is longer) and kept in memory, and read again when a lookup misses, since
/// other writers add packs and gc replaces them.
final class S3PackCatalog: Sendable {
    /// A pack in the bucket, with its entries.
    struct Pack: Sendable {
        var name: String
        var size: Int64
        var modified: Date
        var entries: [PackImage.Entry]

        var key: String { S3PackCatalog.key(ofPack: name) }
    }

    /// An object's bytes in a pack.
    struct Location: Sendable, Hashable {
        var pack: String
        var offset: Int64
        var length: Int64
    }

    private struct State {
        var packs: [String: Pack] = [:]
        var map: [ObjectID: Location] = [:]
    }

    static let folder = "objects/packs/"

    static func key(ofPack name: String) -> String { folder + name + ".pack" }

    private let client: S3Client
    private let state = Mutex(State())

    init(client: S3Client) {
        self.client = client
    }

    /// The pack holding `id` among those known, listing the bucket's packs again first
    /// if it is not known and `refresh` says to.
    func locate(_ id: ObjectID, refresh: Bool) throws(StoreError) -> Location? {
        if let found = state.withLock({ $0.map[id] }) { return found }
        guard refresh else { return nil }
        try self.refresh()
        return state.withLock { $0.map[id] }
    }

    /// Every pack now in the bucket.
    func packs() throws(StoreError) -> [Pack] {
        try refresh()
        return state.withLock { $0.packs.values.sorted { $0.name < $1.name } }
    }

    /// Lists the packs in the bucket, reads the indexes of those not loaded yet (16 at
    /// once) and forgets those gone.
    func refresh() throws(StoreError) {
        let listing: [(key: String, size: Int, modified: Date?)]
        do throws(S3Error) {
            listing = try client.list(under: S3PackCatalog.folder)
        } catch {
            throw .io(action: "list", path: "\(client.location.url)/\(S3PackCatalog.folder)", reason: error.description)
        }
        var present: [(name: String, size: Int64, modified: Date)] = []
        for entry in listing {
            guard let name = PackImage.name(ofFile: String(entry.key.dropFirst(S3PackCatalog.folder.count))) else {
                continue
            }
            present.append((name, Int64(entry.size), entry.modified ?? .distantPast))
        }
        let known = state.withLock { Set($0.packs.keys) }
        let fresh = present.filter { !known.contains($0.name) }
        let loaded = Mutex<[Pack]>([])
        try WorkerThreads.forEach(fresh.count, jobs: 16) { index throws(StoreError) in
            let pack = fresh[index]
            // A pack gone since the listing (gc replaced it) is simply not there.
            guard let entries = try self.readIndex(name: pack.name) else { return }
            loaded.withLock {
                $0.append(Pack(name: pack.name, size: pack.size, modified: pack.modified, entries: entries))
            }
        }
        let names = Set(present.map(\.name))
        let added = loaded.withLock { $0 }
        state.withLock { state in
            for gone in state.packs.keys where !names.contains(gone) { state.packs[gone] = nil }
            for pack in added { state.packs[pack.name] = pack }
            var map: [ObjectID: Location] = [:]
            for pack in state.packs.values {
                for entry in pack.entries {
                    map[entry.id] = Location(pack: pack.name, offset: entry.offset, length: entry.length)
                }
            }
            state.map = map
        }
    }

    /// Adds a pack this process has just written, without listing the bucket.
    func register(_ image: PackImage) {
        let pack = Pack(name: image.name, size: Int64(image.bytes.count), modified: Date(), entries: image.entries)
        state.withLock { state in
            state.packs[pack.name] = pack
            for entry in pack.entries {
                state.map[entry.id] = Location(pack: pack.name, offset: entry.offset, length: entry.length)
            }
        }
    }

    /// Forgets a pack this process has just removed.
    func forget(_ name: String) {
        state.withLock { state in
            guard let pack = state.packs.removeValue(forKey: name) else { return }
            for entry in pack.entries where state.map[entry.id]?.pack == name { state.map[entry.id] = nil }
        }
    }

    /// A pack's entries, from its last bytes: one ranged read usually holds the trailer
    /// and the whole index; a longer index takes a second.
    private func readIndex(name: String) throws(StoreError) -> [PackImage.Entry]? {
        let key = S3PackCatalog.key(ofPack: name)
        let path = "\(client.location.url)/\(key)"
        do {
            guard let tail = try client.get(key, range: .suffix(Int64(PackImage.tailHint))) else { return nil }
            let indexOffset = try PackImage.indexOffset(tail: tail.bytes, packSize: tail.objectSize, path: path)
            if indexOffset >= tail.offset {
                return try PackImage.entries(
                    tail: tail.bytes, from: tail.offset, packSize: tail.objectSize, name: name,
                    path: path)
            }
            guard let index = try client.get(key, range: .span(first: indexOffset, last: tail.objectSize - 1)) else {
                return nil
            }
            return try PackImage.entries(
                tail: index.bytes, from: index.offset, packSize: index.objectSize, name: name,
                path: path)
        } catch let error as S3Error {
            throw .io(action: "read the index of", path: path, reason: error.description)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .io(action: "read the index of", path: path, reason: "\(error)")
        }
    }
}
