import ArgumentParser
import Data
import Foundation
import Store

/// `strata init NAME`: a new project around notebooks, laid out as a data-science
/// project template would lay it out (notebooks, raw and processed data, a Makefile, CI,
/// a Dockerfile), with its raw data already versioned in the project's store.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new project: notebooks, data, a Makefile, a CI workflow and a Dockerfile.",
        discussion: """
            NAME is the project's folder (a path; its last component names the project). It may exist \
            when it is empty; a folder that holds anything is refused and nothing is written. The starter \
            notebook trains on data/raw/iris.csv (the bundled iris data), which is versioned into the \
            project's store (.strata/) as `strata add data/raw` would.
            """)

    @Argument(help: "The project's folder (created if missing; it must be empty).")
    var name: String

    func run() throws {
        let folder = URL(fileURLWithPath: name).standardizedFileURL
        try Self.checkEmpty(folder)
        let template = ProjectTemplate(name: folder.lastPathComponent, strataVersion: Strata.version)
        let written = try template.write(into: folder)
        let raw = folder.appendingPathComponent(ProjectTemplate.rawDataFolder)
        try Self.writeStarterData(into: raw)
        let tracked = try Self.track(raw, store: folder.appendingPathComponent(".strata"))

        emit("Created \(template.name) in \(folder.path):")
        for path in written + [ProjectTemplate.rawDataFolder + "/" + ProjectTemplate.starterDataFile] {
            emit("  " + path)
        }
        emit(
            "Versioned \(ProjectTemplate.rawDataFolder) in \(template.name)/.strata: \(tracked.id.short) "
                + "(\(tracked.files) files)")
        emit("")
        emit("Next steps:")
        emit("  cd \(name)")
        emit("  git init && git add . && git commit -m \"New Strata project\"")
        emit("  make lab       # JupyterLab on notebooks/ with the Strata kernel")
        emit("  make report    # execute every notebook into reports/")
        emit("  make lint      # strata lint and strata fmt --check on notebooks/")
    }

    /// Refuses a file, or a folder holding anything (hidden files too), before anything
    /// is written: a project never lands on top of someone's work.
    static func checkEmpty(_ folder: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else {
            throw StoreCommandFailure("\(folder.path) exists and is not a folder; choose another name")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw StoreCommandFailure("cannot read \(folder.path): \(error.localizedDescription)")
        }
        if !entries.isEmpty {
            let shown = entries.sorted().prefix(3).joined(separator: ", ")
            throw StoreCommandFailure(
                "\(folder.path) is not empty (\(shown)\(entries.count > 3 ? ", ..." : "")); "
                    + "strata init writes only into a new or empty folder, and wrote nothing")
        }
    }

    /// The starter notebook's raw data: the bundled iris CSV, as a project's own file
    /// would arrive (the attribution goes beside it in the template's README).
    static func writeStarterData(into raw: URL) throws {
        do throws(DataError) {
            let iris = try BundledDatasets.load("iris")
            try CSVWriter.write(iris, to: raw.appendingPathComponent(ProjectTemplate.starterDataFile).path)
        } catch {
            throw StoreCommandFailure("writing the starter data: \(error.description)")
        }
    }

    /// The project's first `strata add data/raw`, into the project's own store.
    static func track(_ raw: URL, store: URL) throws -> TrackResult {
        try StoreCommandFailure.reporting { () throws(StoreError) in
            try Store.open(at: store.path, creating: true).track(raw.path)
        }
    }
}
