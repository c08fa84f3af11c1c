import Digest

/// The SHA-256 of a file's bytes (lowercase hex) and its size, read in 1 MB pieces
/// so a large file never sits in memory.
public func sha256Hex(ofFile path: String) throws(DataError) -> (sha256: String, size: Int) {
    let file = try InputFile(path: path)
    var hasher = SHA256Hasher()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    var size = 0
    while true {
        let count = try file.read(into: buffer)
        if count == 0 { break }
        size += count
        hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    }
    return (hasher.finalizeHex(), size)
}
