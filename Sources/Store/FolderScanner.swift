import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One regular file found under a tracked path, with the facts the hash cache keys on.
struct ScannedFile: Sendable {
    /// Relative to the tracked folder (`/`-separated); the file's name for a tracked file.
    var relativePath: String
    var absolutePath: String
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var mtimeNanoseconds: Int64
    var mode: UInt32
}

/// Lists the regular files under a path. Symbolic links are followed to files but not
/// into folders (no cycles); other kinds of files are skipped; a store folder (one
/// holding `strata.db`) is never tracked into itself.
enum FolderScanner {
    enum Kind: String, Sendable { case file, folder }

    static func scan(_ path: String, skipping storeRoot: String) throws(StoreError) -> (Kind, [ScannedFile]) {
        guard let info = FileIO.status(path) else {
            throw .notTrackable(path: path, reason: "no such file or folder")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            let name = (path as NSString).lastPathComponent
            return (.file, [file(info, relative: name, absolute: path)])
        case S_IFDIR:
            var files: [ScannedFile] = []
            try walk(path, relative: "", skipping: storeRoot, into: &files)
            return (.folder, files)
        default:
            throw .notTrackable(path: path, reason: "neither a regular file nor a folder")
        }
    }

    private static func file(_ info: stat, relative: String, absolute: String) -> ScannedFile {
        ScannedFile(
            relativePath: relative, absolutePath: absolute, device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
            size: Int64(info.st_size),
            mtimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            mode: UInt32(info.st_mode) & 0o7777)
    }

    private static func walk(
        _ folder: String, relative: String, skipping storeRoot: String,
        into files: inout [ScannedFile]
    ) throws(StoreError) {
        guard folder != storeRoot, !FileIO.exists(folder + "/strata.db") else { return }
        guard let directory = opendir(folder) else {
            throw .io(action: "list folder", path: folder, reason: FileIO.reason())
        }
        defer { closedir(directory) }
        var children: [(name: String, type: UInt8)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            children.append((name, entry.pointee.d_type))
        }
        for child in children {
            let absolute = folder + "/" + child.name
            let childRelative = relative.isEmpty ? child.name : relative + "/" + child.name
            var info = stat()
            // lstat first: a link to a folder must not be followed (cycles).
            guard lstat(absolute, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                try walk(absolute, relative: childRelative, skipping: storeRoot, into: &files)
            case S_IFREG:
                files.append(file(info, relative: childRelative, absolute: absolute))
            case S_IFLNK:
                guard stat(absolute, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                files.append(file(info, relative: childRelative, absolute: absolute))
            default:
                continue
            }
        }
    }
}
