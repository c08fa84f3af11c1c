#if canImport(Glibc)
import Glibc
#endif

/// A pack sealed by its writer: index and trailer written, not yet flushed or renamed.
/// `fd` is still open (the installer flushes through it, then closes it).
struct SealedPack: Sendable {
    var path: String
    var fd: Int32
    var name: String
    var entries: [Pack.Entry]
}

/// A pack one ingest worker is filling in its staging folder: objects are appended as
/// they are hashed; an object found to be stored already is cut off again.
final class PackWriter {
    let path: String
    private var fd: Int32
    /// Object bytes written so far (the offset of the next object).
    private(set) var size: Int64 = 0
    private var objectStart: Int64 = 0
    private var entries: [Pack.Entry] = []
    private var ids = Set<RawObjectID>()

    init(path: String) throws(StoreError) {
        self.path = path
        fd = try FileIO.open(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o444, action: "create pack file")
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Whether this pack already holds `id`.
    func contains(_ id: ObjectID) -> Bool { ids.contains(RawObjectID(id)) }

    /// Appends bytes of the object being written.
    func write(_ piece: UnsafeRawBufferPointer) throws(StoreError) {
        try FileIO.writeAll(fd, piece, path: path)
        size += Int64(piece.count)
    }

    /// The bytes written since the last object ended are object `id`. If the pack holds
    /// `id` already, they are cut off again.
    func endObject(_ id: ObjectID) throws(StoreError) {
        let raw = RawObjectID(id)
        guard ids.insert(raw).inserted else { return try discardObject() }
        entries.append(Pack.Entry(id: raw, offset: objectStart, length: size - objectStart))
        objectStart = size
    }

    /// Cuts off the bytes written since the last object ended (the store has them already).
    func discardObject() throws(StoreError) {
        guard size > objectStart else { return }
        guard ftruncate(fd, off_t(objectStart)) == 0, lseek(fd, off_t(objectStart), SEEK_SET) >= 0 else {
            throw .io(action: "truncate", path: path, reason: FileIO.reason())
        }
        size = objectStart
    }

    /// Writes the index and trailer; the pack is then the installer's to flush and rename.
    func seal() throws(StoreError) -> SealedPack {
        try discardObject()
        let (bytes, name) = Pack.encodeIndex(entries, dataSize: size)
        var failure: StoreError?
        bytes.withUnsafeBytes { raw in
            do throws(StoreError) { try FileIO.writeAll(fd, raw, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
        defer { fd = -1 }
        return SealedPack(path: path, fd: fd, name: name, entries: entries)
    }

    /// Removes the unfinished pack (the add failed, or nothing new went into it).
    func abandon() {
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(path)
    }
}
