import Digest
import Store

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder an ingest fills, held for the ingest's duration: created when missing,
/// locked (`flock` on the folder itself, so a second ingest into it fails at once and a
/// crashed one holds nothing), and cleared of temporary files a crashed ingest left in
/// its parent. Files arrive as `PartialFile`s written in the parent, on the same file
/// system, so the final `rename` is atomic and the folder never holds part of a file.
final class IngestFolder {
    /// Absolute, without a trailing slash.
    let path: String
    let parent: String
    /// `.<name>.ingest-`: the prefix of this folder's temporary files in the parent.
    let temporaryPrefix: String
    private let descriptor: Int32

    init(path: String) throws(IngestError) {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/"), trimmed != "/" else {
            throw .unusableFolder(path: path, reason: "ingest needs a folder below another one")
        }
        self.path = trimmed
        parent = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
        temporaryPrefix = "." + trimmed[trimmed.index(after: slash)...] + ".ingest-"
        do throws(FileProblem) {
            try IngestFolder.makeFolders(trimmed)
        } catch {
            throw .unusableFolder(path: trimmed, reason: error.reason)
        }
        let descriptor = open(trimmed, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOTDIR ? "it is a file" : String(cString: strerror(errno))
            throw .unusableFolder(path: trimmed, reason: reason)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw .folderBusy(path: trimmed)
        }
        self.descriptor = descriptor
        removeLeftovers()
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// A new temporary file for this folder.
    func partialFile() throws(FileProblem) -> PartialFile {
        try PartialFile(parent: parent, prefix: temporaryPrefix)
    }

    /// Moves a finished file to `relative` (`a/b.png`), making the folders it needs.
    func place(_ file: PartialFile, at relative: String) throws(FileProblem) {
        let target = path + "/" + relative
        if let slash = target.lastIndex(of: "/"), target[..<slash] != path {
            try IngestFolder.makeFolders(String(target[..<slash]))
        }
        var info = stat()
        if stat(target, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw FileProblem(action: "replace the folder", path: target, code: EISDIR)
        }
        try file.place(at: target)
    }

    /// The SHA-256 of the file at `relative` when it exists and is `size` bytes long
    /// (or of any size when `size` is nil); nil otherwise. Only files whose size could
    /// be right are read.
    func digest(of relative: String, size: Int64? = nil) -> String? {
        let target = path + "/" + relative
        var info = stat()
        guard stat(target, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        if let size, Int64(info.st_size) != size { return nil }
        return try? LocalFileReader.sha256(of: target).sha256
    }

    /// Makes the file system write out what was placed, so the records written next
    /// name durable files (one `syncfs` for a batch, instead of an fsync per file).
    func makeDurable() {
        _ = ObjectStore.syncFileSystem(descriptor)
    }

    /// Deletes this folder's temporary files in the parent: under the lock, they can
    /// only be a crashed ingest's.
    private func removeLeftovers() {
        guard let directory = opendir(parent) else { return }
        defer { closedir(directory) }
        var stale: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasPrefix(temporaryPrefix) { stale.append(parent + "/" + name) }
        }
        for file in stale { unlink(file) }
    }

    /// `mkdir -p`.
    static func makeFolders(_ path: String) throws(FileProblem) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw FileProblem(action: "use as a folder", path: path, code: ENOTDIR)
            }
            return
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeFolders(String(path[..<slash]))
        }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw FileProblem(action: "create the folder", path: path)
        }
    }
}
