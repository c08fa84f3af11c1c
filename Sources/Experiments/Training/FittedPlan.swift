import Data
import Learn
import Store

/// A model fitted outside the training loop (a baseline), to be recorded as a run: what
/// it was fitted on and how the run records it.
public struct FittedPlan: Sendable {
    /// The fitted model (built).
    public var model: Sequential
    public var train: Samples
    public var validation: Samples?
    public var loss: Loss
    public var metrics: [Metric]
    /// The run's params as stored (a baseline's kind, the datasets' names...).
    public var params: ParamValue
    public var data: [DataUse]
    public var preprocessing: Preprocessing?
    public var name: String?
    public var tags: [String]
    public var source: String

    public init(
        model: Sequential, train: Samples, validation: Samples?, loss: Loss, metrics: [Metric],
        params: ParamValue, data: [DataUse], preprocessing: Preprocessing?, name: String?, tags: [String],
        source: String
    ) {
        self.model = model
        self.train = train
        self.validation = validation
        self.loss = loss
        self.metrics = metrics
        self.params = params
        self.data = data
        self.preprocessing = preprocessing
        self.name = name
        self.tags = tags
        self.source = source
    }
}
