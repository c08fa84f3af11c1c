import Digest
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A pack file: many small objects in one file, as git and restic keep them.
///
/// A folder of ten thousand small files would otherwise cost ten thousand object files,
/// each created, flushed and renamed: on ext4 that file-system work, not the copying or
/// the hashing, was most of a first `strata add`. A pack is written once, flushed once
/// and renamed once. Layout (little-endian; Docs/StoreFormat.md):
///
///     object bytes, back to back
///     index: one 48-byte entry per object, sorted by id:
///            32-byte SHA-256 id, UInt64 offset, UInt64 length
///     trailer (32 bytes): "STRAPACK", UInt32 version (1), UInt32 0,
///                         UInt64 entry count, UInt64 index offset
///
/// Its name is the SHA-256 of the index bytes (`objects/packs/<64 hex>.pack`), so a
/// pack's name vouches for the list of what it holds, and each object's bytes are
/// checked against its id when read, like a loose object's.
enum Pack {
    static let magic = Array("STRAPACK".utf8)
    static let version: UInt32 = 1
    static let entrySize = 48
    static let trailerSize = 32
    static let fileExtension = ".pack"

    /// One object in a pack.
    struct Entry: Sendable, Hashable {
        var id: RawObjectID
        var offset: Int64
        var length: Int64
    }

