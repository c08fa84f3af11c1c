import Digest
import Foundation

/// Packs built and read in memory, in the pack file format of `Pack` (Docs/StoreFormat.md),
/// for stores whose packs are not local files: a team store's bucket keeps the same
/// packs below its prefix, and push, pull and gc build and read them whole.
public struct PackImage: Sendable {
    /// Objects smaller than this go into packs; larger ones stay loose, where one
    /// request or file per object costs little next to their bytes.
    public static let objectLimit = ObjectStore.packedObjectLimit
    /// A pack is sealed once it holds this many bytes.
    public static let targetSize = ObjectStore.packSize
    /// A pack's trailer; reading a pack's last `tailHint` bytes gets the trailer and,
    /// for packs of objects of a few KiB or more, the whole index in one request.
    public static let trailerSize = Pack.trailerSize
    public static let tailHint = 64 << 10

    /// One object in a pack.
    public struct Entry: Sendable, Hashable {
        public var id: ObjectID
        public var offset: Int64
        public var length: Int64
    }

    /// The pack's name: the SHA-256 of its index, so it vouches for what the pack holds.
    public let name: String
    /// The whole pack file.
    public let bytes: [UInt8]
    public let entries: [Entry]

    /// The pack's file name (`<name>.pack`).
    public var fileName: String { name + Pack.fileExtension }

    /// The name of a pack if `fileName` is `<64 hex>.pack`.
    public static func name(ofFile fileName: String) -> String? { Pack.name(ofFile: fileName) }

    /// Where a pack's index starts, from its last bytes (`tail`, at least the trailer)
    /// and its size; checks the trailer. `path` names the pack in errors.
    public static func indexOffset(tail: [UInt8], packSize: Int64, path: String) throws(StoreError) -> Int64 {
        try Pack.readTrailer(tail, at: tail.count - Pack.trailerSize, packSize: packSize, path: path).indexOffset
    }

    /// The entries of a pack named `name`, from its bytes from `start` to its end
    /// (covering at least the index and trailer): the trailer and every entry are
    /// checked, and the index must hash to the name.
    public static func entries(
        tail: [UInt8], from start: Int64, packSize: Int64, name: String,
        path: String
    ) throws(StoreError) -> [Entry] {
        guard Int64(tail.count) == packSize - start else {
            throw .damagedPack(path: path, reason: "read \(tail.count) bytes of its last \(packSize - start)")
        }
        let (count, indexOffset) = try Pack.readTrailer(
            tail, at: tail.count - Pack.trailerSize, packSize: packSize,
            path: path)
        guard indexOffset >= start else {
            throw .damagedPack(path: path, reason: "its index starts at byte \(indexOffset), before the bytes read")
        }
        let at = Int(indexOffset - start)
        let raw = try Pack.readEntries(tail, at: at, count: count, indexOffset: indexOffset, path: path)
        let hash = tail[at..<at + count * Pack.entrySize].withUnsafeBytes { SHA256Hasher.hash($0) }
        guard hash == name else {
            throw .damagedPack(path: path, reason: "its index hashes to \(hash), not to its name")
        }
        return raw.map { Entry(id: $0.id.objectID, offset: $0.offset, length: $0.length) }
    }
}

/// A pack being filled in memory: objects appended back to back, then `seal` adds the
/// index and trailer and names it.
public struct PackBuilder: Sendable {
    private var bytes: [UInt8] = []
    private var entries: [Pack.Entry] = []
    private var held = Set<ObjectID>()

    public init() {}

    /// Bytes of objects so far.
    public var size: Int { bytes.count }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    /// Whether it has reached `PackImage.targetSize`.
    public var isFull: Bool { bytes.count >= PackImage.targetSize }

    /// Appends an object the caller has checked against `id`; one already in the pack
    /// is not appended twice. Returns whether it was appended.
    @discardableResult
    public mutating func append(_ id: ObjectID, _ data: Data) -> Bool {
        guard held.insert(id).inserted else { return false }
        entries.append(Pack.Entry(id: RawObjectID(id), offset: Int64(bytes.count), length: Int64(data.count)))
        bytes.append(contentsOf: data)
        return true
    }

    /// The finished pack; the builder is left empty.
    public mutating func seal() -> PackImage {
        let dataSize = Int64(bytes.count)
        let (index, name) = Pack.encodeIndex(entries, dataSize: dataSize)
        var file = bytes
        file.append(contentsOf: index)
        let sealed = PackImage(
            name: name, bytes: file,
            entries: entries.map {
                PackImage.Entry(id: $0.id.objectID, offset: $0.offset, length: $0.length)
            })
        self = PackBuilder()
        return sealed
    }
}
