/// A layer after shape inference: where its parameters and state live in the model.
public struct BuiltLayer: Sendable, Equatable {
    /// What the user wrote.
    public let spec: LayerSpec
    /// The shape of one input sample (no batch axis).
    public let inputShape: [Int]
    /// The shape of one output sample (no batch axis).
    public let outputShape: [Int]
    /// The layer's trainable tensors in `Sequential.parameters` (weights, then bias;
    /// batchnorm: scale, then shift).
    public let parameters: Range<Int>
    /// The layer's non-trainable tensors in `Sequential.state` (batchnorm: running mean,
    /// then running variance).
    public let state: Range<Int>
}

/// One row of a model summary.
public struct LayerSummary: Sendable, Equatable {
    /// The layer's builtin name, e.g. `dense`.
    public let name: String
    /// The layer as written, e.g. `dense(16, activation: "relu")`.
    public let description: String
    /// One sample's output shape, or nil before the model has seen data.
    public let outputShape: [Int]?
    /// Trainable parameters, or nil before the model has seen data (when the count
    /// depends on the input).
    public let parameterCount: Int?
}
