import Foundation

/// Completes file and folder paths typed inside a string literal, relative to the
/// session's working directory (absolute and `~/` paths work too). A match is the
/// whole path typed so far with its last part completed; folders end in `/`.
struct PathCompleter {
    /// More entries than this in one folder would drown the menu.
    static let limit = 500

    let workingDirectory: String

    func add(completionsOf typed: String, to list: inout CompletionList) {
        let folderPart: String
        let namePrefix: String
        if let slash = typed.lastIndex(of: "/") {
            folderPart = String(typed[...slash])
            namePrefix = String(typed[typed.index(after: slash)...])
        } else {
            folderPart = ""
            namePrefix = typed
        }
        let folder = resolve(folderPart)
        let fileManager = FileManager.default
        guard let entries = try? fileManager.contentsOfDirectory(atPath: folder) else { return }
        // Hidden entries only when the user starts typing one, as shells do.
        let showHidden = namePrefix.hasPrefix(".")
        var count = 0
        for entry in entries.sorted() where entry.hasPrefix(namePrefix) && (showHidden || !entry.hasPrefix(".")) {
            var isFolder: ObjCBool = false
            let full = (folder as NSString).appendingPathComponent(entry)
            _ = fileManager.fileExists(atPath: full, isDirectory: &isFolder)
            list.add(
                folderPart + entry + (isFolder.boolValue ? "/" : ""), kind: "path",
                signature: isFolder.boolValue ? "folder" : "file")
            count += 1
            if count >= PathCompleter.limit { break }
        }
    }

    private func resolve(_ folderPart: String) -> String {
        if folderPart.hasPrefix("/") { return folderPart }
        if folderPart.hasPrefix("~/") || folderPart == "~" {
            return (folderPart as NSString).expandingTildeInPath
        }
        let base = workingDirectory.isEmpty ? FileManager.default.currentDirectoryPath : workingDirectory
        return folderPart.isEmpty ? base : (base as NSString).appendingPathComponent(folderPart)
    }
}
