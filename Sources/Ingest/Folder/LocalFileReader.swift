import Digest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading local files in pieces: hashing them, and copying them into a `PartialFile`.
enum LocalFileReader {
    static let pieceSize = 1 << 20

    /// The SHA-256 (lowercase hex) and size of the file at `path`.
    static func sha256(of path: String) throws(FileProblem) -> (sha256: String, size: Int64) {
        var hasher = SHA256Hasher()
        let size = try read(path) { hasher.update($0) }
        return (hasher.finalizeHex(), size)
    }

    /// Copies the file at `path` into `file` (which hashes it as it goes).
    static func copy(_ path: String, into file: PartialFile) throws(FileProblem) {
        var problem: FileProblem?
        _ = try read(path) { piece in
            guard problem == nil else { return }
            do throws(FileProblem) { try file.write(piece) } catch { problem = error }
        }
        if let problem { throw problem }
    }

    /// The first `limit` bytes of the file at `path`, or nil when it cannot be read.
    static func prefix(of path: String, limit: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        do throws(FileProblem) {
            _ = try read(path) { piece in
                let room = limit - bytes.count
                if room > 0 { bytes.append(contentsOf: piece.prefix(room)) }
            }
        } catch {
            return nil
        }
        return bytes
    }

    /// Calls `body` with each piece of the file; returns the number of bytes read.
    private static func read(_ path: String, _ body: (UnsafeRawBufferPointer) -> Void) throws(FileProblem) -> Int64 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileProblem(action: "read", path: path) }
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress!, pieceSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileProblem(action: "read", path: path)
            }
            if count == 0 { return total }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            total += Int64(count)
        }
    }
}
