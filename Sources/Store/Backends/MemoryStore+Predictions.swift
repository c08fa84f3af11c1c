import Foundation

/// The prediction log in memory: the server started from a notebook without a store
/// folder logs here, for the session.
extension MemoryStore: PredictionLog {
    public func appendPredictions(_ records: [PredictionRecord]) throws(StoreError) {
        state.withLock { $0.predictions.append(contentsOf: records) }
    }

    public func predictions(model: String, since: Date?) throws(StoreError) -> [PredictionRecord] {
        state.withLock { state in
            state.predictions.filter { record in record.model == model && since.map { record.time >= $0 } ?? true }
                .enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        }
    }

    public func predictionLogs() throws(StoreError) -> [PredictionLogSummary] {
        state.withLock { state in
            Dictionary(grouping: state.predictions, by: \.model).map { model, records in
                let newest = records.max { $0.time < $1.time }!
                return PredictionLogSummary(
                    model: model, run: newest.run, requests: records.count,
                    first: records.map(\.time).min()!, last: newest.time)
            }.sorted { $0.model < $1.model }
        }
    }
}
