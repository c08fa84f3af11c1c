import Foundation

/// What a training run writes to a store while it trains, in the order it writes it.
/// Every call commits before it returns (an object before the row that names it), so
/// a crash keeps what was written; `finishRun` may be called once per run.
public protocol RunWriter: Sendable {
    /// Records a new run as `running` and returns its id (see `Store.beginRun`).
    func beginRun(
        name: String?, params: ParamValue, modelSpec: String?, preprocessing: String?, data: [DataUse],
        source: String
    ) throws(StoreError) -> RunID
    /// Adds a label to a run; adding it twice is harmless.
    func tag(_ run: RunID, _ label: String) throws(StoreError)
    /// Records one epoch's metrics; recording an epoch again replaces its values.
    func appendEpoch(_ run: RunID, epoch: Int, metrics: [String: Double]) throws(StoreError)
    /// Stores `data` as an artifact of the run under `name` (replacing one of that name).
    @discardableResult
    func addArtifact(_ run: RunID, name: String, data: Data, mediaType: String) throws(StoreError) -> ObjectID
    /// Ends the run; `.unknownRun` if it does not exist.
    func finishRun(
        _ run: RunID, outcome: RunOutcome, metrics: [String: Double], weights: Data?,
        error: String?) throws(StoreError)
}
