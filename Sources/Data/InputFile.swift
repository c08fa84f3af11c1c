#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for reading with plain POSIX calls: loaders read it in pieces, so
/// memory stays bounded whatever the file's size. Closed when released.
final class InputFile {
    let path: String
    private let descriptor: Int32
    /// The size in bytes when the file was opened.
    let size: Int

    init(path: String) throws(DataError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadableFile(path: path, reason: ErrnoText.current()) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = ErrnoText.current()
            close(descriptor)
            throw .unreadableFile(path: path, reason: reason)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw .unreadableFile(path: path, reason: "it is a directory")
        }
        self.descriptor = descriptor
        self.size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads up to `buffer.count` bytes, returning how many were read; 0 at the end.
    /// Keeps reading after short reads so a full buffer means "more may follow".
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let count = systemRead(descriptor, base + filled, buffer.count - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(path: path, reason: ErrnoText.current())
            }
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    /// Moves the read position back to the start of the file.
    func rewind() throws(DataError) {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw .unreadableFile(path: path, reason: ErrnoText.current())
        }
    }
}

/// `read(2)`, named apart from `InputFile.read(into:)`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
