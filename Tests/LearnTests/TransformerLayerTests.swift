import Foundation
import Tensor
import Testing

@testable import Learn

/// `transformer`: the block's outputs and gradients against PyTorch's
/// nn.TransformerEncoderLayer on fixed weights (Fixtures/torch_reference.json), gradients
/// against finite differences, padding, shapes, errors and the spec's JSON.
@Suite struct TransformerLayerTests {
    struct Case {
        var shape: [Int]
        var heads: Int
        var feedForward: Int
        var lengths: [Int]
        var x: [Float]
        var weights: [[Float]]
        var lossWeights: [Float]
        var y: [Float]
        var dx: [Float]
        var dweights: [[Float]]

        var mask: Tensor {
            let (n, l) = (shape[0], shape[1])
            return Tensor(shape: [n, l], values: (0..<(n * l)).map { ($0 % l) < lengths[$0 / l] ? 1 : 0 })
        }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/torch_reference.json")
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let list = root["transformer"] as? [[String: Any]]
        else { return [] }
        func floats(_ value: Any?) -> [Float] { (value as? [Double] ?? []).map(Float.init) }
        return list.map { c in
            Case(
                shape: c["shape"] as? [Int] ?? [], heads: c["heads"] as? Int ?? 1, feedForward: c["ff"] as? Int ?? 1,
                lengths: c["lengths"] as? [Int] ?? [], x: floats(c["x"]),
                weights: (c["weights"] as? [Any] ?? []).map(floats),
                lossWeights: floats(c["loss_weights"]), y: floats(c["y"]), dx: floats(c["dx"]),
                dweights: (c["dweights"] as? [Any] ?? []).map(floats))
        }
    }()

    static let names = [
        "positions", "norm1 scale", "norm1 shift", "W_qkv", "b_qkv", "W_o", "b_o", "norm2 scale", "norm2 shift", "W1",
        "b1", "W2", "b2",
    ]

