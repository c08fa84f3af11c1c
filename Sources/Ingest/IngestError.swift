import Store

/// What stops an ingest as a whole. (A file or URL that cannot be had is a `failed`
/// row of the result, not an error.)
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A source that names nothing ingest can read.
    case badSource(String, reason: String)
    /// The folder cannot be created, is a file, or cannot be locked.
    case unusableFolder(path: String, reason: String)
    /// Another ingest into the same folder is running.
    case folderBusy(path: String)
    /// The store could not read or write the ingest records.
    case store(StoreError)
    /// The user interrupted; what was fetched before stays in the folder and is recorded.
    case interrupted(IngestReport)

    public var description: String {
        switch self {
        case .badSource(let source, let reason):
            return "cannot ingest '\(source)': \(reason)"
        case .unusableFolder(let path, let reason):
            return "cannot ingest into '\(path)': \(reason)"
        case .folderBusy(let path):
            return "another ingest into '\(path)' is running; wait for it to finish"
        case .store(let error):
            return error.description
        case .interrupted(let report):
            return "interrupted after \(report.tally)"
        }
    }
}
