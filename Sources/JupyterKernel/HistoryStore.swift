/// One stored cell: the session it ran in, its line (the cell's execution count) and its code.
public struct HistoryEntry: Sendable, Equatable, Hashable {
    public var session: Int
    public var line: Int
    public var source: String

    public init(session: Int, line: Int, source: String) {
        self.session = session
        self.line = line
        self.source = source
    }
}

/// Why history could not be read or written. The kernel logs it and keeps running:
/// losing history must never stop a cell.
public enum HistoryError: Error, Sendable, Equatable {
    case cannotCreateFolder(path: String, reason: String)
    case cannotOpen(path: String, errno: Int32)
    case cannotWrite(path: String, errno: Int32)
    case cannotRead(path: String, errno: Int32)
}

/// Where the kernel keeps the code of executed cells, across kernel sessions.
/// Implementations are safe to call from any thread.
public protocol HistoryStore: Sendable {
    /// Begins a new kernel session and returns its number: one more than any stored.
    func startSession() throws(HistoryError) -> Int

    /// Records one executed cell.
    func append(session: Int, line: Int, source: String) throws(HistoryError)

    /// The last `n` entries over all sessions, oldest first.
    func tail(n: Int) -> [HistoryEntry]

    /// The entries of one session (an absolute number) with `start <= line < stop`
    /// (`stop` nil: to the end), in line order.
    func range(session: Int, start: Int, stop: Int?) -> [HistoryEntry]

    /// Entries whose whole source matches the glob `pattern` (`*` any run, `?` one
    /// character), oldest first; `unique` keeps only the latest of equal sources,
    /// `n` keeps the last `n` matches.
    func search(pattern: String, n: Int?, unique: Bool) -> [HistoryEntry]
}

extension Array where Element == HistoryEntry {
    /// Sorted by session then line: stores may hold several kernels' appends interleaved.
    func chronological() -> [HistoryEntry] {
        sorted { ($0.session, $0.line) < ($1.session, $1.line) }
    }

    /// `HistoryStore.tail(n:)` over these entries.
    func historyTail(n: Int) -> [HistoryEntry] {
        Array(chronological().suffix(Swift.max(n, 0)))
    }

    /// `HistoryStore.range(session:start:stop:)` over these entries.
    func historyRange(session: Int, start: Int, stop: Int?) -> [HistoryEntry] {
        filter { entry in
            entry.session == session && entry.line >= start && (stop.map { entry.line < $0 } ?? true)
        }
        .chronological()
    }

    /// `HistoryStore.search(pattern:n:unique:)` over these entries.
    func historySearch(pattern: String, n: Int?, unique: Bool) -> [HistoryEntry] {
        let glob = GlobPattern(pattern)
        var matches = filter { glob.matches($0.source) }.chronological()
        if unique {
            // Walk from the newest so the latest occurrence of each source is the one kept.
            var seen = Set<String>()
            matches = matches.reversed().filter { seen.insert($0.source).inserted }.reversed()
        }
        if let n { matches = Array(matches.suffix(Swift.max(n, 0))) }
        return matches
    }
}
