import Tensor

/// A stack of layers applied in order, with weights created at first use.
///
/// A value type: copying a model copies its weights lazily (tensors are copy-on-write),
/// so a trainer mutates the caller's model through `inout` and a snapshot is a copy.
/// Weights are created by `build(sampleShape:seed:)`, which `Trainer.fit` calls with
/// the data's sample shape the first time. Initialisation follows Keras: Glorot
/// (Xavier) uniform for dense and conv2d kernels, U(-l, l) with l = sqrt(6 / (fan_in +
/// fan_out)), where a conv kernel's fans are C*k*k and F*k*k; biases start at zero;
/// batchnorm starts with scale 1, shift 0, running mean 0 and running variance 1.
public struct Sequential: Sendable {
    /// The layers as written (an `embedding`'s `vocab` filled in by `settingVocabulary`).
    public private(set) var specs: [LayerSpec]
    /// The layers after shape inference; empty until built.
    public private(set) var layers: [BuiltLayer] = []
    /// One sample's shape (no batch axis), or nil until built.
    public private(set) var sampleShape: [Int]?
    /// The trainable tensors of all layers, in layer order (see `BuiltLayer.parameters`).
    public var parameters: [Tensor] = []
    /// The non-trainable tensors (batchnorm running statistics), in layer order.
    public var state: [Tensor] = []

    /// A model of `specs`, checking each layer's settings.
    public init(_ specs: [LayerSpec]) throws(ModelError) {
        guard !specs.isEmpty else { throw .noLayers }
        for (index, spec) in specs.enumerated() {
            do throws(SettingError) {
                try spec.validate()
            } catch {
                throw .invalidLayer(index: index, layer: spec.name, error)
            }
        }
        self.specs = specs
    }

    /// Whether an `embedding` still waits for its vocabulary size.
    public var needsVocabulary: Bool {
        specs.contains { if case .embedding(_, nil) = $0 { true } else { false } }
    }

    /// Gives every `embedding` without a `vocab` one of `size` rows (an unbuilt model
    /// only; the ids 0 and 1, padding and unknown, are rows too).
    public mutating func settingVocabulary(_ size: Int) {
        guard !isBuilt else { return }
        specs = specs.map { spec in
            if case .embedding(let dim, nil) = spec { return .embedding(dim: dim, vocab: Swift.max(size, 2)) }
            return spec
        }
    }

    /// Whether weights exist (the model has seen a sample shape).
    public var isBuilt: Bool { sampleShape != nil }

    /// One sample's output shape, or nil until built.
    public var outputShape: [Int]? { layers.last?.outputShape }

    /// The number of trainable scalars, or nil until built.
    public var parameterCount: Int? {
        isBuilt ? parameters.reduce(0) { $0 + $1.count } : nil
    }

    /// The activation the model's last layer ends with, if any. A loss fused with it
    /// (softmax for cross-entropy, sigmoid for BCE) skips it in training.
    public var outputActivation: Activation? { specs.last?.activation }

    /// The shapes the layers produce for samples of `sampleShape`, without creating
    /// weights; throws the first layer that cannot take its input.
    public func inferShapes(sampleShape: [Int]) throws(ModelError) -> [[Int]] {
        guard !sampleShape.isEmpty, sampleShape.allSatisfy({ $0 > 0 }) else { throw .invalidSampleShape(sampleShape) }
        var shape = sampleShape
        var result: [[Int]] = []
        for (index, spec) in specs.enumerated() {
            shape = try Sequential.outputShape(of: spec, index: index, input: shape)
            result.append(shape)
        }
        return result
    }

