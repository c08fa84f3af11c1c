#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The image files under a folder, found by their extension: PNG and JPEG ones, and
/// those of image formats `load_images` does not read (GIF, BMP, ...), which count as bad
/// files rather than being passed over. Other files (`.txt`, `.csv`, a labels file)
/// and hidden files and folders (names starting with a dot) are ignored.
struct ImageFolderScan {
    /// One image file found.
    struct File: Equatable {
        /// The path under the scanned folder, `/`-separated: `cats/001.png`.
        var relative: String
        /// The first folder of `relative` (the class under `labels: "folders"`); nil for
        /// a file directly in the scanned folder.
        var folder: String? {
            relative.firstIndex(of: "/").map { String(relative[..<$0]) }
        }
    }

    /// The folder scanned, as given.
    let root: String
    /// Every image file, sorted by relative path (byte order).
    let files: [File]

    /// Extensions read as PNG or JPEG (compared in lower case).
    static let readable: Set<String> = ["png", "jpg", "jpeg", "jpe", "jfif"]
    /// Extensions of image formats that are not read: such a file is a bad file.
    static let unsupported: Set<String> = [
        "gif", "bmp", "dib", "tif", "tiff", "webp", "ico", "ppm", "pgm", "pbm",
        "pnm", "heic", "heif", "avif", "jp2", "j2k", "jxl", "tga", "psd", "svg",
    ]

    /// Whether a file named `name` is one `load_images` considers.
    static func isImageName(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        let ext = name[name.index(after: dot)...].lowercased()
        return readable.contains(ext) || unsupported.contains(ext)
    }

    /// Lists the image files under `root`, in sub-folders too (following links to
    /// folders, each real folder once).
    /// - Throws: `unreadableFile` when `root` or a folder under it cannot be listed,
    ///   `notAFolder` when `root` is a file.
    init(root: String) throws(DataError) {
        self.root = root
        var info = stat()
        guard stat(root, &info) == 0 else { throw .unreadableFile(path: root, reason: ErrnoText.current()) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .notAFolder(path: root) }
        var found: [File] = []
        var visited: Set<FolderID> = [FolderID(info)]
        try Self.walk(root, prefix: "", into: &found, visited: &visited)
        files = found.sorted { $0.relative.utf8.lexicographicallyPrecedes($1.relative.utf8) }
    }

    /// A folder's device and inode: a link back to a folder already listed is skipped.
    private struct FolderID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    private static func walk(
        _ folder: String, prefix: String, into found: inout [File],
        visited: inout Set<FolderID>
    ) throws(DataError) {
        guard let directory = opendir(folder) else { throw .unreadableFile(path: folder, reason: ErrnoText.current()) }
        defer { closedir(directory) }
        var folders: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let path = folder + "/" + name
            var isFolder = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            var isFile = Int32(entry.pointee.d_type) == Int32(DT_REG)
            if !isFolder && !isFile {
                // A link, or a file system that does not report types: ask stat (which
                // follows links); a broken link is listed as a file and fails to read.
                var info = stat()
                if stat(path, &info) == 0 {
                    isFolder = (info.st_mode & S_IFMT) == S_IFDIR
                    isFile = (info.st_mode & S_IFMT) == S_IFREG
                } else {
                    isFile = true
                }
            }
            if isFolder {
                folders.append(name)
            } else if isFile, isImageName(name) {
                found.append(File(relative: prefix + name))
            }
        }
        for name in folders {
            let path = folder + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { throw .unreadableFile(path: path, reason: ErrnoText.current()) }
            guard visited.insert(FolderID(info)).inserted else { continue }
            try walk(path, prefix: prefix + name + "/", into: &found, visited: &visited)
        }
    }
}
