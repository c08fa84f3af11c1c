/// Reads whole files into one buffer reused from file to file, so loading thousands
/// of small files allocates once per thread rather than once per file.
final class WholeFileReader {
    private var buffer: UnsafeMutableRawBufferPointer

    init(capacity: Int = 1 << 16) {
        buffer = .allocate(byteCount: max(capacity, 16), alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Every byte of the file at `path`, valid until the next call.
    /// - Throws: `unreadableFile` when it cannot be opened or read.
    func read(_ path: String) throws(DataError) -> UnsafeRawBufferPointer {
        let file = try InputFile(path: path)
        if buffer.count < file.size { grow(to: file.size) }
        // The size fstat gave when the file was opened: one read call for a small file
        // (asking for more would cost a second call to find the end). A file that
        // shrinks meanwhile gives fewer bytes; one that grows is read as it was.
        let filled = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<file.size]))
        return UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
    }

    private func grow(to count: Int) {
        buffer.deallocate()
        buffer = .allocate(byteCount: max(count, buffer.count * 2), alignment: 16)
    }
}
