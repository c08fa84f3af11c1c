#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written atomically: bytes go to a temporary file beside the destination,
/// which replaces the destination in one `rename` once everything is written and
/// flushed. A failure (or a writer dropped without `commit`) leaves the destination as
/// it was and removes the temporary file, so a reader never sees half a file. Shared
/// with the targets that write files of their own (Export's model files).
package final class OutputFile {
    let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var pending: [UInt8] = []
    private var committed = false

    /// Bytes gathered before each write to the file.
    static let flushSize = 1 << 20

    package init(path: String) throws(DataError) {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw .unwritableFile(path: path, reason: "it is a folder")
        }
        let slash = path.lastIndex(of: "/")
        let folder: String = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name: String = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let prefix: String = folder.hasSuffix("/") ? folder : folder + "/"
        var template: ContiguousArray<CChar> = (prefix + "." + name + ".tmp-XXXXXX").utf8CString
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "the folder '\(folder)' does not exist" : ErrnoText.current()
            throw .unwritableFile(path: path, reason: reason)
        }
        // mkstemp makes the file private (0600); a written table is an ordinary file.
        fchmod(descriptor, 0o644)
        self.descriptor = descriptor
        self.temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        pending.reserveCapacity(OutputFile.flushSize + 4096)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if !committed { unlink(temporaryPath) }
    }

    /// Appends text; it reaches the file in blocks of about `flushSize` bytes.
    package func write(_ text: String) throws(DataError) {
        pending.append(contentsOf: text.utf8)
        if pending.count >= OutputFile.flushSize { try flush() }
    }

    /// Appends bytes, as `write(_:)` appends text.
    package func write(bytes: [UInt8]) throws(DataError) {
        pending.append(contentsOf: bytes)
        if pending.count >= OutputFile.flushSize { try flush() }
    }

    /// Writes what is left, flushes it to the disk and moves the file into place.
    package func commit() throws(DataError) {
        try flush()
        guard fsync(descriptor) == 0 else { throw .unwritableFile(path: path, reason: ErrnoText.current()) }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            throw .unwritableFile(path: path, reason: ErrnoText.current())
        }
        committed = true
    }

    private func flush() throws(DataError) {
        var written = 0
        let failed: Bool = pending.withUnsafeBytes { bytes in
            while written < bytes.count {
                let count = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                written += count
            }
            return false
        }
        if failed { throw .unwritableFile(path: path, reason: ErrnoText.current()) }
        pending.removeAll(keepingCapacity: true)
    }
}

/// `write(2)`, named apart from `OutputFile.write(_:)`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}
