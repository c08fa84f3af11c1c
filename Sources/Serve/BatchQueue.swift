import Foundation

/// Requests for one model, batched: a thread of its own takes every request waiting
/// (up to `maxRows` rows, and always at least one request), runs one forward pass over
/// them, and resumes each request with its rows of the outputs. Requests that arrive
/// while a batch runs wait for the next, so batches grow with the load. A request that
/// finds the model idle waits up to `wait` seconds only while other requests for the
/// model are on their way (`announce`d: arrived, still being read and encoded), so a
/// lone client never waits for company that is not coming.
final class BatchQueue: @unchecked Sendable {
    private struct Pending {
        let rows: EncodedRows
        let continuation: CheckedContinuation<[Float], Never>
    }

    private let model: ServedModel
    private let maxRows: Int
    private let wait: Double
    private let onBatch: @Sendable (Int) -> Void
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [Pending] = []
    private var pendingRows = 0
    /// Requests announced and not yet queued or withdrawn.
    private var announced = 0
    private var stopped = false
    private var thread: Thread?

    /// - Parameter onBatch: called with each batch's row count (the metrics' histogram).
    init(model: ServedModel, maxRows: Int, wait: Double, onBatch: @escaping @Sendable (Int) -> Void) {
        self.model = model
        self.maxRows = max(1, maxRows)
        self.wait = max(0, wait)
        self.onBatch = onBatch
        let thread = Thread { [unowned self] in self.work() }
        thread.name = "strata-batch-\(model.name)"
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// A request for this model has arrived: its rows will follow (`predict`) unless it
    /// is refused (`withdraw`).
    func announce() {
        condition.lock()
        announced += 1
        condition.unlock()
    }

    /// An announced request was refused before it reached the model.
    func withdraw() {
        condition.lock()
        announced -= 1
        condition.signal()
        condition.unlock()
    }

    /// The model's outputs for an announced request's `rows`, row-major, once their
    /// batch has run.
    func predict(_ rows: EncodedRows) async -> [Float] {
        await withCheckedContinuation { continuation in
            condition.lock()
            announced -= 1
            pending.append(Pending(rows: rows, continuation: continuation))
            pendingRows += rows.rows
            condition.signal()
            condition.unlock()
        }
    }

    /// Runs what is queued, then ends the thread.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
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
            if wait > 0, announced > 0, pendingRows < maxRows, !stopped {
                let deadline = Date(timeIntervalSinceNow: wait)
                while announced > 0, pendingRows < maxRows, !stopped, condition.wait(until: deadline) {}
            }
            var taken = 0
            var count = 0
            while count < pending.count, count == 0 || taken + pending[count].rows.rows <= maxRows {
                taken += pending[count].rows.rows
                count += 1
            }
            let batch = Array(pending.prefix(count))
            pending.removeFirst(count)
            pendingRows -= taken
            condition.unlock()
            run(batch, rows: taken)
        }
    }

    private func run(_ batch: [Pending], rows: Int) {
        var features: [Float]
        if batch.count == 1 {
            features = batch[0].rows.features
        } else {
            features = []
            features.reserveCapacity(batch.reduce(0) { $0 + $1.rows.features.count })
            for request in batch { features.append(contentsOf: request.rows.features) }
        }
        let outputs = model.predict(features, rows: rows)
        onBatch(rows)
        let width = model.outputWidth
        var start = 0
        for request in batch {
            let end = start + request.rows.rows * width
            request.continuation.resume(returning: Array(outputs[start..<end]))
            start = end
        }
    }
}
