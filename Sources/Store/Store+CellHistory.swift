import Foundation
import GRDB

/// One executed cell as the store keeps it.
public struct CellHistoryEntry: Sendable, Hashable {
    public var session: Int
    public var line: Int
    public var source: String
}

/// Cell history for the kernel's `history_request`: sessions are numbered by SQLite
/// (AUTOINCREMENT), so kernels starting together on one store get different numbers.
extension Store {
    /// Begins a kernel session and returns its number: one more than any before.
    public func startHistorySession() throws(StoreError) -> Int {
        let now = Store.nowMilliseconds()
        return try write { db in
            try db.execute(sql: "INSERT INTO history_sessions (started_ms) VALUES (?)", arguments: [now])
            return Int(db.lastInsertedRowID)
        }
    }

    /// Records one executed cell; the same (session, line) again replaces it.
    public func appendHistory(session: Int, line: Int, source: String) throws(StoreError) {
        let now = Store.nowMilliseconds()
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO cell_history (session, line, source, time_ms) VALUES (?, ?, ?, ?)",
                arguments: [session, line, source, now])
        }
    }

    /// The last `n` cells over all sessions, oldest first.
    public func historyTail(n: Int) throws(StoreError) -> [CellHistoryEntry] {
        try read { db in
            try Store.entries(
                db,
                sql: """
                    SELECT * FROM (SELECT session, line, source FROM cell_history ORDER BY session DESC, line DESC LIMIT ?)
                    ORDER BY session, line
                    """, arguments: [max(0, n)])
        }
    }

    /// One session's cells with `start <= line < stop` (`stop` nil: to the end).
    public func historyRange(session: Int, start: Int, stop: Int?) throws(StoreError) -> [CellHistoryEntry] {
        try read { db in
            try Store.entries(
                db,
                sql: """
                    SELECT session, line, source FROM cell_history WHERE session = ? AND line >= ? AND line < ?
                    ORDER BY line
                    """, arguments: [session, start, stop ?? Int.max])
        }
    }

    /// Cells whose whole source matches `pattern` (`*` any run, `?` one character,
    /// everything else literally, case-sensitive), oldest first; `unique` keeps the
    /// latest of equal sources; `n` keeps the last `n`.
    public func historySearch(pattern: String, n: Int?, unique: Bool) throws(StoreError) -> [CellHistoryEntry] {
        // SQLite's GLOB also knows `[...]`; `[[]` makes a bracket literal.
        let glob = pattern.replacingOccurrences(of: "[", with: "[[]")
        var matches = try read { db in
            try Store.entries(
                db, sql: "SELECT session, line, source FROM cell_history WHERE source GLOB ? ORDER BY session, line",
                arguments: [glob])
        }
        if unique {
            var seen = Set<String>()
            matches = matches.reversed().filter { seen.insert($0.source).inserted }.reversed()
        }
        if let n { matches = Array(matches.suffix(max(n, 0))) }
        return matches
    }

    private static func entries(_ db: Database, sql: String, arguments: StatementArguments) throws -> [CellHistoryEntry]
    {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map {
            CellHistoryEntry(session: $0["session"], line: $0["line"], source: $0["source"])
        }
    }
}
