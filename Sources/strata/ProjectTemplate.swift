import Foundation

/// The files `strata init` writes: a project's layout as text, carried by the binary.
/// Each file's text lives in a `ProjectTemplate+Concern.swift` beside this one; the
/// project name and Strata's version are the only things filled in.
struct ProjectTemplate {
    /// One file of the template, by its path inside the project.
    struct File {
        var path: String
        var contents: String
    }

    /// The project's name, as the folder's last component spells it.
    var name: String
    /// The Strata release the project starts on (named in the Dockerfile's base image).
    var strataVersion: String

    static let rawDataFolder = "data/raw"
    static let starterDataFile = "iris.csv"
    static let starterNotebook = "notebooks/first-model.ipynb"

    /// Every file, in the order `strata init` lists them.
    var files: [File] {
        [
            File(path: "README.md", contents: readme),
            File(path: "Makefile", contents: makefile),
            File(path: "requirements.txt", contents: requirements),
            File(path: ".gitignore", contents: gitignore),
            File(path: "Dockerfile", contents: dockerfile),
            File(path: ".dockerignore", contents: dockerignore),
            File(path: ".github/workflows/ci.yml", contents: workflow),
            File(path: Self.starterNotebook, contents: starterNotebook),
            File(path: Self.rawDataFolder + "/README.md", contents: rawDataReadme),
            // Git keeps no empty folder: a placeholder keeps data/processed in a clone.
            File(path: "data/processed/.gitkeep", contents: ""),
        ]
    }

    /// Writes every file under `folder` (created with its parents when missing) and
    /// returns their paths. The caller has checked that the folder is new or empty.
    func write(into folder: URL) throws -> [String] {
        let manager = FileManager.default
        for file in files {
            let destination = folder.appendingPathComponent(file.path)
            do {
                try manager.createDirectory(
                    at: destination.deletingLastPathComponent(),
                    withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: destination, options: .atomic)
            } catch {
                throw StoreCommandFailure("cannot write \(destination.path): \(error.localizedDescription)")
            }
        }
        return files.map(\.path)
    }
}
