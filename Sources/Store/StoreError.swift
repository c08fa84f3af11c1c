import Foundation

/// Everything that can go wrong in the store, with what a user needs to act on it.
/// `description` is the text shown by the CLI and the language builtins.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file system call failed: what was being done, on which path, and `strerror`.
    case io(action: String, path: String, reason: String)
    /// No object with this id is in the store.
    case objectMissing(ObjectID)
    /// The object's bytes no longer hash to its id: the file was damaged.
    case objectCorrupt(ObjectID, actual: String, path: String)
    /// A string that should be a SHA-256 id (64 lowercase hex characters) is not one.
    case invalidObjectID(String)
    /// SQLite refused an operation (after waiting out the busy timeout).
    case database(String)
    /// The database was written by a newer Strata than this one.
    case schemaTooNew(found: Int, supported: Int)
    /// No run has this id, id prefix or name.
    case unknownRun(String)
    /// An id prefix that matches several runs.
    case ambiguousRun(String, matches: [String])
    /// `runs(sort:)` got a field that is neither a run field nor a metric any run has.
    case unknownSortField(String, known: [String])
    /// A manifest object that does not parse.
    case invalidManifest(ObjectID, reason: String)
    /// A labels version (`label`) that does not parse (Docs/StoreFormat.md, "Labels").
    case invalidLabels(ObjectID, reason: String)
    /// No tracked data version has this id or id prefix.
    case unknownDataVersion(String, matches: [String])
    /// `status` on a path that was never added.
    case notTracked(String)
    /// The path to track does not exist or is neither a file nor a folder.
    case notTrackable(path: String, reason: String)
    /// `gc` stopped before removing anything, for the reason given.
    case garbageCollectionRefused(String)
    /// A bundle that is truncated, damaged or not a Strata bundle.
    case invalidBundle(String)
    /// A pack file's index or trailer is not what the format says (Docs/StoreFormat.md).
    case damagedPack(path: String, reason: String)
    /// Opening without creating found no store (no `strata.db`) in this folder.
    case noStore(path: String)
    /// No sweep has this name.
    case unknownSweep(String)
    /// The sweep has no trial with this number.
    case unknownTrial(sweep: String, number: Int)
    /// A sweep opened again under its name describes a different search than the one
    /// recorded: the first field that differs, as recorded and as given.
    case sweepMismatch(name: String, field: String, stored: String, given: String)
    /// `finishTrial` was asked to end a trial as `running`.
    case trialNotEnded(sweep: String, number: Int)
    /// The team store cannot be opened as configured: the message names the setting at
    /// fault (`STRATA_OBJECTS`, the URL's host) and never a secret.
    case teamStoreUnavailable(String)

    public var description: String {
        switch self {
        case .io(let action, let path, let reason):
            return "cannot \(action) '\(path)': \(reason)"
        case .objectMissing(let id):
            return "object \(id) is missing from the store"
        case .objectCorrupt(let id, let actual, let path):
            return "object \(id) is corrupt: its content hashes to \(actual) ('\(path)')"
        case .invalidObjectID(let text):
            return "'\(text)' is not an object id (64 lowercase hex characters)"
        case .database(let message):
            return "store database: \(message)"
        case .schemaTooNew(let found, let supported):
            return "the store was written by a newer Strata (schema \(found); this one knows up to \(supported))"
        case .unknownRun(let reference):
            return "no run with id, id prefix or name '\(reference)'"
        case .ambiguousRun(let reference, let matches):
            let shown = matches.prefix(5).joined(separator: ", ") + (matches.count > 5 ? ", ..." : "")
            return "'\(reference)' matches \(matches.count) runs (\(shown)): give more of the id"
        case .unknownSortField(let field, let known):
            return
                "cannot sort by '\(field)': not a run field or a metric of any run (known: \(known.joined(separator: ", ")))"
        case .invalidManifest(let id, let reason):
            return "manifest \(id) is invalid: \(reason)"
        case .invalidLabels(let id, let reason):
            return "labels version \(id) is invalid: \(reason)"
        case .unknownDataVersion(let reference, let matches):
            if matches.isEmpty { return "no tracked data version '\(reference)'" }
            return "'\(reference)' matches \(matches.count) data versions: give more of the id"
        case .notTracked(let path):
            return "'\(path)' was never added: run `strata add \(path)` (or track(\"\(path)\")) first"
        case .notTrackable(let path, let reason):
            return "cannot track '\(path)': \(reason)"
        case .garbageCollectionRefused(let reason):
            return "gc removed nothing: \(reason)"
        case .invalidBundle(let reason):
            return "not a valid Strata bundle: \(reason)"
        case .damagedPack(let path, let reason):
            return "pack '\(path)' is damaged: \(reason)"
        case .noStore(let path):
            return "no store at '\(path)'"
        case .unknownSweep(let name):
            return "no sweep named '\(name)'"
        case .unknownTrial(let sweep, let number):
            return "sweep '\(sweep)' has no trial \(number)"
        case .sweepMismatch(let name, let field, let stored, let given):
            return "sweep '\(name)' exists with a different \(field) (recorded: \(stored); given: \(given)): "
                + "give the sweep another name, or the same \(field) to resume it"
        case .trialNotEnded(let sweep, let number):
            return "trial \(number) of sweep '\(sweep)' cannot be finished as running"
        case .teamStoreUnavailable(let message):
            return message
        }
    }

    /// Wraps an error thrown by GRDB (or anything else untyped) as `.database`.
    static func wrap(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return .database(String(describing: error))
    }
}
