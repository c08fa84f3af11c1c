import Tensor
import Testing

@testable import Learn

@Suite struct LayerTests {
    @Test func shapesAndParameterCountsAreInferred() throws {
        var model = try Sequential([
            .conv2d(filters: 4, kernel: 3, stride: 1, padding: .same, activation: .relu),
            .maxPool2d(size: 2),
            .conv2d(filters: 6, kernel: 3, stride: 2, padding: .valid, activation: nil),
            .batchNorm, .flatten, .dropout(rate: 0.5),
            .dense(units: 10, activation: .softmax),
        ])
        #expect(!model.isBuilt && model.parameterCount == nil)
        #expect(model.summary().map(\.parameterCount) == [nil, 0, nil, nil, 0, 0, nil])
        try model.build(sampleShape: [1, 12, 12], seed: 1)
        #expect(
            model.layers.map(\.outputShape) == [[4, 12, 12], [4, 6, 6], [6, 2, 2], [6, 2, 2], [24], [24], [10]])
        // 4*1*9+4, 6*4*9+6, 6+6, 24*10+10
        #expect(model.summary().map(\.parameterCount) == [40, 0, 222, 12, 0, 0, 250])
        #expect(model.parameterCount == 524)
        #expect(model.summary()[0].description == "conv2d(4, activation: \"relu\")")
        #expect(model.outputActivation == .softmax)
        #expect(throws: ModelError.sampleShapeMismatch(expected: [1, 12, 12], got: [144])) {
            try model.build(sampleShape: [144], seed: 1)
        }
    }

    @Test func glorotUniformInitialisationAndZeroBiases() throws {
        var model = try Sequential([.dense(units: 50, activation: nil)])
        try model.build(sampleShape: [30], seed: 3)
        let limit = Float((6.0 / 80.0).squareRoot())
        let w = model.parameters[0].scalars
        #expect(w.allSatisfy { abs($0) <= limit })
        #expect(w.map { abs($0) }.max()! > 0.9 * limit)
        #expect(model.parameters[1].scalars.allSatisfy { $0 == 0 })
    }

    @Test(arguments: [
        ([LayerSpec.dense(units: 3, activation: nil)], [1, 4, 4], "dense takes flat samples; add flatten() before it"),
        (
            [.conv2d(filters: 2, kernel: 3, stride: 1, padding: .same, activation: nil)], [16],
            "conv2d takes samples of shape [channels, height, width]; use reshape([1, h, w]) for flat images"
        ),
        (
            [.conv2d(filters: 2, kernel: 5, stride: 1, padding: .valid, activation: nil)], [1, 3, 3],
            "the 5x5 kernel does not fit a 3x3 image with padding \"valid\""
        ),
        ([.reshape([5, -1])], [12], "12 values per sample cannot be arranged as [5, -1]"),
    ])
    func incompatibleInputsAreReported(_ specs: [LayerSpec], _ shape: [Int], _ reason: String) throws {
        var model = try Sequential(specs)
        #expect(
            throws: ModelError.incompatibleInput(
                index: 0, layer: specs[0].description, inputShape: shape, reason: reason)
        ) {
            try model.build(sampleShape: shape, seed: 0)
        }
    }

    @Test func invalidSettingsAreRejected() {
        #expect(throws: ModelError.noLayers) { try Sequential([]) }
        #expect(
            throws: ModelError.invalidLayer(index: 1, layer: "dropout", SettingError("rate", .fraction, value: "1.5"))
        ) {
            try Sequential([.flatten, .dropout(rate: 1.5)])
        }
        #expect(
            throws: ModelError.invalidLayer(
                index: 0, layer: "dense", SettingError("units", .positiveInteger, value: "0"))
        ) {
            try Sequential([.dense(units: 0, activation: nil)])
        }
        #expect(
            ModelError.invalidLayer(index: 0, layer: "dense", SettingError("units", .positiveInteger, value: "0"))
                .description == "layer 1 (dense): 'units' must be a positive integer, got 0")
        #expect(throws: SettingError("shape", .shape, value: "[-1, -1]")) {
            try LayerSpec.reshape([-1, -1]).validate()
        }
        #expect(throws: SettingError("stride", .positiveInteger, value: "0")) {
            try LayerSpec.conv2d(filters: 2, kernel: 3, stride: 0, padding: .same, activation: nil).validate()
        }
    }

    static let layerCases: [([LayerSpec], [Int])] = [
        ([.dense(units: 3, activation: .tanh)], [4]),
        ([.dense(units: 3, activation: .sigmoid)], [4]),
        ([.dense(units: 3, activation: .gelu), .softmax], [4]),
        ([.conv2d(filters: 2, kernel: 3, stride: 1, padding: .same, activation: .tanh)], [2, 4, 4]),
        (
            [
                .conv2d(filters: 2, kernel: 2, stride: 2, padding: .valid, activation: nil), .flatten,
                .dense(units: 2, activation: nil),
            ], [1, 4, 5]
        ),
        (
            [.conv2d(filters: 2, kernel: 3, stride: 1, padding: .same, activation: nil), .avgPool2d(size: 2)],
            [1, 4, 4]
        ),
        (
            [.conv2d(filters: 2, kernel: 3, stride: 1, padding: .same, activation: nil), .maxPool2d(size: 2)],
            [1, 4, 4]
        ),
        ([.reshape([2, 3]), .tanh, .flatten, .dense(units: 2, activation: nil)], [6]),
        ([.dense(units: 3, activation: nil), .batchNorm], [4]),
        ([.conv2d(filters: 2, kernel: 3, stride: 1, padding: .same, activation: nil), .batchNorm], [1, 3, 3]),
        ([.dense(units: 5, activation: nil), .dropout(rate: 0.3), .relu], [4]),
    ]

    /// Every layer's gradients (input and parameters) against finite differences,
    /// through `Sequential.forward` as training runs it.
    @Test(arguments: layerCases)
    func layerGradients(_ specs: [LayerSpec], _ sampleShape: [Int]) throws {
        var model = try Sequential(specs)
        try model.build(sampleShape: sampleShape, seed: 5)
        let x = Tensor(uniformShape: [3] + sampleShape, seed: 6)
        let frozen = model
        expectGradientsMatch([x] + model.parameters, step: 5e-3, tolerance: 3e-2) { tape, v in
            var state = frozen.state
            var random = SeededRandom(seed: 11)
            let y = frozen.forward(
                tape, input: v[0], parameters: Array(v.dropFirst()), state: &state,
                training: true, random: &random)
            return GradientCheck.weightedSum(tape, y)
        }
    }

    @Test func softmaxOutputIsSkippedForCrossEntropy() throws {
        var model = try Sequential([.dense(units: 3, activation: .softmax)])
        try model.build(sampleShape: [2], seed: 1)
        let x = Tensor(uniformShape: [4, 2], seed: 2)
        let logits = try model.outputs(for: x, omitting: .softmax)
        let probabilities = try model.outputs(for: x)
        #expect(probabilities.maxAbsDifference(logits.softmaxRows()) < 1e-6)
        #expect(try model.predict(x, loss: .crossEntropy).maxAbsDifference(probabilities) < 1e-6)
    }
}

