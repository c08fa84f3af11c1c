import Foundation

/// The prediction log: what served models answered, appended by the inference server
/// off its response path and read by `predictions(name)`, `drift` and `strata drift`.
public protocol PredictionLog: Sendable {
    /// Appends `records` in one transaction: all of them are durable when it returns,
    /// or none is written.
    func appendPredictions(_ records: [PredictionRecord]) throws(StoreError)
    /// The records of the model served as `model`, oldest first; only those at or
    /// after `since` when given.
    func predictions(model: String, since: Date?) throws(StoreError) -> [PredictionRecord]
    /// Every model with a log, by name.
    func predictionLogs() throws(StoreError) -> [PredictionLogSummary]
}
