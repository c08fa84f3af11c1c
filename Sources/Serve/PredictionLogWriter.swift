import Foundation
import Store

/// Appends prediction records to the store off the response path: requests hand over
/// what they read and answered and return; a thread of its own turns them into records
/// (the JSON text) and writes whatever has gathered in one transaction (durable when it
/// commits), so the log costs a response neither the encoding nor a disk wait.
/// `flush()` (at shutdown) returns once everything handed over is written; `sync()`
/// does the same while the server runs on, so a notebook reading the log right after
/// its own requests were answered sees them.
final class PredictionLogWriter: @unchecked Sendable {
    /// More records than this waiting (the store has stalled) are dropped and counted
    /// rather than held in memory without bound.
    static let maxPending = 100_000

    private let log: any PredictionLog
    private let metrics: ServerMetrics
    private let report: @Sendable (String) -> Void
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [Entry] = []
    private var writing = false
    private var stopped = false
    private var lastProblem: String?

    /// - Parameter report: where a store error is told (once per distinct message).
    init(log: any PredictionLog, metrics: ServerMetrics, report: @escaping @Sendable (String) -> Void) {
        self.log = log
        self.metrics = metrics
        self.report = report
        let thread = Thread { [unowned self] in self.work() }
        thread.name = "strata-prediction-log"
        thread.start()
    }

    /// One answered request, not yet encoded.
    struct Entry: Sendable {
        var time: Date
        var requestID: String
        var model: ServedModel
        var table: InputTable
        var answer: Answer
        var latency: Double

        var record: PredictionRecord {
            PredictionRecord(
                time: time, requestID: requestID, model: model.name, run: model.run, inputs: table.json,
                outputs: answer.logJSON, latency: latency)
        }
    }

    func append(_ record: Entry) {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return }
        guard pending.count < PredictionLogWriter.maxPending else {
            metrics.logDropped.increment()
            return
        }
        pending.append(record)
        metrics.logPending.set(to: Double(pending.count))
        condition.signal()
    }

    /// Waits until every record handed over so far is written (or dropped), then stops
    /// the writer.
    func flush() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !pending.isEmpty || writing { condition.wait() }
        condition.unlock()
    }

    /// Waits until every record handed over so far is written (or dropped); the writer
    /// keeps running.
    func sync() {
        condition.lock()
        while !pending.isEmpty || writing { condition.wait() }
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while pending.isEmpty && !stopped { condition.wait() }
            if pending.isEmpty {
                condition.unlock()
                return
            }
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            writing = true
            condition.unlock()
            let failed = write(batch.map(\.record))
            condition.lock()
            writing = false
            if failed { metrics.logDropped.increment(by: Int64(batch.count)) }
            metrics.logPending.set(to: Double(pending.count))
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Writes `batch`, retrying a busy or failing store a few times with backoff.
    /// Returns true when the records could not be written.
    private func write(_ batch: [PredictionRecord]) -> Bool {
        var delay = 0.05
        for attempt in 1...5 {
            do throws(StoreError) {
                try log.appendPredictions(batch)
                return false
            } catch {
                let message = "prediction log: \(error)"
                if message != lastProblem {
                    lastProblem = message
                    report(message + (attempt < 5 ? " (retrying)" : ""))
                }
                if attempt < 5 {
                    Thread.sleep(forTimeInterval: delay)
                    delay *= 2
                }
            }
        }
        report(
            "prediction log: \(batch.count) record\(batch.count == 1 ? "" : "s") could not be written and were dropped")
        return true
    }
}
