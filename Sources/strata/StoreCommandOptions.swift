import ArgumentParser
import Experiments
import Foundation
import Store

/// `--store PATH`, shared by every store subcommand.
struct StoreCommandOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The store: a folder, or a team store's postgres:// URL (default: $STRATA_STORE, else .strata/ here).")
    var store: String?

    /// Where the store is: `--store`, else `$STRATA_STORE`, else `.strata/` here.
    var location: String { store ?? Store.defaultLocation() }

    /// Opens the store, a folder or a team store (`postgres://...`), for a command that
    /// reads it (runs, show, diff, sweeps, verify, gc). A missing folder is an error saying
    /// where it was looked for and how to make one, and nothing is created: a look leaves
    /// no `.strata/` behind.
    func openSession() throws -> any SessionStore {
        try openExperiments().store
    }

    /// Opens the store as the experiments layer reads it (runs typed, models loadable);
    /// a missing folder is an error, as for `openSession`.
    func openExperiments() throws -> ExperimentStore {
        if TeamStoreOpening.isTeamStore(location) {
            let team = try TeamStoreOpening.open(location)
            return try StoreCommandFailure.reporting { () throws(StoreError) in try ExperimentStore(team) }
        }
        return try open(creating: false)
    }

    /// Opens a local store (a folder) for a command that works on files beside it (add,
    /// status, checkout, export); a team store is refused with the way to reach it.
    func openExisting(for command: String) throws -> Store {
        try local(for: command, creating: false)
    }

    /// Opens a local store, creating it when missing: for the commands that record into
    /// it (add, import).
    func openCreating(for command: String) throws -> Store {
        try local(for: command, creating: true)
    }

    private func local(for command: String, creating: Bool) throws -> Store {
        guard !TeamStoreOpening.isTeamStore(location) else {
            throw StoreCommandFailure(
                "`strata \(command)` works on a local store (a folder), and the store given is a "
                    + "team store; run it on a local store, then `strata store push` there")
        }
        guard let local = try open(creating: creating).local else {
            throw StoreCommandFailure("the store at \(location) is not a local store")
        }
        return local
    }

    private func open(creating: Bool) throws -> ExperimentStore {
        do {
            return try ExperimentStore.open(at: location, creating: creating)
        } catch .noStore(let path) {
            throw StoreCommandFailure(missingStore(path))
        } catch {
            throw StoreCommandFailure(error.description)
        }
    }

    /// `no store at '/work/.strata' (...)`, then where the path came from and how to make one.
    private func missingStore(_ path: String) -> String {
        let origin: String
        if store != nil {
            origin = "given by --store"
        } else if ProcessInfo.processInfo.environment["STRATA_STORE"]?.isEmpty == false {
            origin = "given by STRATA_STORE"
        } else {
            origin = ".strata/ in the current folder, as neither --store nor STRATA_STORE is set"
        }
        return StoreError.noStore(path: path).description + " (\(origin)). A store is created when something is "
            + "first recorded: `strata add PATH`, `strata store import FILE`, or a fit in `strata run SCRIPT` or a "
            + "notebook. To use one elsewhere, pass --store PATH or set STRATA_STORE."
    }
}

/// A store error as the CLI reports it: `strata: <message>` on stderr, exit status 1.
struct StoreCommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

extension StoreCommandFailure {
    /// Runs `body`, turning a `StoreError` into a command failure.
    static func reporting<T>(_ body: () throws(StoreError) -> T) throws -> T {
        do { return try body() } catch { throw StoreCommandFailure(error.description) }
    }
}

/// Writes a line to standard output, flushed at once (scripts and tests read it live).
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
