import Digest
import Foundation
import Store
import Synchronization
import Testing

@testable import StoreS3

/// Packs in the bucket (objects arriving in bulk): small objects go up as 16 MiB packs
/// in the local pack format, large ones loose; a reader that has never seen the bucket
/// finds packed objects, reads them checked, a pack at a time; gc rewrites a pack
/// without the objects it drops.
@Suite(.enabled(if: S3TestServer.current != nil, "no S3 server: run scripts/team-services.sh start"))
struct S3PackTests {
    /// `count` small distinct objects and one of 2 MiB.
    static func objects(_ count: Int) -> [(id: ObjectID, data: Data)] {
        var found: [(ObjectID, Data)] = []
        for index in 0..<count {
            let data = Data("object \(index) ".utf8 + Array(repeating: UInt8(index % 251), count: index * 37))
            found.append((ObjectID(hex: data.withUnsafeBytes { SHA256Hasher.hash($0) })!, data))
        }
        let large = Data((0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        found.append((ObjectID(hex: large.withUnsafeBytes { SHA256Hasher.hash($0) })!, large))
        return found
    }

    static func receive(_ objects: [(id: ObjectID, data: Data)], into storage: S3ObjectStorage) throws -> Int {
        let receiver = try storage.objectReceiver()
        for (id, data) in objects { try receiver.receive(id, data) }
        return try receiver.commit()
    }

    @Test("small objects arrive as one pack, a large one loose; a new reader finds both")
    func packsAndLooseObjects() throws {
        let prefix = "tests/\(UUID().uuidString.lowercased())"
        let storage = try S3ObjectStorageTests.storage(prefix: prefix)
        let objects = Self.objects(40)
        #expect(try Self.receive(objects, into: storage) == 41)
        let keys = try storage.client.list(under: "objects/").map(\.key)
        #expect(keys.filter { $0.hasPrefix("objects/packs/") && $0.hasSuffix(".pack") }.count == 1)
        #expect(keys.filter { $0.hasPrefix("objects/sha256/") } == [S3ObjectStorage.key(of: objects[40].id)])

        // Another process: nothing loaded yet.
        let reader = try S3ObjectStorageTests.storage(prefix: prefix)
        #expect(try reader.object(objects[7].id) == objects[7].data)
        #expect(try reader.contains(objects[3].id))
        #expect(try reader.presentObjects(among: Set(objects.map(\.id))).count == 41)
        #expect(try reader.storedObjects().count == 41)

        let fresh = try S3ObjectStorageTests.storage(prefix: prefix)
        let read = Mutex<[ObjectID: Data]>([:])
        let missing = ObjectID(hex: String(repeating: "0", count: 64))!
        try fresh.readObjects(objects.map(\.id) + [missing], jobs: 4) { id, result throws(StoreError) in
            switch result {
            case .success(let data): read.withLock { $0[id] = data }
            case .failure(let error): #expect(error == .objectMissing(missing) && id == missing)
            }
        }
        let all = read.withLock { $0 }
        #expect(all.count == 41)
        for (id, data) in objects { #expect(all[id] == data) }

        // Receiving the same objects again stores nothing new.
        #expect(try Self.receive(objects, into: reader) == 0)
    }

    @Test("a packed object changed in the bucket is caught on read, naming the pack")
    func corruptionInAPack() throws {
        let storage = try S3ObjectStorageTests.storage()
        let objects = Array(Self.objects(5).prefix(5))
        _ = try Self.receive(objects, into: storage)
        let key = try #require(try storage.client.list(under: "objects/packs/").first?.key)
        var bytes = try #require(try storage.client.get(key))
        bytes[2] ^= 0xFF
        try storage.client.put(key, data: bytes, ifAbsent: false)
        let reader = try S3ObjectStorageTests.storage(prefix: storage.client.location.prefix)
        let corrupt = Mutex<[ObjectID]>([])
        try reader.readObjects(objects.map(\.id), jobs: 2) { id, result throws(StoreError) in
            if case .failure(.objectCorrupt(_, _, let path)) = result {
                #expect(path.contains(key))
                corrupt.withLock { $0.append(id) }
            }
        }
        #expect(corrupt.withLock { $0 } == [objects[0].id])
        #expect(throws: StoreError.self) { try reader.object(objects[0].id) }
        #expect(try reader.object(objects[1].id) == objects[1].data)
    }

    @Test("gc's removal rewrites a pack without the dropped objects, and deletes an emptied one")
    func removalRepacks() throws {
        let prefix = "tests/\(UUID().uuidString.lowercased())"
        let storage = try S3ObjectStorageTests.storage(prefix: prefix)
        let objects = Self.objects(10)
        _ = try Self.receive(objects, into: storage)
        let dropped = Set(objects.prefix(4).map(\.id) + [objects[10].id])
        try storage.removeObjects(dropped)
        let reader = try S3ObjectStorageTests.storage(prefix: prefix)
        #expect(Set(try reader.storedObjects().map(\.id)) == Set(objects.map(\.id)).subtracting(dropped))
        for (id, data) in objects where !dropped.contains(id) { #expect(try reader.object(id) == data) }
        for id in dropped { #expect(throws: StoreError.objectMissing(id)) { try reader.object(id) } }
        #expect(try storage.client.list(under: "objects/packs/").count == 1)

        try reader.removeObjects(Set(objects.map(\.id)))
        #expect(try storage.client.list(under: "objects/").isEmpty)
    }
}
