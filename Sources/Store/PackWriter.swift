#if canImport(Glibc)
import Glibc
#endif

/// Where a writer's full chunks go: straight to the file (`gc`'s repacking), or onto the
/// installer's queue, whose thread writes them while the worker goes on hashing.
protocol ChunkSink {
    /// Appends `count` bytes of `chunk` to `file`, in the order handed; takes the chunk.
    func write(_ file: DirectFile, _ chunk: Chunk, count: Int) throws(StoreError)
    /// Removes `file` once the writes handed before are done with it; takes the chunk.
    func discard(_ file: DirectFile, _ chunk: Chunk?)
}

/// A pack sealed by its writer: its file, the last bytes still in `tail` (the part of
/// the index and trailer not yet written), and what it holds. Not yet flushed or renamed.
struct SealedPack: Sendable {
    var file: DirectFile
    var tail: Chunk
    var tailCount: Int
    var name: String
    var entries: [Pack.Entry]
}

/// A pack one ingest worker is filling in its staging folder.
///
/// Objects are read straight into the pack's chunk and hashed there, so a small file's
/// bytes are copied once (from the page cache into the chunk) and leave it by a direct
/// write of whole blocks (`DirectFile`). An object found to be stored already is dropped
/// by moving the chunk's end back: an object starts only with room reserved for all of
/// it, so no write splits it (a file that grew past the room is stored loose instead).
final class PackWriter {
    let file: DirectFile
    private let pool: BufferPool
    private let sink: any ChunkSink
    private var chunk: Chunk
    private var buffer: UnsafeMutableRawBufferPointer { chunk.memory }
    /// Bytes in the chunk, and bytes handed to the sink before them.
    private var used = 0
    private var written: Int64 = 0
    /// Where the current object starts in the pack.
    private var objectOffset: Int64 = 0
    private var entries: [Pack.Entry] = []
    private var ids = Set<RawObjectID>()
    private var done = false

    init(path: String, pool: BufferPool, sink: any ChunkSink) throws(StoreError) {
        file = try DirectFile(creating: path)
        self.pool = pool
        self.sink = sink
        chunk = pool.take()
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Object bytes so far (the offset of the next object).
    var size: Int64 { written + Int64(used) }

    /// Whether this pack already holds `id`.
    func contains(_ id: ObjectID) -> Bool { ids.contains(RawObjectID(id)) }

    /// Starts an object: makes at least `reserve` bytes free (handing whole blocks on if
    /// need be) and returns the free space, to be filled from the front.
    func beginObject(reserving reserve: Int) throws(StoreError) -> UnsafeMutableRawBufferPointer {
        if buffer.count - used < reserve { try handBlocks() }
        objectOffset = size
        return UnsafeMutableRawBufferPointer(rebasing: buffer[used...])
    }

    /// `count` more bytes of the current object were put at the front of the free space.
    func advance(by count: Int) { used += count }

    /// Appends bytes to the current object, handing whole blocks on as the chunk fills
    /// (for objects of any size; such an object can no longer be discarded).
    func append(_ piece: UnsafeRawBufferPointer) throws(StoreError) {
        var offset = 0
        while offset < piece.count {
            if used == buffer.count { try handBlocks() }
            let count = min(piece.count - offset, buffer.count - used)
            (buffer.baseAddress! + used).copyMemory(from: piece.baseAddress! + offset, byteCount: count)
            used += count
            offset += count
        }
    }

    /// The current object's bytes so far (all still in the chunk when it was begun
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

    /// Drops the current object (the store has it already); it must still be in the chunk.
    func discardObject() {
        precondition(objectOffset >= written, "a pack object already handed on cannot be dropped")
        used = Int(objectOffset - written)
    }

    /// Puts the index and trailer after the objects; the pack's file, with the last
    /// bytes still to write, is then the caller's.
    func seal() throws(StoreError) -> SealedPack {
        discardObject()
        let (bytes, name) = Pack.encodeIndex(entries, dataSize: size)
        var failure: StoreError?
        bytes.withUnsafeBytes { raw in
            do throws(StoreError) { try append(raw) } catch { failure = error }
        }
        if let failure { throw failure }
        try handBlocks()
        done = true
        return SealedPack(file: file, tail: chunk, tailCount: used, name: name, entries: entries)
    }

    /// Removes the unfinished pack (the add failed, or nothing new went into it).
    func abandon() {
        guard !done else { return }
        done = true
        sink.discard(file, chunk)
    }

    /// Hands the chunk's whole blocks to the sink and goes on in a fresh chunk holding
    /// the rest (less than a block), copied before the full one leaves this thread.
    private func handBlocks() throws(StoreError) {
        let whole = used / DirectFile.alignment * DirectFile.alignment
        guard whole > 0 else { return }
        let full = chunk
        let next = pool.take()
        let rest = used - whole
        if rest > 0 { next.memory.baseAddress!.copyMemory(from: full.memory.baseAddress! + whole, byteCount: rest) }
        chunk = next
        used = rest
        written += Int64(whole)
        try sink.write(file, full, count: whole)
    }
}