    /// The index and trailer for `entries` (any order; they are sorted here), written
    /// after `dataSize` bytes of objects. Returns the bytes to append and the pack's name.
    static func encodeIndex(_ entries: [Entry], dataSize: Int64) -> (bytes: [UInt8], name: String) {
        let sorted = entries.sorted { $0.id < $1.id }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sorted.count * entrySize + trailerSize)
        for entry in sorted {
            entry.id.append(to: &bytes)
            append(UInt64(entry.offset), to: &bytes)
            append(UInt64(entry.length), to: &bytes)
        }
        let name = bytes.withUnsafeBytes { SHA256Hasher.hash($0) }
        bytes += magic
        append(UInt64(version), to: &bytes)  // version, then the reserved zero word
        append(UInt64(sorted.count), to: &bytes)
        append(UInt64(dataSize), to: &bytes)
        return (bytes, name)
    }

    /// Reads and checks a pack's index: the trailer's magic and version, that the index
    /// ends where the trailer begins, and that every entry lies inside the object bytes
    /// in id order. Returns the entries and the SHA-256 of the index (the pack's true name).
    static func readIndex(_ fd: Int32, path: String) throws(StoreError) -> (entries: [Entry], indexHash: String) {
        var info = Glibc.stat()
        guard fstat(fd, &info) == 0 else { throw .io(action: "stat", path: path, reason: FileIO.reason()) }
        let size = Int64(info.st_size)
        guard size >= Int64(trailerSize) else {
            throw .damagedPack(path: path, reason: "\(size) bytes, shorter than its trailer")
        }
        let trailer = try FileIO.read(fd, count: trailerSize, at: size - Int64(trailerSize), path: path)
        let (count, indexOffset) = try readTrailer(trailer, at: 0, packSize: size, path: path)
        let index = try FileIO.read(fd, count: count * entrySize, at: indexOffset, path: path)
        return (
            try readEntries(index, at: 0, count: count, indexOffset: indexOffset, path: path),
            index.withUnsafeBytes { SHA256Hasher.hash($0) }
        )
    }

    /// Checks the 32-byte trailer at `start` in `bytes` of a pack `packSize` bytes long:
    /// its magic and version, and that the index it announces ends where it begins.
    /// Returns the entry count and where the index starts in the pack.
    static func readTrailer(
        _ bytes: [UInt8], at start: Int, packSize: Int64,
        path: String
    ) throws(StoreError) -> (count: Int, indexOffset: Int64) {
        guard packSize >= Int64(trailerSize), bytes.count - start >= trailerSize else {
            throw .damagedPack(path: path, reason: "\(packSize) bytes, shorter than its trailer")
        }
        guard Array(bytes[start..<start + 8]) == magic else {
            throw .damagedPack(path: path, reason: "no STRAPACK trailer")
        }
        let foundVersion = load(bytes, at: start + 8)
        guard foundVersion & 0xFFFF_FFFF == UInt64(version) else {
            throw .damagedPack(
                path: path, reason: "format version \(foundVersion & 0xFFFF_FFFF); this Strata reads \(version)")
        }
        let count = load(bytes, at: start + 16)
        let indexOffset = load(bytes, at: start + 24)
        let indexBytes = UInt64(packSize) - UInt64(trailerSize)
        guard count <= indexBytes / UInt64(entrySize), indexOffset == indexBytes - count * UInt64(entrySize) else {
            throw .damagedPack(path: path, reason: "its trailer's entry count and index offset do not match its size")
        }
        return (Int(count), Int64(indexOffset))
    }

    /// Reads `count` index entries from `bytes` at `start`, checking that each lies
    /// inside the object bytes (before `indexOffset`) and that they are sorted by id.
    static func readEntries(
        _ bytes: [UInt8], at start: Int, count: Int, indexOffset: Int64,
        path: String
    ) throws(StoreError) -> [Entry] {
        guard bytes.count - start >= count * entrySize else {
            throw .damagedPack(path: path, reason: "its index is shorter than its trailer says")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        let limit = UInt64(indexOffset)
        for position in 0..<count {
            let base = start + position * entrySize
            let id = RawObjectID(bytes: bytes, at: base)
            let offset = load(bytes, at: base + 32)
            let length = load(bytes, at: base + 40)
            guard offset <= limit, length <= limit - offset else {
                throw .damagedPack(path: path, reason: "entry \(position) lies outside the object bytes")
            }
            if let previous = entries.last, !(previous.id < id) {
                throw .damagedPack(path: path, reason: "its index is not sorted by id (entry \(position))")
            }
            entries.append(Entry(id: id, offset: Int64(offset), length: Int64(length)))
        }
        return entries
    }

    /// The pack's name if `fileName` is `<64 hex>.pack`.
    static func name(ofFile fileName: String) -> String? {
        guard fileName.hasSuffix(fileExtension) else { return nil }
        let name = String(fileName.dropLast(fileExtension.count))
        return ObjectID.isValid(name) ? name : nil
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func load(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        return value
    }
}

/// An object id as 32 bytes (four words), for the pack indexes: a hex `ObjectID` costs a
/// heap string per object, and a store may hold millions of packed objects.
struct RawObjectID: Hashable, Comparable, Sendable {
    var words: (UInt64, UInt64, UInt64, UInt64)

    init(_ id: ObjectID) {
        var bytes = [UInt8](repeating: 0, count: 32)
        var position = 0
        var high: UInt8 = 0
        for (index, character) in id.hex.utf8.enumerated() {
            let nibble = character <= 57 ? character - 48 : character - 87
            if index % 2 == 0 { high = nibble } else { bytes[position] = high << 4 | nibble; position += 1 }
        }
        self.init(bytes: bytes, at: 0)
    }

    /// Reads 32 bytes at `offset`, most significant first (so `<` is byte order).
    init(bytes: [UInt8], at offset: Int) {
        func word(_ start: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in 0..<8 { value = value << 8 | UInt64(bytes[start + index]) }
            return value
        }
        words = (word(offset), word(offset + 8), word(offset + 16), word(offset + 24))
    }

    var objectID: ObjectID {
        var bytes: [UInt8] = []
        append(to: &bytes)
        return ObjectID(trusted: SHA256Hasher.hex(bytes))
    }

    func append(to bytes: inout [UInt8]) {
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
    }

    static func == (lhs: RawObjectID, rhs: RawObjectID) -> Bool { lhs.words == rhs.words }

    static func < (lhs: RawObjectID, rhs: RawObjectID) -> Bool {
        (lhs.words.0, lhs.words.1, lhs.words.2, lhs.words.3) < (rhs.words.0, rhs.words.1, rhs.words.2, rhs.words.3)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