    /// Creates the weights for samples of `sampleShape` (no batch axis), drawing them
    /// from a generator seeded with `seed`. Building a built model for the same shape
    /// does nothing; for another shape it throws `sampleShapeMismatch`.
    public mutating func build(sampleShape: [Int], seed: UInt64) throws(ModelError) {
        if let existing = self.sampleShape {
            guard existing == sampleShape else { throw .sampleShapeMismatch(expected: existing, got: sampleShape) }
            return
        }
        let shapes = try inferShapes(sampleShape: sampleShape)
        var random = SeededRandom(seed: seed)
        var built: [BuiltLayer] = []
        var parameters: [Tensor] = [], state: [Tensor] = []
        var input = sampleShape
        for (spec, output) in zip(specs, shapes) {
            var layerRandom = random.split()
            let firstParameter = parameters.count, firstState = state.count
            switch spec {
            case .dense(let units, _):
                parameters.append(Sequential.glorot([input[0], units], fanIn: input[0], fanOut: units, &layerRandom))
                parameters.append(Tensor(zeros: [units]))
            case .conv2d(let filters, let kernel, _, _, _):
                let area = kernel * kernel
                parameters.append(
                    Sequential.glorot(
                        [filters, input[0], kernel, kernel], fanIn: input[0] * area,
                        fanOut: filters * area, &layerRandom))
                parameters.append(Tensor(zeros: [filters]))
            case .batchNorm:
                parameters.append(Tensor(shape: [input[0]], repeating: 1))
                parameters.append(Tensor(zeros: [input[0]]))
                state.append(Tensor(zeros: [input[0]]))
                state.append(Tensor(shape: [input[0]], repeating: 1))
            case .conv1d(let filters, let kernel, _, _, _):
                parameters.append(
                    Sequential.glorot(
                        [kernel, input[1], filters], fanIn: input[1] * kernel, fanOut: filters * kernel,
                        &layerRandom))
                parameters.append(Tensor(zeros: [filters]))
            case .layerNorm:
                let width = input.last ?? 1
                parameters.append(Tensor(shape: [width], repeating: 1))
                parameters.append(Tensor(zeros: [width]))
            case .embedding(let dim, let vocab):
                // N(0, 1), as PyTorch's nn.Embedding. The vocabulary is set before training
                // (fit reads it from the data); a spec without one has no table to build.
                guard let vocab else { throw .unresolvedVocabulary(index: built.count) }
                var table = Tensor(zeros: [vocab, dim])
                table.withUnsafeMutableBufferPointer { out in
                    for i in out.indices { out[i] = Float(layerRandom.normal()) }
                }
                parameters.append(table)
            case .recurrent(let cell, let units, _, let bidirectional):
                // PyTorch's nn.LSTM / nn.GRU: every weight and bias U(-k, k), k = 1/sqrt(units).
                let limit = Float(1 / Double(units).squareRoot())
                let rows = cell.gates * units
                for _ in 0..<(bidirectional ? 2 : 1) {
                    for shape in [[rows, input[1]], [rows, units], [rows], [rows]] {
                        parameters.append(Tensor(uniformShape: shape, low: -limit, high: limit, random: &layerRandom))
                    }
                }
            case .transformer(_, let feedForward, _):
                parameters += Sequential.transformerParameters(
                    length: input[0], width: input[1], feedForward: feedForward ?? 4 * input[1], &layerRandom)
            case .maxPool2d, .avgPool2d, .flatten, .reshape, .dropout, .activation, .globalAvgPool, .globalMaxPool,
                .maxPool1d:
                break  // no weights
            }
            built.append(
                BuiltLayer(
                    spec: spec, inputShape: input, outputShape: output,
                    parameters: firstParameter..<parameters.count, state: firstState..<state.count))
            input = output
        }
        self.layers = built
        self.parameters = parameters
        self.state = state
        self.sampleShape = sampleShape
    }

    private static func glorot(_ shape: [Int], fanIn: Int, fanOut: Int, _ random: inout SeededRandom) -> Tensor {
        let limit = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
        return Tensor(uniformShape: shape, low: -limit, high: limit, random: &random)
    }

    /// The rows of `summary(model)`: before the model is built, shapes are unknown and
    /// parameter counts known only for layers without weights.
    public func summary() -> [LayerSummary] {
        if isBuilt {
            return layers.map { layer in
                LayerSummary(
                    name: layer.spec.name, description: layer.spec.description, outputShape: layer.outputShape,
                    parameterCount: parameters[layer.parameters].reduce(0) { $0 + $1.count })
            }
        }
        return specs.map { spec in
            let hasWeights: Bool
            switch spec {
            case .dense, .conv2d, .batchNorm, .embedding, .conv1d, .layerNorm, .recurrent, .transformer:
                hasWeights = true
            case .maxPool2d, .avgPool2d, .flatten, .reshape, .dropout, .activation, .globalAvgPool, .globalMaxPool,
                .maxPool1d:
                hasWeights = false
            }
            return LayerSummary(
                name: spec.name, description: spec.description, outputShape: nil,
                parameterCount: hasWeights ? nil : 0)
        }
    }
}
