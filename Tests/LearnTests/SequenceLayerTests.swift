import Tensor
import Testing

@testable import Learn

/// `embedding` and the global pools: shapes, the padding mask carried from the ids to
/// the pooling, out-of-range ids, gradients against finite differences, and the spec's
/// JSON.
@Suite struct SequenceLayerTests {
    /// Ids [2, 4]: the first sequence has two tokens then padding, the second is all padding.
    static let ids = Tensor(shape: [2, 4], values: [3, 2, 0, 0, 0, 0, 0, 0])

    static func model(_ pool: LayerSpec) throws -> Sequential {
        var model = try Sequential([.embedding(dim: 3, vocab: 5), pool])
        try model.build(sampleShape: [4], seed: 1)
        return model
    }

    @Test("shapes: [length] ids -> [length, dim] -> [dim]; the table is vocab x dim")
    func shapes() throws {
        let model = try Self.model(.globalAvgPool)
        #expect(model.layers.map(\.outputShape) == [[4, 3], [3]])
        #expect(model.parameters.map(\.shape) == [[5, 3]])
        #expect(throws: ModelError.self) {
            var flat = try Sequential([.embedding(dim: 2, vocab: 4)])
            try flat.build(sampleShape: [2, 2], seed: 1)
        }
        #expect(throws: ModelError.self) {
            var pooled = try Sequential([.globalMaxPool])
            try pooled.build(sampleShape: [6], seed: 1)
        }
        #expect(throws: ModelError.unresolvedVocabulary(index: 0)) {
            var unresolved = try Sequential([.embedding(dim: 2, vocab: nil)])
            try unresolved.build(sampleShape: [3], seed: 1)
        }
    }

    @Test("pooling leaves padding out; a sequence of padding only pools to 0")
    func masking() throws {
        let mean = try Self.model(.globalAvgPool)
        let table = mean.parameters[0]
        let output = try mean.outputs(for: Self.ids)
        for k in 0..<3 {
            let expected = (table[3, k] + table[2, k]) / 2
            #expect(abs(output[0, k] - expected) < 1e-6)
            #expect(output[1, k] == 0)
        }
        let max = try Self.model(.globalMaxPool)
        let largest = try max.outputs(for: Self.ids)
        for k in 0..<3 {
            #expect(largest[0, k] == Swift.max(max.parameters[0][3, k], max.parameters[0][2, k]))
            #expect(largest[1, k] == 0)
        }
    }

    @Test("an id outside the table reads the unknown token's row")
    func outOfRange() throws {
        var model = try Sequential([.embedding(dim: 2, vocab: 4)])
        try model.build(sampleShape: [3], seed: 2)
        let output = try model.outputs(for: Tensor(shape: [1, 3], values: [7, -2, 1]))
        let table = model.parameters[0]
        for position in 0..<3 {
            for k in 0..<2 { #expect(output[0, position, k] == table[1, k]) }
        }
    }

    @Test(
        "the table's gradients match finite differences through each pool",
        arguments: [
            LayerSpec.globalAvgPool, .globalMaxPool,
        ])
    func gradients(_ pool: LayerSpec) throws {
        var model = try Sequential([.embedding(dim: 3, vocab: 6), pool, .dense(units: 2, activation: nil)])
        try model.build(sampleShape: [5], seed: 3)
        let ids = Tensor(shape: [3, 5], values: [2, 3, 4, 0, 0, 5, 1, 2, 3, 4, 4, 0, 0, 0, 0])
        let frozen = model
        expectGradientsMatch(model.parameters, step: 5e-3, tolerance: 3e-2) { tape, v in
            var state = frozen.state
            var random = SeededRandom(seed: 11)
            let y = frozen.forward(
                tape, input: tape.constant(ids), parameters: v, state: &state, training: true, random: &random)
            return GradientCheck.weightedSum(tape, y)
        }
    }

    @Test(
        "conv1d and maxpool1d: gradients of input and weights match finite differences",
        arguments: [
            [LayerSpec.conv1d(filters: 3, kernel: 3, stride: 1, padding: .same, activation: .relu)],
            [.conv1d(filters: 2, kernel: 2, stride: 2, padding: .valid, activation: nil), .maxPool1d(size: 2)],
            [.conv1d(filters: 2, kernel: 4, stride: 3, padding: .same, activation: .tanh)],
        ])
    func convolutionGradients(_ specs: [LayerSpec]) throws {
        var model = try Sequential(specs + [.globalMaxPool])
        try model.build(sampleShape: [9, 2], seed: 4)
        let x = Tensor(uniformShape: [2, 9, 2], seed: 6)
        let frozen = model
        expectGradientsMatch([x] + model.parameters, step: 5e-3, tolerance: 3e-2) { tape, v in
            var state = frozen.state
            var random = SeededRandom(seed: 11)
            let y = frozen.forward(
                tape, input: v[0], parameters: Array(v.dropFirst()), state: &state, training: true, random: &random)
            return GradientCheck.weightedSum(tape, y)
        }
    }

    @Test("conv1d computes Keras' Conv1D: each output the window's dot product with the kernel, plus bias")
    func convolutionValues() throws {
        var model = try Sequential([.conv1d(filters: 1, kernel: 3, stride: 1, padding: .same, activation: nil)])
        try model.build(sampleShape: [4, 1], seed: 1)
        model.parameters[0] = Tensor(shape: [3, 1, 1], values: [1, 10, 100])
        model.parameters[1] = Tensor(shape: [1], values: [0.5])
        let y = try model.outputs(for: Tensor(shape: [1, 4, 1], values: [1, 2, 3, 4]))
        // Padding one zero each side: [0,1,2], [1,2,3], [2,3,4], [3,4,0].
        #expect(y.scalars == [210.5, 321.5, 432.5, 43.5])
        #expect(model.layers[0].outputShape == [4, 1])
        var strided = try Sequential([.conv1d(filters: 2, kernel: 3, stride: 2, padding: .valid, activation: nil)])
        try strided.build(sampleShape: [7, 3], seed: 1)
        #expect(strided.layers[0].outputShape == [3, 2])
    }

    @Test("padding stays out of pooling through conv1d and maxpool1d")
    func maskThroughConvolution() throws {
        var model = try Sequential([
            .embedding(dim: 2, vocab: 6), .conv1d(filters: 2, kernel: 1, stride: 1, padding: .same, activation: nil),
            .maxPool1d(size: 2), .globalAvgPool,
        ])
        try model.build(sampleShape: [6], seed: 3)
        // Tokens in the first two positions only: the windows over padding are left out,
        // so the result is that of the same weights on the two tokens alone.
        var short = try Sequential(model.specs)
        try short.build(sampleShape: [2], seed: 9)
        short.parameters = model.parameters
        let padded = try model.outputs(for: Tensor(shape: [1, 6], values: [2, 3, 0, 0, 0, 0]))
        let alone = try short.outputs(for: Tensor(shape: [1, 2], values: [2, 3]))
        #expect(padded.scalars == alone.scalars)
        // Without the mask the padding's windows would count: the row of id 0 is not zero.
        #expect(model.parameters[0][0, 0] != 0)
    }

    @Test("layernorm: each row to mean 0 and variance 1 (biased, eps 1e-5), then scale and shift; gradients checked")
    func layerNorm() throws {
        var model = try Sequential([.layerNorm])
        try model.build(sampleShape: [2, 4], seed: 1)
        #expect(model.parameters.map(\.shape) == [[4], [4]])
        model.parameters[0] = Tensor(shape: [4], values: [1, 2, 1, 1])
        model.parameters[1] = Tensor(shape: [4], values: [0, 0, 0, 3])
        let y = try model.outputs(for: Tensor(shape: [1, 2, 4], values: [1, 2, 3, 4, 5, 5, 5, 5]))
        // Row [1, 2, 3, 4]: mean 2.5, variance 1.25.
        let inv = 1 / (1.25 + 1e-5).squareRoot()
        let expected = [-1.5 * inv, -0.5 * inv * 2, 0.5 * inv, 1.5 * inv + 3].map(Float.init)
        for k in 0..<4 { #expect(abs(y[0, 0, k] - expected[k]) < 1e-5) }
        // A constant row normalises to 0: only the shift is left.
        #expect(Array(y.scalars.suffix(4)) == [0, 0, 0, 3])
        var flat = try Sequential([.dense(units: 5, activation: nil), .layerNorm, .dense(units: 2, activation: nil)])
        try flat.build(sampleShape: [3], seed: 2)
        let x = Tensor(uniformShape: [4, 3], seed: 7)
        let frozen = flat
        expectGradientsMatch([x] + flat.parameters, step: 5e-3, tolerance: 3e-2) { tape, v in
            var state = frozen.state
            var random = SeededRandom(seed: 11)
            let out = frozen.forward(
                tape, input: v[0], parameters: Array(v.dropFirst()), state: &state, training: true, random: &random)
            return GradientCheck.weightedSum(tape, out)
        }
    }

    @Test("the spec reads back from JSON with its vocabulary; fit fills an open one")
    func spec() throws {
        let specs: [LayerSpec] = [
            .embedding(dim: 8, vocab: 100),
            .conv1d(filters: 4, kernel: 5, stride: 2, padding: .valid, activation: .relu),
            .maxPool1d(size: 3), .layerNorm, .globalMaxPool, .globalAvgPool,
        ]
        let json = try ModelSpec(layers: specs, sampleShape: [16]).json()
        #expect(json.contains(#""kind":"embedding""#) && json.contains(#""kind":"global_maxpool""#))
        #expect(try ModelSpec(json: json).layers == specs)
        #expect(LayerSpec.embedding(dim: 8, vocab: nil).description == "embedding(8)")
        var open = try Sequential([.embedding(dim: 4, vocab: nil), .globalAvgPool])
        #expect(open.needsVocabulary)
        open.settingVocabulary(50)
        #expect(open.specs[0] == .embedding(dim: 4, vocab: 50) && !open.needsVocabulary)
    }
}
