import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a local source names: a file, a folder (its files, recursively), or a glob
/// expanded by glob(3) (`*`, `?`, `[...]`, `{a,b}`, `~`), each file with the path it
/// takes in the ingest folder: relative to the source's fixed part, the folders before
/// the first wildcard (`data/raw/*/*.png` puts `data/raw/cat/1.png` at `cat/1.png`; a
/// folder's files keep their paths below it; a single file keeps its name).
struct LocalFiles {
    struct File: Equatable {
        var path: String
        var relative: String
    }

    /// The source's fixed part: its files' paths are relative to it.
    let base: String
    let files: [File]

    /// Lists what `pattern` (absolute) names. Hidden files and folders (`.git`) are
    /// left out of folders, and so are `skipping` (the ingest folder itself, so copying
    /// a folder into a folder inside it cannot recurse) and store folders.
    init(pattern: String, skipping: [String]) {
        let matches: [String]
        if GlobPattern.hasWildcard(pattern) {
            matches = LocalFiles.glob(pattern)
            base = LocalFiles.fixedPart(of: pattern)
        } else {
            let trimmed = pattern.count > 1 && pattern.hasSuffix("/") ? String(pattern.dropLast()) : pattern
            matches = LocalFiles.kind(of: trimmed) == nil ? [] : [trimmed]
            base = LocalFiles.kind(of: trimmed) == .folder ? trimmed : LocalFiles.parent(of: trimmed)
        }
        var files: [File] = []
        for match in matches where !skipping.contains(match) {
            LocalFiles.collect(match, base: base, skipping: Set(skipping), into: &files)
        }
        self.files = files
    }

    enum Kind { case file, folder }

    static func kind(of path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return nil
        }
    }

    /// The file's modification time.
    static func modified(_ path: String) -> Date? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    private static func collect(_ path: String, base: String, skipping: Set<String>, into files: inout [File]) {
        switch kind(of: path) {
        case .file:
            let relative =
                path.hasPrefix(base + "/")
                ? String(path.dropFirst(base.count + 1))
                : String(path.split(separator: "/").last ?? "")
            files.append(File(path: path, relative: relative))
        case .folder:
            guard !skipping.contains(path), kind(of: path + "/strata.db") == nil else { return }
            for name in children(of: path) where !name.hasPrefix(".") {
                collect(path + "/" + name, base: base, skipping: skipping, into: &files)
            }
        case nil:
            return
        }
    }

    /// The names in a folder, sorted.
    private static func children(of folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// glob(3)'s matches, sorted; none when nothing matches.
    static func glob(_ pattern: String) -> [String] {
        var found = glob_t()
        defer { globfree(&found) }
        // GLOB_BRACE and GLOB_TILDE are GNU extensions Swift does not import as constants.
        let brace: Int32 = 1 << 10, tilde: Int32 = 1 << 12
        guard Glibc.glob(pattern, brace | tilde, nil, &found) == 0 else { return [] }
        return (0..<Int(found.gl_pathc)).compactMap { index in
            found.gl_pathv[index].map { String(cString: $0) }
        }
    }

    /// The folders of `pattern` before its first segment with a wildcard.
    static func fixedPart(of pattern: String) -> String {
        var fixed: [Substring] = []
        for segment in pattern.split(separator: "/", omittingEmptySubsequences: false) {
            if GlobPattern.hasWildcard(String(segment)) { break }
            fixed.append(segment)
        }
        let joined = fixed.joined(separator: "/")
        return joined.isEmpty ? "/" : joined
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
