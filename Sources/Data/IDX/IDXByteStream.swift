import CZlib
import Digest

/// The bytes of an IDX file, raw or gzip-compressed (told apart by the gzip magic
/// bytes 1f 8b), read front to back in pieces; gzip is inflated through zlib as it
/// streams. The file's own bytes (compressed, as on disk) are hashed on the way for
/// the dataset's lineage.
final class IDXByteStream {
    let path: String
    private let file: InputFile
    private var hasher: SHA256Hasher? = SHA256Hasher()
    private let input: UnsafeMutableRawBufferPointer
    private var inputStart = 0
    private var inputEnd = 0
    private var fileEnded = false
    private var stream = z_stream()
    private var compressed = false
    private var inflateEnded = false
    /// Bytes of the file read so far (compressed size for gzip).
    private(set) var fileBytes = 0

    init(path: String) throws(DataError) {
        self.path = path
        file = try InputFile(path: path)
        input = .allocate(byteCount: 1 << 18, alignment: 16)
        try fillInput()
        compressed = inputEnd >= 2 && input[0] == 0x1f && input[1] == 0x8b
        if compressed {
            // 15 + 32: the largest window, with automatic gzip/zlib header detection.
            let status = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else { throw .corruptGzip(path: path, reason: "zlib could not start (\(status))") }
        }
    }

    deinit {
        if compressed && !inflateEnded { inflateEnd(&stream) }
        input.deallocate()
    }

    /// Fills `buffer` completely, returning the number of bytes read: fewer only at
    /// the end of the (decompressed) data.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
        compressed ? try inflate(into: buffer) : try copy(into: buffer)
    }

    /// Reads the rest of the file, so the hash covers every byte, and returns the
    /// file's SHA-256.
    func finishHash() throws(DataError) -> String {
        while !fileEnded {
            inputStart = inputEnd
            try fillInput()
        }
        return hasher.take()?.finalizeHex() ?? ""
    }

    private func copy(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
        var filled = 0
        while filled < buffer.count {
            if inputStart == inputEnd {
                if fileEnded { break }
                try fillInput()
                continue
            }
            let count = min(buffer.count - filled, inputEnd - inputStart)
            buffer.baseAddress!.advanced(by: filled).copyMemory(from: input.baseAddress! + inputStart, byteCount: count)
            inputStart += count
            filled += count
        }
        return filled
    }

    private func inflate(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
        var filled = 0
        while filled < buffer.count && !inflateEnded {
            if inputStart == inputEnd && !fileEnded { try fillInput() }
            let available = inputEnd - inputStart
            stream.next_in = input.baseAddress!.advanced(by: inputStart).assumingMemoryBound(to: Bytef.self)
            stream.avail_in = UInt32(available)
            stream.next_out = buffer.baseAddress!.advanced(by: filled).assumingMemoryBound(to: Bytef.self)
            stream.avail_out = UInt32(buffer.count - filled)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let used = available - Int(stream.avail_in)
            let produced = (buffer.count - filled) - Int(stream.avail_out)
            inputStart += used
            filled += produced
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                inflateEnd(&stream)
                inflateEnded = true
            case Z_BUF_ERROR where used == 0 && produced == 0:
                if fileEnded { throw .corruptGzip(path: path, reason: "the compressed data ends early") }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw .corruptGzip(path: path, reason: message)
            }
        }
        return filled
    }

    /// Reads the next piece of the file after what has not been consumed yet.
    private func fillInput() throws(DataError) {
        if inputStart > 0 {
            let remaining = inputEnd - inputStart
            if remaining > 0 {
                input.baseAddress!.copyMemory(from: input.baseAddress! + inputStart, byteCount: remaining)
            }
            inputStart = 0
            inputEnd = remaining
        }
        let wanted = input.count - inputEnd
        guard wanted > 0 else { return }
        let target = UnsafeMutableRawBufferPointer(rebasing: input[inputEnd...])
        let count = try file.read(into: target)
        hasher?.update(UnsafeRawBufferPointer(rebasing: target[0..<count]))
        fileBytes += count
        inputEnd += count
        if count < wanted { fileEnded = true }
    }
}
