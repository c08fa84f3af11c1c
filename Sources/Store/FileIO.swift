import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Thin POSIX helpers that turn `errno` into `StoreError.io` and retry `EINTR`.
enum FileIO {
    static func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644, action: String) throws(StoreError) -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw .io(action: action, path: path, reason: reason())
        }
    }

    /// Reads up to `buffer.count` bytes, from the file position or (with `pread`) at
    /// `offset`; fewer only at the end of the file.
    static func readFully(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64? = nil,
        path: String
    ) throws(StoreError) -> Int {
        var total = 0
        while total < buffer.count {
            let start = buffer.baseAddress! + total
            let count =
                offset.map { Glibc.pread(fd, start, buffer.count - total, off_t($0) + off_t(total)) }
                ?? Glibc.read(fd, start, buffer.count - total)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(action: "read", path: path, reason: reason())
            }
            total += count
        }
        return total
    }

    /// Exactly `count` bytes at `offset`; a file that ends sooner is an error.
    static func read(_ fd: Int32, count: Int, at offset: Int64, path: String) throws(StoreError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var failure: StoreError?
        let got = bytes.withUnsafeMutableBytes { buffer -> Int in
            guard buffer.count > 0 else { return 0 }
            do throws(StoreError) { return try readFully(fd, into: buffer, at: offset, path: path) } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        guard got == count else {
            throw .io(action: "read", path: path, reason: "the file ends before byte \(offset + Int64(count))")
        }
        return bytes
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(StoreError) {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(action: "write", path: path, reason: reason())
            }
            offset += count
        }
    }

    static func fsync(_ fd: Int32, path: String) throws(StoreError) {
        guard Glibc.fsync(fd) == 0 else { throw .io(action: "fsync", path: path, reason: reason()) }
    }

    /// Makes the entries of a folder (created, renamed, removed files) durable.
    static func syncDirectory(_ path: String) throws(StoreError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY, action: "open folder")
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    /// `mkdir -p`; returns whether the last component was created now.
    @discardableResult
    static func makeDirectory(_ path: String) throws(StoreError) -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        switch errno {
        case EEXIST: return false
        case ENOENT:
            let parent = (path as NSString).deletingLastPathComponent
            guard !parent.isEmpty, parent != path else {
                throw .io(action: "create folder", path: path, reason: reason())
            }
            try makeDirectory(parent)
            if mkdir(path, 0o755) == 0 || errno == EEXIST { return true }
            throw .io(action: "create folder", path: path, reason: reason())
        default:
            throw .io(action: "create folder", path: path, reason: reason())
        }
    }

    static func rename(_ from: String, _ to: String) throws(StoreError) {
        guard Glibc.rename(from, to) == 0 else { throw .io(action: "rename to '\(to)'", path: from, reason: reason()) }
    }

    /// Renames `from` to `to` unless `to` exists; returns false (and leaves both) if it
    /// does. File systems without RENAME_NOREPLACE get a plain rename, which replaces.
    static func renameUnlessPresent(_ from: String, _ to: String) throws(StoreError) -> Bool {
        if let renameat2 = FileIO.renameat2 {
            let renameNoReplace: UInt32 = 1  // RENAME_NOREPLACE
            if renameat2(AT_FDCWD, from, AT_FDCWD, to, renameNoReplace) == 0 { return true }
            if errno == EEXIST { return false }
            guard errno == EINVAL || errno == ENOSYS else {
                throw .io(action: "rename to '\(to)'", path: from, reason: reason())
            }
        }
        try rename(from, to)
        return true
    }

    private typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Glibc declares `renameat2` only under _GNU_SOURCE, which Swift's module map does not set.
    private static let renameat2: RenameAt2? = {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2").map { unsafeBitCast($0, to: RenameAt2.self) }
    }()

    static func exists(_ path: String) -> Bool {
        var info = Glibc.stat()
        return stat(path, &info) == 0
    }

    /// `stat(2)` of a path, following symbolic links; nil when it fails.
    static func status(_ path: String) -> Glibc.stat? {
        var info = Glibc.stat()
        return stat(path, &info) == 0 ? info : nil
    }

    static func writeAll(_ fd: Int32, _ data: Data, path: String) throws(StoreError) {
        var failure: StoreError?
        data.withUnsafeBytes { bytes in
            do throws(StoreError) { try writeAll(fd, bytes, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Reads a whole file into memory.
    static func readFile(_ path: String) throws(StoreError) -> Data {
        let fd = try open(path, O_RDONLY, action: "open")
        defer { close(fd) }
        var info = Glibc.stat()
        guard fstat(fd, &info) == 0 else { throw .io(action: "stat", path: path, reason: reason()) }
        var data = Data(count: Int(info.st_size))
        var count = 0
        var failure: StoreError?
        data.withUnsafeMutableBytes { buffer in
            do throws(StoreError) { count = try readFully(fd, into: buffer, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
        if count < data.count { data.removeSubrange(count...) }
        return data
    }

    /// Writes `data` to `path` through a temporary file and a rename, so a reader sees
    /// the old file or the new one, never half of one; `durable` fsyncs file and folder.
    static func writeAtomically(_ data: Data, to path: String, mode: mode_t = 0o644, durable: Bool) throws(StoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary =
            folder + "/.\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = try open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: mode, action: "create")
        do throws(StoreError) {
            defer { close(fd) }
            try writeAll(fd, data, path: temporary)
            if durable { try fsync(fd, path: temporary) }
        } catch {
            unlink(temporary)
            throw error
        }
        do throws(StoreError) {
            try rename(temporary, path)
        } catch {
            unlink(temporary)
            throw error
        }
        if durable { try syncDirectory(folder) }
    }
}
