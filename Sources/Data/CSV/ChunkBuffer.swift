import Digest

/// The CSV reader's window on the file: one buffer refilled in place, holding the
/// unparsed rest of the previous chunk followed by newly read bytes. It grows only
/// when a single row is longer than the buffer. Newly read bytes are handed to the
/// hash once, by whichever thread asks for them first.
struct ChunkBuffer {
    private let file: InputFile
    private var storage: UnsafeMutableRawBufferPointer
    private var head = 0
    private var tail = 0
    private var hasher: StreamingHash?
    private var unhashed: Range<Int>?
    /// The file offset of the buffer's first byte.
    private var bufferOffset = 0
    /// Whether the file has no more bytes to read.
    private(set) var atEnd = false

    init(file: InputFile, capacity: Int, hasher: StreamingHash?) {
        self.file = file
        self.hasher = hasher
        storage = .allocate(byteCount: max(capacity, 64), alignment: 16)
    }

    /// Frees the buffer; the value must not be used afterwards.
    func release() { storage.deallocate() }

    /// The first unparsed byte.
    var start: UnsafePointer<UInt8> {
        UnsafePointer(storage.baseAddress!.assumingMemoryBound(to: UInt8.self) + head)
    }

    /// Unparsed bytes in the buffer.
    var available: Int { tail - head }

    /// The file offset of `start`.
    var fileOffset: Int { bufferOffset + head }

    /// Whether newly read bytes still wait to be hashed.
    var hashPending: Bool { hasher != nil && unhashed != nil }

    /// Marks `count` bytes from `start` as parsed.
    mutating func consume(_ count: Int) { head += count }

    /// Moves the unparsed bytes to the front and reads more after them, growing the
    /// buffer if it is full of one unfinished row.
    mutating func refill() throws(DataError) {
        takePendingHash()?.run()
        if head > 0 {
            if tail > head {
                storage.baseAddress!.copyMemory(from: storage.baseAddress! + head, byteCount: tail - head)
            }
            bufferOffset += head
            tail -= head
            head = 0
        }
        if tail == storage.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: storage.count * 2, alignment: 16)
            larger.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: tail)
            storage.deallocate()
            storage = larger
        }
        let wanted = storage.count - tail
        let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[tail...]))
        if count < wanted { atEnd = true }
        if count > 0 { unhashed = tail..<(tail + count) }
        tail += count
    }

    /// Skips a UTF-8 byte-order mark at the start of the file.
    mutating func skipByteOrderMark() {
        if available >= 3, start[0] == 0xEF, start[1] == 0xBB, start[2] == 0xBF { head += 3 }
    }

    /// Skips empty lines, returning how many line ends were passed.
    mutating func skipBlankLines() -> Int {
        var lines = 0
        while head < tail {
            let byte = start.pointee
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else { break }
            if byte == UInt8(ascii: "\n") || available == 1 || start[1] != UInt8(ascii: "\n") { lines += 1 }
            head += 1
        }
        return lines
    }

    /// The newly read bytes not yet hashed, as a job for a worker.
    mutating func takePendingHash() -> PendingHash? {
        guard let hasher, let range = unhashed else { return nil }
        unhashed = nil
        return PendingHash(hasher: hasher, bytes: UnsafeRawBufferPointer(rebasing: storage[range]))
    }

    /// The file's SHA-256, once every byte has been read; nil when not hashing.
    mutating func finishHash() -> String? {
        takePendingHash()?.run()
        return hasher?.finish()
    }
}

/// Bytes to add to a hash, given to one worker while others parse the same chunk.
/// `@unchecked Sendable`: the bytes are not modified until every worker is done.
struct PendingHash: @unchecked Sendable {
    let hasher: StreamingHash
    let bytes: UnsafeRawBufferPointer

    func run() { hasher.update(bytes) }
}

/// A SHA-256 in progress, shared by reference so a worker thread can feed it.
/// `@unchecked Sendable`: only one thread feeds it at a time (the loader hands the
/// pending bytes to a single worker per chunk and waits for it).
final class StreamingHash: @unchecked Sendable {
    private var hasher: SHA256Hasher?

    init() { hasher = SHA256Hasher() }

    func update(_ bytes: UnsafeRawBufferPointer) { hasher?.update(bytes) }

    /// The digest; afterwards the hash accepts nothing more.
    func finish() -> String? {
        guard let hasher = hasher.take() else { return nil }
        return hasher.finalizeHex()
    }
}
