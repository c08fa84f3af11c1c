import Foundation
import JupyterKernel
import Store

/// The kernel's cell history, kept in the versioned store's `cell_history` table, so
/// every kernel on one store (and every restart) shares it. Errors reading history
/// give an empty answer; errors writing become `HistoryError`s the kernel logs.
final class StoreHistory: HistoryStore {
    private let store: Store
    private let log: @Sendable (String) -> Void

    init(store: Store, log: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.log = log
    }

    func startSession() throws(HistoryError) -> Int {
        do {
            return try store.startHistorySession()
        } catch {
            throw .cannotWrite(path: store.root + "/strata.db", errno: EIO)
        }
    }

    func append(session: Int, line: Int, source: String) throws(HistoryError) {
        do {
            try store.appendHistory(session: session, line: line, source: source)
        } catch {
            throw .cannotWrite(path: store.root + "/strata.db", errno: EIO)
        }
    }

    func tail(n: Int) -> [HistoryEntry] {
        entries { () throws(StoreError) in try store.historyTail(n: n) }
    }

    func range(session: Int, start: Int, stop: Int?) -> [HistoryEntry] {
        entries { () throws(StoreError) in try store.historyRange(session: session, start: start, stop: stop) }
    }

    func search(pattern: String, n: Int?, unique: Bool) -> [HistoryEntry] {
        entries { () throws(StoreError) in try store.historySearch(pattern: pattern, n: n, unique: unique) }
    }

    private func entries(_ body: () throws(StoreError) -> [CellHistoryEntry]) -> [HistoryEntry] {
        do {
            return try body().map { HistoryEntry(session: $0.session, line: $0.line, source: $0.source) }
        } catch {
            log("history: \(error)")
            return []
        }
    }
}
