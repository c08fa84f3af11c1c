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

/// A pack one ingest worker is filling in its staging folder.
///
/// Objects are read straight into the pack's buffer and hashed there, so a small file's
/// bytes are copied once (from the page cache into the buffer) and leave it by a direct
/// write of whole blocks (`DirectFile`). An object found to be stored already is dropped
/// by moving the buffer's end back: an object starts only with room reserved for all of
/// it, so no write splits it (a file that grew past the room is stored loose instead).
final class PackWriter {
    /// The buffer: a few MiB, so each direct write is large.
    static let bufferSize = 4 << 20

    let path: String
    private let file: DirectFile
    private let buffer: UnsafeMutableRawBufferPointer
    /// Bytes in the buffer, and bytes already written to the file before them.
    private var used = 0
    private var written: Int64 = 0
    /// Where the current object starts in the pack.
    private var objectOffset: Int64 = 0
    private var entries: [Pack.Entry] = []
    private var ids = Set<RawObjectID>()

    init(path: String) throws(StoreError) {
        self.path = path
        file = try DirectFile(creating: path)
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bufferSize, alignment: DirectFile.alignment)
    }

    deinit {
        buffer.deallocate()
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Object bytes so far (the offset of the next object).
    var size: Int64 { written + Int64(used) }

    /// Whether this pack already holds `id`.
    func contains(_ id: ObjectID) -> Bool { ids.contains(RawObjectID(id)) }

    /// Starts an object: makes at least `reserve` bytes free (writing out whole blocks if
    /// need be) and returns the free space, to be filled from the front.
    func beginObject(reserving reserve: Int) throws(StoreError) -> UnsafeMutableRawBufferPointer {
        if buffer.count - used < reserve { try writeBlocks() }
        objectOffset = size
        return UnsafeMutableRawBufferPointer(rebasing: buffer[used...])
    }

    /// `count` more bytes of the current object were put at the front of the free space.
    func advance(by count: Int) { used += count }

    /// Appends bytes to the current object, writing out whole blocks as the buffer fills
    /// (for objects of any size; such an object can no longer be discarded).
    func append(_ piece: UnsafeRawBufferPointer) throws(StoreError) {
        var offset = 0
        while offset < piece.count {
            if used == buffer.count { try writeBlocks() }
            let count = min(piece.count - offset, buffer.count - used)
            (buffer.baseAddress! + used).copyMemory(from: piece.baseAddress! + offset, byteCount: count)
            used += count
            offset += count
        }
    }

    /// The current object's bytes so far (all still in the buffer when it was begun
    /// with room enough).
    var currentObject: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: buffer[Int(objectOffset - written)..<used])
    }

    /// The current object is complete and is `id`; if the pack holds `id` already, it is dropped.
    func endObject(_ id: ObjectID) {
        let raw = RawObjectID(id)
        guard ids.insert(raw).inserted else { return discardObject() }
        entries.append(Pack.Entry(id: raw, offset: objectOffset, length: size - objectOffset))
        objectOffset = size
    }

    /// Drops the current object (the store has it already); it must still be in the buffer.
    func discardObject() {
        precondition(objectOffset >= written, "a pack object already written out cannot be dropped")
        used = Int(objectOffset - written)
    }

    /// Writes the index and trailer after the objects; the pack is then the installer's
    /// to flush and rename.
    func seal() throws(StoreError) -> SealedPack {
        discardObject()
        let (bytes, name) = Pack.encodeIndex(entries, dataSize: size)
        var failure: StoreError?
        bytes.withUnsafeBytes { raw in
            do throws(StoreError) { try append(raw) } catch { failure = error }
        }
        if let failure { throw failure }
        try writeBlocks()
        try file.write(UnsafeRawBufferPointer(rebasing: buffer[0..<used]))  // the partial last block
        used = 0
        return SealedPack(path: path, fd: file.release(), name: name, entries: entries)
    }

    /// Removes the unfinished pack (the add failed, or nothing new went into it).
    func abandon() {
        file.remove()
    }

    /// Writes the buffer's whole blocks to the file and moves the rest to its front.
    private func writeBlocks() throws(StoreError) {
        let whole = used / DirectFile.alignment * DirectFile.alignment
        guard whole > 0 else { return }
        try file.write(UnsafeRawBufferPointer(rebasing: buffer[0..<whole]))
        written += Int64(whole)
        let rest = used - whole
        if rest > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + whole, byteCount: rest) }
        used = rest
    }
}
