import ArgumentParser
import Foundation
import Store
import TextFormat

/// `strata add PATH`: version a raw file or folder, as `dvc add` does.
struct StoreAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Version a file or folder of raw data; prints its content id.")

    @OptionGroup var options: StoreCommandOptions

    @Argument(help: "The file or folder.")
    var path: String

    @Option(help: "Hashing and copying workers.")
    var threads = Store.defaultIngestThreads

    func run() throws {
        let store = try options.openCreating(for: "add")
        let result = try StoreCommandFailure.reporting { () throws(StoreError) in
            try store.track(path, threads: threads)
        }
        let what = result.isNewVersion ? "added" : "unchanged"
        emit("\(result.id)")
        FileHandle.standardError.write(
            Data(
                ("\(what) \(path): \(result.files) files, \(ByteText.size(result.bytes)); "
                    + "\(result.hashedFiles) read, \(result.newObjects) new objects\n").utf8))
    }
}

/// `strata checkout ID DIR`: write a tracked version's files into a folder.
struct StoreCheckoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout", abstract: "Write the files of a data version (id or unique prefix) into a folder.")

    @OptionGroup var options: StoreCommandOptions

    @Argument(help: "The version's id, as `strata add` printed it, or a unique prefix.")
    var id: String

    @Argument(help: "The folder to write into (created if missing).")
    var folder: String

    func run() throws {
        let store = try options.openExisting(for: "checkout")
        let result = try StoreCommandFailure.reporting { () throws(StoreError) in try store.checkout(id, to: folder) }
        emit("checked out \(result.id.short) into \(folder): \(result.files) files, \(ByteText.size(result.bytes))")
    }
}

/// `strata status PATH`: what changed since the last add.
struct StoreStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show what changed in a tracked file or folder since it was last added.")

    @OptionGroup var options: StoreCommandOptions

    @Argument(help: "The tracked file or folder.")
    var path: String

    func run() throws {
        let store = try options.openExisting(for: "status")
        let status = try StoreCommandFailure.reporting { () throws(StoreError) in try store.status(path) }
        defer { reportUses(of: status.baseline, in: store) }
        if status.isClean {
            emit("\(path): unchanged since \(status.baseline.short) (\(status.unchanged) files)")
            return
        }
        emit("\(path): changed since \(status.baseline.short)")
        for file in status.added { emit("  added:    \(file)") }
        for file in status.modified { emit("  modified: \(file)") }
        for file in status.removed { emit("  removed:  \(file)") }
        emit("  (\(status.unchanged) unchanged)")
    }

    /// Which runs read files of the version compared against.
    private func reportUses(of baseline: ObjectID, in store: Store) {
        guard let version = try? store.trackedVersions(path: path).first(where: { $0.id == baseline }),
            let runs = try? store.runsUsing(version), !runs.isEmpty
        else { return }
        let shown = runs.suffix(5).map(\.rawValue).joined(separator: ", ")
        emit("  used by \(runs.count) run\(runs.count == 1 ? "" : "s"): \(runs.count > 5 ? "..., " : "")\(shown)")
    }
}
