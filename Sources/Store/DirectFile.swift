#if canImport(Glibc)
import Glibc
#endif

/// A new file written front to back, bypassing the page cache (`O_DIRECT`) while the
/// writes are whole, aligned blocks.
///
/// Through the page cache every byte `strata add` stores is copied into the cache, then
/// written back by a kernel thread, then flushed again by `fsync`: on two cores that
/// copying and bookkeeping was a fifth of a first add. A direct write hands the caller's
/// buffer to the disk. The last, partial block goes through the cache (direct writes must
/// be whole blocks), and a file system that refuses direct I/O gets plain writes. Either
/// way the file still needs `fsync` to be durable: a direct write may sit in the
/// disk's cache, and the file's size and block map are not yet on disk.
///
/// Unchecked `Sendable`: one thread uses it at a time, the worker that creates it and
/// then the installer's thread it hands it to.
final class DirectFile: @unchecked Sendable {
    /// Direct writes must start and end on this boundary, in the file and in memory.
    static let alignment = 4096

    /// Glibc defines `O_DIRECT` only under _GNU_SOURCE, which Swift's module map does not
    /// set; its value is the kernel's, per architecture (0: plain writes only).
    #if arch(x86_64) || arch(i386)
    static let directFlag: Int32 = 0o40000
    #elseif arch(arm64) || arch(arm)
    static let directFlag: Int32 = 0o200000
    #else
    static let directFlag: Int32 = 0
    #endif

    let path: String
    private(set) var fd: Int32
    private var direct: Bool

    /// Creates `path` (which must not exist), read-only for everyone once written.
    init(creating path: String) throws(StoreError) {
        self.path = path
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
        var fd = Glibc.open(path, flags | Self.directFlag, 0o444)
        direct = fd >= 0 && Self.directFlag != 0
        if fd < 0, errno == EINVAL {  // tmpfs and some others: no direct I/O
            fd = Glibc.open(path, flags, 0o444)
        }
        guard fd >= 0 else { throw .io(action: "create", path: path, reason: FileIO.reason()) }
        self.fd = fd
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Appends `bytes`: directly if they are whole aligned blocks, else (from then on)
    /// through the page cache.
    func write(_ bytes: UnsafeRawBufferPointer) throws(StoreError) {
        guard bytes.count > 0 else { return }
        if direct {
            let aligned = bytes.count % Self.alignment == 0 && Int(bitPattern: bytes.baseAddress) % Self.alignment == 0
            if aligned {
                let count = Glibc.write(fd, bytes.baseAddress!, bytes.count)
                if count == bytes.count { return }
                if count < 0 && errno != EINVAL { throw .io(action: "write", path: path, reason: FileIO.reason()) }
                // A short write, or a file system that takes O_DIRECT at open but not at
                // write: go on through the cache from where the file ends.
                guard count <= 0 || lseek(fd, 0, SEEK_END) >= 0 else {
                    throw .io(action: "write", path: path, reason: FileIO.reason())
                }
                try stopDirect()
                try FileIO.writeAll(fd, UnsafeRawBufferPointer(rebasing: bytes[max(0, count)...]), path: path)
                return
            }
            try stopDirect()
        }
        try FileIO.writeAll(fd, bytes, path: path)
    }

    /// Hands the descriptor over (to be flushed and closed by the caller).
    func release() -> Int32 {
        defer { fd = -1 }
        return fd
    }

    /// Closes and removes the file.
    func remove() {
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(path)
    }

    private func stopDirect() throws(StoreError) {
        direct = false
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags & ~Self.directFlag) == 0 else {
            throw .io(action: "write", path: path, reason: FileIO.reason())
        }
    }
}
