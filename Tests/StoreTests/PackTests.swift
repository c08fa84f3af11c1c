import Digest
import Foundation
import GRDB
import Testing

@testable import Store

#if canImport(Glibc)
import Glibc
#endif

/// Pack files: small objects stored in bulk by `track`/`strata add`.
@Suite struct PackTests {
    private func packs(_ store: TemporaryFolder) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: store.path + "/objects/packs")) ?? []).sorted()
    }

    private func flip(_ path: String, at offset: Int) throws {
        chmod(path, 0o644)
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[offset] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    @Test func indexLayoutIsTheDocumentedOne() throws {
        let a = RawObjectID(ObjectID(hex: String(repeating: "ab", count: 32))!)
        let b = RawObjectID(ObjectID(hex: "01" + String(repeating: "00", count: 31))!)
        let (bytes, name) = Pack.encodeIndex(
            [
                Pack.Entry(id: a, offset: 3, length: 4),
                Pack.Entry(id: b, offset: 0, length: 3),
            ], dataSize: 7)
        #expect(bytes.count == 2 * 48 + 32)
        // Sorted by id: b (0x01...) first, then its offset and length, little-endian.
        #expect(bytes[0] == 0x01 && bytes[1...31].allSatisfy { $0 == 0 })
        #expect(Array(bytes[32..<48]) == [0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0])
        #expect(bytes[48] == 0xAB)
        #expect(Array(bytes[96..<104]) == Array("STRAPACK".utf8))
        #expect(Array(bytes[104..<112]) == [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[112..<120]) == [2, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[120..<128]) == [7, 0, 0, 0, 0, 0, 0, 0])
        #expect(name == bytes[0..<96].withUnsafeBytes { SHA256Hasher.hash($0) })
        #expect(a.objectID.hex == String(repeating: "ab", count: 32))
    }

    @Test func smallFilesArePackedLargeOnesStayLooseAndAllReadBack() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        for index in 0..<50 {
            data.write(String(repeating: "\(index)", count: 10 + index * 311), to: "s/f\(index).txt")
        }
        data.write("f1.txt again", to: "dup1.txt")
        data.write("f1.txt again", to: "dup2.txt")
        let large = String(repeating: "L", count: ObjectStore.packedObjectLimit + 5)
        data.write(large, to: "big.bin")
        let result = try store.track(data.path)
        #expect(result.newObjects == 52)  // the two equal files are one object
        #expect(packs(storeFolder).count >= 1 && packs(storeFolder).allSatisfy { $0.hasSuffix(".pack") })
        let manifest = try store.manifest(result.id.hex).manifest
        for entry in manifest.entries {
            let bytes = try store.object(entry.object)
            #expect(bytes == FileManager.default.contents(atPath: data.path + "/" + entry.path))
            let loose = FileManager.default.fileExists(atPath: store.objects.path(of: entry.object))
            #expect(loose == (entry.path == "big.bin"))
        }
        let out = TemporaryFolder()
        _ = try store.checkout(result.id.hex, to: out.path + "/v")
        #expect(
            try String(contentsOfFile: out.path + "/v/s/f7.txt", encoding: .utf8)
                == String(repeating: "7", count: 10 + 7 * 311))
        #expect(try String(contentsOfFile: out.path + "/v/big.bin", encoding: .utf8) == large)
        let report = try store.verify()
        #expect(report.isConsistent, "\(report.problems)")
        // 51 packed, the large one, the manifest; two workers may each pack one of the equal files.
        #expect((53...54).contains(report.objectsChecked))
    }

    @Test func aSecondAddPacksOnlyWhatIsNew() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        for index in 0..<20 { data.write("file \(index)", to: "f\(index)") }
        _ = try store.track(data.path)
        let before = packs(storeFolder)
        data.write("changed", to: "f3")
        // A second store value (another process) finds the first one's packs.
        let other = try Store.open(at: storeFolder.path)
        let second = try other.track(data.path)
        #expect(second.newObjects == 1)
        let added = Set(packs(storeFolder)).subtracting(before)
        #expect(added.count == 1)
        // Hashing again without the cache finds every old object in the packs.
        let fresh = try Store.open(at: storeFolder.path)
        let files = try FolderScanner.scan(data.path, skipping: storeFolder.path).1
        #expect(try fresh.objects.store(files, threads: 2).newObjects == 0)
        #expect(try store.status(data.path).isClean)
    }

    @Test func aCorruptPackedObjectIsNamedByVerifyReadAndCheckout() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        data.write("first file", to: "a.txt")
        data.write("second file", to: "b.txt")
        let result = try store.track(data.path, threads: 1)
        let entry = try #require(try store.manifest(result.id.hex).manifest.entries.first { $0.path == "b.txt" })
        let pack = storeFolder.path + "/objects/packs/" + (try #require(packs(storeFolder).first))
        let location = try store.objects.location(of: entry.object)
        #expect(location.isPacked && location.path == pack)
        try flip(pack, at: Int(location.offset) + 2)
        let report = try store.verify()
        #expect(!report.isConsistent)
        #expect(
            report.problems.contains {
                $0.contains(entry.object.hex) && $0.contains("corrupt") && $0.contains("at byte")
            })
        #expect(report.problems.contains { $0.contains("'b.txt' in manifest") })
        #expect { try store.object(entry.object) } throws: { "\($0)".contains(entry.object.hex) }
        let out = TemporaryFolder()
        #expect { try store.checkout(result.id.hex, to: out.path + "/v") } throws: {
            "\($0)".contains(entry.object.hex) && "\($0)".contains("corrupt")
        }
    }

    @Test func aDamagedIndexIsReportedAndItsObjectsAreMissing() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        data.write("only file", to: "a.txt")
        _ = try store.track(data.path)
        let name = try #require(packs(storeFolder).first)
        let pack = storeFolder.path + "/objects/packs/" + name
        let size = try #require(FileIO.status(pack)).st_size
        try flip(pack, at: Int(size) - 32 - 48 + 40)  // the one entry's length
        let report = try Store.open(at: storeFolder.path).verify()
        #expect(report.problems.contains { $0.contains(name) && $0.contains("damaged") })
        #expect(report.problems.contains { $0.contains("missing") && $0.contains("'a.txt'") })
    }

    @Test func gcRewritesAPackWithoutItsUnreferencedObjects() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        for index in 0..<10 { data.write("kept \(index)", to: "k\(index)") }
        let files = try FolderScanner.scan(data.path, skipping: storeFolder.path).1
        // Stored but never recorded (an add killed before its manifest): nothing refers to them.
        let orphans = TemporaryFolder()
        for index in 0..<5 { orphans.write("orphan \(index)", to: "o\(index)") }
        let orphanFiles = try FolderScanner.scan(orphans.path, skipping: storeFolder.path).1
        let orphanIDs = try store.objects.store(orphanFiles, threads: 1).ids
        _ = try store.track(data.path)
        #expect(files.count == 10)
        let beforeGC = packs(storeFolder)
        #expect(try store.collectGarbage(gracePeriod: 3600).removedObjects == 0)
        let report = try store.collectGarbage(gracePeriod: 0)
        #expect(report.removedObjects == 5)
        #expect(packs(storeFolder) != beforeGC)
        for id in orphanIDs { #expect(!store.objects.contains(id)) }
        #expect(try store.verify().isConsistent)
        #expect(try store.status(data.path).isClean)
        let out = TemporaryFolder()
        _ = try store.checkout(try store.trackedVersions(path: data.path)[0].id.hex, to: out.path + "/v")
        #expect(try String(contentsOfFile: out.path + "/v/k9", encoding: .utf8) == "kept 9")
    }

    @Test func gcRepacksAMixedPackAndEveryoneFindsTheObjectsAfterwards() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        for index in 0..<6 { data.write("object \(index)", to: "f\(index)") }
        let first = try store.track(data.path, threads: 1)
        #expect(packs(storeFolder).count == 1)
        // The folder changes and the first version is forgotten: half the pack is garbage.
        try FileManager.default.removeItem(atPath: data.path + "/f0")
        try FileManager.default.removeItem(atPath: data.path + "/f1")
        _ = try store.track(data.path, threads: 1)
        _ = try store.write { db in
            try db.execute(sql: "DELETE FROM tracked_versions WHERE manifest = ?", arguments: [first.id.hex])
        }
        let reader = try Store.open(at: storeFolder.path)
        let kept = try reader.manifest(try reader.trackedVersions(path: data.path)[0].id.hex).manifest
        _ = try reader.object(kept.entries[0].object)  // the reader has loaded the old pack's index
        let report = try store.collectGarbage(gracePeriod: 0)
        #expect(report.removedObjects == 3)  // f0, f1 and the first manifest
        #expect(packs(storeFolder).count == 1)
        // The reader's catalog still names the replaced pack: it must find the new one.
        for entry in kept.entries {
            #expect(
                try reader.object(entry.object) == FileManager.default.contents(atPath: data.path + "/" + entry.path))
        }
        #expect(try store.verify().isConsistent)
    }

    @Test func aKilledAddLeavesNoPackBehindThatVerifyMinds() throws {
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        // What a killed add leaves: a half-written pack in a worker's staging folder.
        let staging = storeFolder.path + "/objects/tmp/4242-7"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: staging + "/pack-1.tmp", contents: Data("half a pack".utf8))
        let report = try store.verify()
        #expect(report.isConsistent)
        #expect(report.temporaries == 1)
        #expect(try store.collectGarbage(gracePeriod: 0).removedTemporaries == 1)
    }

    @Test func aPackWhoseIndexOutgrowsTheBufferIsWhole() throws {
        let folder = TemporaryFolder()
        let pool = BufferPool(chunkSize: ObjectStore.chunkSize, capacity: 2)
        let writer = try PackWriter(path: folder.path + "/big-index.tmp", pool: pool, sink: ImmediateSink(pool: pool))
        let count = ObjectStore.chunkSize / Pack.entrySize + 1000  // the index alone overflows a chunk
        var ids: [ObjectID] = []
        for index in 0..<count {
            var value = UInt64(index)
            let bytes = withUnsafeBytes(of: &value) { Array($0) }
            let space = try writer.beginObject(reserving: 8)
            space.copyBytes(from: bytes)
            writer.advance(by: 8)
            let id = ObjectID(trusted: bytes.withUnsafeBytes { SHA256Hasher.hash($0) })
            writer.endObject(id)
            ids.append(id)
        }
        let sealed = try writer.seal()
        try sealed.file.write(UnsafeRawBufferPointer(rebasing: sealed.tail.memory[0..<sealed.tailCount]))
        pool.give(sealed.tail)
        close(sealed.file.release())
        let fd = open(sealed.file.path, O_RDONLY)
        defer { close(fd) }
        let (entries, indexHash) = try Pack.readIndex(fd, path: sealed.file.path)
        #expect(indexHash == sealed.name)
        #expect(entries.count == count)
        let byID = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0) })
        for (index, id) in ids.enumerated() where index % 997 == 0 {
            let entry = try #require(byID[RawObjectID(id)])
            #expect(entry.offset == Int64(index * 8) && entry.length == 8)
        }
    }

    @Test func aSmallFileThatGrewAfterTheScanIsStoredLooseAndWhole() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        data.write("small", to: "grows.bin")
        data.write("stays small", to: "other.txt")
        let files = try FolderScanner.scan(data.path, skipping: storeFolder.path).1
        // Bigger than a whole chunk, so it cannot fit in the room reserved for it in the pack.
        let grown = Data((0..<(ObjectStore.chunkSize + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try grown.write(to: URL(fileURLWithPath: data.path + "/grows.bin"))
        let (ids, newObjects) = try store.objects.store(files, threads: 1)
        #expect(newObjects == 2)
        let index = try #require(files.firstIndex { $0.relativePath == "grows.bin" })
        #expect(ids[index].hex == SHA256Hasher.hash(grown))
        #expect(try store.object(ids[index]) == grown)
        #expect(FileManager.default.fileExists(atPath: store.objects.path(of: ids[index])))
        #expect(try store.object(ids[1 - index]) == Data("stays small".utf8))
        #expect(try store.verify().isConsistent)
    }

    @Test(arguments: [[4096, 4096], [100, 4096, 8192], [8192, 7, 4096], [1]])
    func aDirectFileHoldsExactlyWhatWasWritten(pieces: [Int]) throws {
        let folder = TemporaryFolder()
        let file = try DirectFile(creating: folder.path + "/f")
        let source = UnsafeMutableRawBufferPointer.allocate(
            byteCount: pieces.reduce(0, +), alignment: DirectFile.alignment)
        defer { source.deallocate() }
        for index in 0..<source.count { source[index] = UInt8(truncatingIfNeeded: index &* 7 &+ 3) }
        var offset = 0
        for piece in pieces {
            try file.write(UnsafeRawBufferPointer(rebasing: source[offset..<(offset + piece)]))
            offset += piece
        }
        close(file.release())
        #expect(FileManager.default.contents(atPath: folder.path + "/f") == Data(source))
    }

    @Test func gcMergesSmallPacksIntoOne() throws {
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        var folders: [TemporaryFolder] = []
        for add in 0..<3 {
            let data = TemporaryFolder()
            for index in 0..<4 { data.write("add \(add) file \(index)", to: "f\(index)") }
            _ = try store.track(data.path)
            folders.append(data)
        }
        #expect(packs(storeFolder).count == 3)  // a small add makes one pack
        #expect(try store.collectGarbage(gracePeriod: 3600).removedObjects == 0)
        #expect(packs(storeFolder).count == 3)  // young packs are left alone
        let report = try store.collectGarbage(gracePeriod: 0)
        #expect(report.removedObjects == 0)
        #expect(packs(storeFolder).count == 1)
        for data in folders { #expect(try store.status(data.path).isClean) }
        let out = TemporaryFolder()
        _ = try store.checkout(try store.trackedVersions(path: folders[1].path)[0].id.hex, to: out.path + "/v")
        #expect(try String(contentsOfFile: out.path + "/v/f2", encoding: .utf8) == "add 1 file 2")
        #expect(try store.verify().isConsistent)
        // Merged once, a lone pack stays as it is.
        let merged = packs(storeFolder)
        _ = try store.collectGarbage(gracePeriod: 0)
        #expect(packs(storeFolder) == merged)
    }

    @Test func manyWorkersFillManyPacksAndStoreEachObjectOnce() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        // About 20 MiB: enough for three workers; 1 MiB packs, so each fills several.
        for index in 0..<320 {
            let value = index % 300  // 20 files repeat another's content
            let bytes = Data([UInt8](repeating: UInt8(value & 0xFF), count: 64 << 10) + [UInt8(value >> 8)])
            try bytes.write(to: URL(fileURLWithPath: data.path + "/f\(index)"))
        }
        let files = try FolderScanner.scan(data.path, skipping: storeFolder.path).1
        let (ids, newObjects) = try store.objects.store(files, threads: 3, packSize: 1 << 20)
        #expect(newObjects == 300)
        #expect(Set(ids).count == 300)
        #expect(packs(storeFolder).count >= 6)
        for (file, id) in zip(files, ids) where file.relativePath.hasSuffix("7") {
            #expect(try store.objects.data(id) == FileManager.default.contents(atPath: file.absolutePath))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: storeFolder.path + "/objects/tmp").isEmpty)
    }
}