@Suite struct WeightsTests {
    @Test func weightsRoundTripBitForBit() throws {
        let specs: [LayerSpec] = [
            .conv2d(filters: 2, kernel: 3, stride: 1, padding: .same, activation: .relu),
            .batchNorm, .flatten, .dense(units: 3, activation: nil),
        ]
        var model = try Sequential(specs)
        try model.build(sampleShape: [1, 4, 4], seed: 9)
        model.state[0] = Tensor(shape: [2], values: [0.5, -0.25])
        let bytes = try #require(model.encodedWeights())
        let restored = try Sequential(specs, weights: bytes)
        #expect(restored.sampleShape == [1, 4, 4])
        #expect(
            zip(model.parameters + model.state, restored.parameters + restored.state).allSatisfy {
                $0.isIdentical(to: $1)
            })
        #expect(throws: ModelError.invalidWeights("tensor 0 does not have shape [4, 1, 3, 3]")) {
            try Sequential(
                [.conv2d(filters: 4, kernel: 3, stride: 1, padding: .same, activation: nil)] + specs.dropFirst(),
                weights: bytes)
        }
        #expect(throws: ModelError.invalidWeights("trailing bytes")) { try Sequential(specs, weights: bytes + [0]) }
        #expect(try Sequential(specs).encodedWeights() == nil)
    }
}
