import Foundation

/// The Strata sources a path names, as `strata lint` and `strata fmt` take them: a
/// `.strata` file or notebook itself, or those under a folder, sorted, skipping hidden
/// entries (`.ipynb_checkpoints`, `.git`, the store's `.strata/`).
enum StrataSourceFiles {
    /// The files, and a message for each path that names none (missing, not a source,
    /// an unreadable folder).
    static func find(_ path: String) -> (files: [String], problems: [String]) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return ([], ["\(path): no such file or folder"])
        }
        guard isFolder.boolValue else {
            guard isSource(path) else { return ([], ["\(path): not a .strata file or a notebook (.ipynb)"]) }
            return ([path], [])
        }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            return ([], ["\(path): cannot read the folder"])
        }
        var files: [String] = []
        var problems: [String] = []
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            let child = path.hasSuffix("/") ? path + entry : path + "/" + entry
            var childIsFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: child, isDirectory: &childIsFolder) else { continue }
            if childIsFolder.boolValue {
                let found = find(child)
                files += found.files
                problems += found.problems
            } else if isSource(entry) {
                files.append(child)
            }
        }
        return (files, problems)
    }

    private static func isSource(_ name: String) -> Bool { name.hasSuffix(".strata") || name.hasSuffix(".ipynb") }
}
