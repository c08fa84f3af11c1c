import JSON

/// Why a notebook file could not be read, or its cells written back: the file's path
/// and what was wrong with it.
public struct NotebookFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// The file could not be read (missing, a folder, no permission).
        case unreadable(String)
        /// The bytes are not JSON.
        case invalidJSON(JSONParseError)
        /// Valid JSON, but not an nbformat 4 notebook; says which part is missing or wrong.
        case notANotebook(String)
        /// `replacingSources` was given a cell index that is not a code cell.
        case noSuchCodeCell(index: Int)

        public var description: String {
            switch self {
            case .unreadable(let why): "cannot read the file: \(why)"
            case .invalidJSON(let error): "not a notebook: invalid JSON (\(error))"
            case .notANotebook(let what): "not an nbformat 4 notebook: \(what)"
            case .noSuchCodeCell(let index): "cell \(index) is not a code cell"
            }
        }
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`, as a command line prints it.
    public var description: String { "\(path): \(reason)" }
}
