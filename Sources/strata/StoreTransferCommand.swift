import ArgumentParser
import Foundation
import Store
import Synchronization
import TextFormat

/// What push and pull are told to move, and how.
struct TransferOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Runs to copy (ids, prefixes or names), with their data versions and objects.",
            valueName: "run"))
    var runs: [String] = []

    @Flag(help: "Every run, sweep and tracked data version.")
    var all = false

    @Option(
        name: .customLong("data"),
        help: ArgumentHelp(
            "A tracked data version (content id or unique prefix); repeatable.",
            valueName: "id"))
    var data: [String] = []

    @Option(help: "Objects sent at once.")
    var jobs = 16

    var selection: TransferSelection {
        TransferSelection(runs: runs, data: data, everything: all)
    }

    func validate() throws {
        guard all || !runs.isEmpty || !data.isEmpty else {
            throw ValidationError("name what to copy: runs, --data ID, or --all")
        }
        guard jobs > 0 else { throw ValidationError("--jobs must be at least 1") }
    }
}

/// `strata store push [RUN...|--all|--data ID] --to STORE`: copies from this store.
struct StorePushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract:
            "Copy runs, sweeps and data versions with their objects to another store (a folder or postgres:// URL).",
        discussion: """
            Only what the other store lacks is sent, each object checked against its id on arrival. An interrupted \
            push is finished by running it again: what arrived is not sent again.
            """)

    @OptionGroup var options: StoreCommandOptions
    @OptionGroup var transfer: TransferOptions

    @Option(
        help: ArgumentHelp("The store to copy to: a folder, or a team store's postgres:// URL.", valueName: "store"))
    var to: String

    func run() throws {
        let source = try StoreEndpoint.open(options.location, creating: false, options: options)
        let destination = try StoreEndpoint.open(to, creating: true, options: options)
        try StoreEndpoint.transfer(
            from: source, to: destination, transfer, direction: "pushed to \(destination.location)")
    }
}

/// `strata store pull [RUN...|--all|--data ID] --from STORE`: copies into this store.
struct StorePullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Copy runs, sweeps and data versions with their objects from another store into this one.",
        discussion: """
            Only what this store lacks is fetched, each object checked against its id on arrival. An interrupted \
            pull is finished by running it again.
            """)

    @OptionGroup var options: StoreCommandOptions
    @OptionGroup var transfer: TransferOptions

    @Option(
        help: ArgumentHelp("The store to copy from: a folder, or a team store's postgres:// URL.", valueName: "store"))
    var from: String

    func run() throws {
        let source = try StoreEndpoint.open(from, creating: false, options: options)
        let destination = try StoreEndpoint.open(options.location, creating: true, options: options)
        try StoreEndpoint.transfer(from: source, to: destination, transfer, direction: "pulled from \(source.location)")
    }
}

/// One side of a push or pull.
enum StoreEndpoint {
    /// The store at `location`: a team store, or a folder (created when `creating`, as
    /// a destination may be new).
    static func open(_ location: String, creating: Bool, options: StoreCommandOptions) throws -> any StoreExchange {
        if TeamStoreOpening.isTeamStore(location) { return try TeamStoreOpening.open(location) }
        var folder = options
        folder.store = location
        return creating ? try folder.openCreating(for: "store push") : try folder.openExisting(for: "store push")
    }

    static func transfer(
        from source: any StoreExchange, to destination: any StoreExchange, _ options: TransferOptions,
        direction: String
    ) throws {
        guard source.location != destination.location else {
            throw StoreCommandFailure("the two stores are the same (\(source.location))")
        }
        let progress = TransferProgress()
        let report = try StoreCommandFailure.reporting { () throws(StoreError) in
            try StoreTransfer(from: source, to: destination, jobs: options.jobs)
                .run(options.selection, progress: progress.report)
        }
        progress.finish()
        var parts = ["\(report.runsCopied) runs"]
        if report.runsPresent > 0 { parts[0] += " (\(report.runsPresent) already there)" }
        parts.append(
            "\(report.dataVersionsCopied) data versions"
                + (report.dataVersionsPresent > 0 ? " (\(report.dataVersionsPresent) already there)" : ""))
        if report.sweeps > 0 { parts.append("\(report.sweeps) sweeps (\(report.trialsCopied) trials updated)") }
        parts.append(
            "\(report.objectsSent) objects copied (\(ByteText.size(report.bytesSent)))"
                + (report.objectsPresent > 0 ? ", \(report.objectsPresent) already there" : ""))
        emit("\(direction): " + parts.joined(separator: "; "))
    }
}

/// A progress line on standard error while objects are sent, when it is a terminal
/// (redrawn at most ten times a second; scripts and logs get only the summary).
final class TransferProgress: Sendable {
    private let interactive = isatty(STDERR_FILENO) == 1
    private let last = Mutex<(shown: Double, drawn: Bool)>((0, false))

    var report: (@Sendable (Int, Int) -> Void)? {
        guard interactive else { return nil }
        return { [self] done, total in
            let now = Date().timeIntervalSince1970
            let draw = last.withLock { state -> Bool in
                guard now - state.shown >= 0.1 || done == total else { return false }
                state = (now, true)
                return true
            }
            if draw { FileHandle.standardError.write(Data("\rsending objects: \(done)/\(total)".utf8)) }
        }
    }

    func finish() {
        if last.withLock({ $0.drawn }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