    static func close(_ got: [Float], _ expected: [Float], _ what: String, _ index: Int) {
        #expect(
            got.count == expected.count, "case \(index): \(what) has \(got.count) values, PyTorch \(expected.count)")
        let worst = zip(got, expected).map { abs($0 - $1) / Swift.max(1, abs($1)) }.max() ?? 0
        #expect(worst < 5e-5, "case \(index): \(what) differs from PyTorch by \(worst)")
    }

    @Test("outputs and gradients agree with PyTorch's nn.TransformerEncoderLayer(norm_first, gelu)", arguments: 0..<3)
    func agreesWithPyTorch(index: Int) throws {
        try #require(Self.cases.count == 3)
        let c = Self.cases[index]
        let (l, d) = (c.shape[1], c.shape[2])
        let shapes = Sequential.transformerParameterShapes(length: l, width: d, feedForward: c.feedForward)
        let tape = Tape()
        let x = tape.parameter(Tensor(shape: c.shape, values: c.x))
        let weights = zip(c.weights, shapes).map { tape.parameter(Tensor(shape: $1, values: $0)) }
        var random = SeededRandom(seed: 1)
        let padded = c.lengths.contains { $0 < l }
        let y = Sequential.transformerBlock(
            tape, x, parameters: weights[...], heads: c.heads, dropout: 0.1, mask: padded ? c.mask : nil,
            training: false, random: &random)
        Self.close(tape[y].scalars, c.y, "the output", index)
        tape.backward(from: tape.sum(tape.mul(y, tape.constant(Tensor(shape: c.shape, values: c.lossWeights)))))
        Self.close(tape.gradient(of: x)?.scalars ?? [], c.dx, "the input's gradient", index)
        for (k, weight) in weights.enumerated() {
            Self.close(tape.gradient(of: weight)?.scalars ?? [], c.dweights[k], Self.names[k] + "'s gradient", index)
        }
    }

    @Test("gradients agree with finite differences, with padding")
    func gradients() throws {
        var random = SeededRandom(seed: 5)
        let (n, l, d, ff) = (2, 3, 4, 6)
        let shapes = Sequential.transformerParameterShapes(length: l, width: d, feedForward: ff)
        let inputs = ([[n, l, d]] + shapes).map { Tensor(uniformShape: $0, low: -0.7, high: 0.7, random: &random) }
        let mask = Tensor(shape: [n, l], values: [1, 1, 0, 1, 1, 1])
        let mismatch = GradientCheck.firstMismatch(inputs) { tape, leaves in
            var unused = SeededRandom(seed: 1)
            let y = Sequential.transformerBlock(
                tape, leaves[0], parameters: leaves.dropFirst(), heads: 2, dropout: 0, mask: mask, training: false,
                random: &unused)
            return GradientCheck.weightedSum(tape, y)
        }
        #expect(mismatch == nil, "\(mismatch.map { "\($0)" } ?? "")")
    }

    @Test("padding: a padded position's content changes nothing at the tokens")
    func padding() throws {
        var model = try Sequential([
            .embedding(dim: 8, vocab: 12), .transformer(heads: 2, feedForward: nil, dropout: 0.1), .globalAvgPool,
        ])
        try model.build(sampleShape: [5], seed: 3)
        // The same tokens, padded; padding's row of the table is what changes.
        let before = try model.outputs(for: Tensor(shape: [1, 5], values: [4, 9, 3, 0, 0]))
        model.parameters[0].withUnsafeMutableBufferPointer { table in for k in 0..<8 { table[k] += 5 } }
        let after = try model.outputs(for: Tensor(shape: [1, 5], values: [4, 9, 3, 0, 0]))
        for k in 0..<8 { #expect(abs(before[0, k] - after[0, k]) < 1e-5, "feature \(k)") }
        // A message of padding only gives numbers, not NaN.
        let empty = try model.outputs(for: Tensor(zeros: [1, 5]))
        #expect(empty.scalars.allSatisfy { $0.isFinite })
    }

    @Test("shapes, parameters, a width not divisible by heads, summary text and JSON")
    func shapesAndSpec() throws {
        let block = LayerSpec.transformer(heads: 4, feedForward: nil, dropout: 0.1)
        var model = try Sequential([.embedding(dim: 16, vocab: 30), block, .globalMaxPool])
        try model.build(sampleShape: [10], seed: 1)
        #expect(model.layers.map(\.outputShape) == [[10, 16], [10, 16], [16]])
        #expect(
            Array(model.parameters.dropFirst().map(\.shape))
                == Sequential.transformerParameterShapes(length: 10, width: 16, feedForward: 64))
        #expect(block.description == "transformer(4)")
        #expect(
            LayerSpec.transformer(heads: 2, feedForward: 32, dropout: 0).description
                == "transformer(2, ff: 32, dropout: 0)")
        let json = try JSONEncoder().encode([block])
        #expect(try JSONDecoder().decode([LayerSpec].self, from: json) == [block])
        do {
            var odd = try Sequential([
                .embedding(dim: 10, vocab: 30), .transformer(heads: 3, feedForward: nil, dropout: 0),
            ])
            try odd.build(sampleShape: [4], seed: 1)
            Issue.record("a width of 10 split into 3 heads was built")
        } catch {
            #expect("\(error)".contains("not divisible by heads: 3"), "\(error)")
        }
        #expect(throws: ModelError.self) {
            try Sequential([.transformer(heads: 2, feedForward: nil, dropout: 1.5)])
        }
    }

    @Test("deterministic for a seed, dropout included")
    func deterministic() throws {
        func trained() throws -> [Float] {
            var model = try Sequential([
                .embedding(dim: 8, vocab: 10), .transformer(heads: 2, feedForward: nil, dropout: 0.3), .globalAvgPool,
                .dense(units: 2, activation: nil),
            ])
            var random = SeededRandom(seed: 2)
            let ids = Tensor(shape: [8, 4], values: (0..<32).map { _ in Float(random.int(below: 10)) })
            let data = try Samples(features: ids, targets: .classes((0..<8).map { Int32($0 % 2) }, count: 2))
            _ = try Trainer.fit(&model, on: data, options: FitOptions(epochs: 2, batchSize: 4, seed: 9))
            return model.parameters.flatMap(\.scalars)
        }
        #expect(try trained() == trained())
    }
}
