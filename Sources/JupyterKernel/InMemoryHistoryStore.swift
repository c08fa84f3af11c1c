import Synchronization

/// History kept only in memory: for a kernel without a store folder, and for tests.
public final class InMemoryHistoryStore: HistoryStore {
    private let state = Mutex<(sessions: Int, entries: [HistoryEntry])>((0, []))

    public init(entries: [HistoryEntry] = []) {
        state.withLock { $0 = (entries.map(\.session).max() ?? 0, entries) }
    }

    public func startSession() -> Int {
        state.withLock { state in
            state.sessions += 1
            return state.sessions
        }
    }

    public func append(session: Int, line: Int, source: String) {
        state.withLock { $0.entries.append(HistoryEntry(session: session, line: line, source: source)) }
    }

    public func tail(n: Int) -> [HistoryEntry] { state.withLock { $0.entries }.historyTail(n: n) }

    public func range(session: Int, start: Int, stop: Int?) -> [HistoryEntry] {
        state.withLock { $0.entries }.historyRange(session: session, start: start, stop: stop)
    }

    public func search(pattern: String, n: Int?, unique: Bool) -> [HistoryEntry] {
        state.withLock { $0.entries }.historySearch(pattern: pattern, n: n, unique: unique)
    }
}
