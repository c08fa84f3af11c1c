import Foundation

/// One request a served model answered, as the prediction log keeps it: when, which
/// request, which model (the name it was served under and the run behind it), the raw
/// inputs and the outputs as JSON text, and how long the answer took.
public struct PredictionRecord: Sendable, Equatable {
    public var time: Date
    /// The client's request id, or one the server made.
    public var requestID: String
    /// The name the model was served under.
    public var model: String
    public var run: RunID
    /// The request's rows, column by column as loaded: `{"sepal_length": [5.1, 4.9], ...}`.
    public var inputs: String
    /// What the server answered, column by column: `{"label": [...], "probabilities": [[...]]}`
    /// or `{"predictions": [...]}`.
    public var outputs: String
    /// Seconds from the request's arrival to its answer.
    public var latency: Double

    public init(
        time: Date, requestID: String, model: String, run: RunID, inputs: String, outputs: String,
        latency: Double
    ) {
        self.time = time
        self.requestID = requestID
        self.model = model
        self.run = run
        self.inputs = inputs
        self.outputs = outputs
        self.latency = latency
    }
}

/// One served model's log, as `predictionLogs()` lists it.
public struct PredictionLogSummary: Sendable, Equatable {
    public var model: String
    /// The run behind the newest record.
    public var run: RunID
    public var requests: Int
    public var first: Date
    public var last: Date

    package init(model: String, run: RunID, requests: Int, first: Date, last: Date) {
        self.model = model
        self.run = run
        self.requests = requests
        self.first = first
        self.last = last
    }
}
