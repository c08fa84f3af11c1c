import Digest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file being received: its bytes go to a temporary file beside the ingest folder
/// (never inside it), hashed as they arrive, and it moves into the folder with one
/// `rename` once complete. Dropped without `place`, it deletes itself, so an
/// interrupted or failed transfer leaves nothing behind but, after a crash, a hidden
/// file in the folder's parent that the next ingest removes.
///
/// One writer at a time: the HTTP client's event loop writes while a request runs;
/// the ingest thread reads `size` and `sha256` once the request's future completed,
/// which orders the two.
final class PartialFile: @unchecked Sendable {
    let temporaryPath: String
    private var descriptor: Int32
    private var hasher: SHA256Hasher?
    private var placed = false
    private(set) var size: Int64 = 0
    /// The SHA-256 of the bytes, lowercase hex, once `finish` ran.
    private(set) var sha256: String?

    /// Creates the file as `<parent>/<prefix>XXXXXX`.
    init(parent: String, prefix: String) throws(FileProblem) {
        var template = Array((parent + "/" + prefix + "XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw FileProblem(action: "create a temporary file in", path: parent) }
        // mkstemp makes the file private (0600); a data file is an ordinary one.
        fchmod(descriptor, 0o644)
        self.descriptor = descriptor
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        hasher = SHA256Hasher()
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if !placed { unlink(temporaryPath) }
    }

    /// Appends bytes (and adds them to the hash).
    func write(_ bytes: UnsafeRawBufferPointer) throws(FileProblem) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, base + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileProblem(action: "write", path: temporaryPath)
            }
            written += count
        }
        hasher?.update(bytes)
        size += Int64(bytes.count)
    }

    /// Closes the file and computes its hash; no more writes.
    func finish() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        sha256 = hasher.take()?.finalizeHex()
    }

    /// Moves the finished file to `path` (replacing what is there) in one rename.
    func place(at path: String) throws(FileProblem) {
        finish()
        guard rename(temporaryPath, path) == 0 else {
            throw FileProblem(action: "move a file into place at", path: path)
        }
        placed = true
    }
}

/// A failed file-system call: what was being done, where, and the system's reason.
struct FileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    var action: String
    var path: String
    var reason: String

    init(action: String, path: String, code: Int32 = errno) {
        self.action = action
        self.path = path
        reason = String(cString: strerror(code))
    }

    var description: String { "cannot \(action) '\(path)': \(reason)" }
}
