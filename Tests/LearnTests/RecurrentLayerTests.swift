import Foundation
import Tensor
import Testing

@testable import Learn

/// `lstm` and `gru`: outputs and gradients against PyTorch on fixed weights (the fixtures
/// Fixtures/make_torch_reference.py wrote with torch), gradients against finite
/// differences, padding, shapes and the spec's JSON.
@Suite struct RecurrentLayerTests {
    struct Case {
        var cell: RecurrentCell
        var bidirectional: Bool
        var sequences: Bool
        var shape: [Int]
        var units: Int
        var lengths: [Int]
        var x: [Float]
        var weights: [[Float]]
        var lossWeights: [Float]
        var y: [Float]
        var yShape: [Int]
        var dx: [Float]
        var dweights: [[Float]]

        var label: String {
            "\(cell.rawValue) bidirectional \(bidirectional) sequences \(sequences) lengths \(lengths)"
        }

        /// 1 for a token, 0 for padding: the first `lengths[n]` positions of sequence n.
        var mask: Tensor {
            let (n, l) = (shape[0], shape[1])
            return Tensor(shape: [n, l], values: (0..<(n * l)).map { ($0 % l) < lengths[$0 / l] ? 1 : 0 })
        }

        var weightShapes: [[Int]] {
            let rows = cell.gates * units
            let one = [[rows, shape[2]], [rows, units], [rows], [rows]]
            return bidirectional ? one + one : one
        }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/torch_reference.json")
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let list = root["recurrent"] as? [[String: Any]]
        else { return [] }
        func floats(_ value: Any?) -> [Float] { (value as? [Double] ?? []).map(Float.init) }
        return list.map { c in
            Case(
                cell: RecurrentCell(rawValue: c["cell"] as? String ?? "") ?? .lstm,
                bidirectional: c["bidirectional"] as? Bool ?? false, sequences: c["sequences"] as? Bool ?? false,
                shape: c["shape"] as? [Int] ?? [], units: c["units"] as? Int ?? 0,
                lengths: c["lengths"] as? [Int] ?? [],
                x: floats(c["x"]), weights: (c["weights"] as? [Any] ?? []).map(floats),
                lossWeights: floats(c["loss_weights"]), y: floats(c["y"]), yShape: c["y_shape"] as? [Int] ?? [],
                dx: floats(c["dx"]), dweights: (c["dweights"] as? [Any] ?? []).map(floats))
        }
    }()

    static func close(_ got: [Float], _ expected: [Float], _ what: String, _ label: String) {
        #expect(got.count == expected.count, "\(label): \(what) has \(got.count) values, PyTorch \(expected.count)")
        let worst = zip(got, expected).map { abs($0 - $1) / Swift.max(1, abs($1)) }.max() ?? 0
        #expect(worst < 2e-5, "\(label): \(what) differs from PyTorch by \(worst)")
    }

    @Test("the fixtures are there: four settings of each cell, with and without padding")
    func fixturesLoad() {
        #expect(Self.cases.count == 10)
        #expect(Set(Self.cases.map(\.cell)) == [.lstm, .gru])
    }

    @Test("outputs and gradients agree with PyTorch's nn.LSTM and nn.GRU", arguments: 0..<10)
    func agreesWithPyTorch(index: Int) throws {
        try #require(index < Self.cases.count)
        let c = Self.cases[index]
        let tape = Tape()
        let x = tape.parameter(Tensor(shape: c.shape, values: c.x))
        let weights = zip(c.weights, c.weightShapes).map { tape.parameter(Tensor(shape: $1, values: $0)) }
        let padded = c.lengths.contains { $0 < c.shape[1] }
        let y = tape.recurrent(
            x, weights: weights, cell: c.cell, units: c.units, bidirectional: c.bidirectional, sequences: c.sequences,
            mask: padded ? c.mask : nil)
        #expect(tape[y].shape == c.yShape, "\(c.label)")
        Self.close(tape[y].scalars, c.y, "the output", c.label)
        tape.backward(from: tape.sum(tape.mul(y, tape.constant(Tensor(shape: c.yShape, values: c.lossWeights)))))
        Self.close(tape.gradient(of: x)?.scalars ?? [], c.dx, "the input's gradient", c.label)
        let names = ["W_ih", "W_hh", "b_ih", "b_hh"]
        for (k, weight) in weights.enumerated() {
            Self.close(
                tape.gradient(of: weight)?.scalars ?? [], c.dweights[k], "\(names[k % 4])'s gradient", c.label)
        }
    }

    @Test(
        "gradients agree with finite differences, with padding",
        arguments: [RecurrentCell.lstm, .gru], [false, true])
    func gradients(cell: RecurrentCell, bidirectional: Bool) throws {
        var random = SeededRandom(seed: 7)
        let (n, l, d, h) = (2, 4, 3, 2)
        let x = Tensor(uniformShape: [n, l, d], low: -1, high: 1, random: &random)
        let rows = cell.gates * h
        let one = [[rows, d], [rows, h], [rows], [rows]]
        let weights = (bidirectional ? one + one : one).map {
            Tensor(uniformShape: $0, low: -0.8, high: 0.8, random: &random)
        }
        // Padding at the end (rows computed longest first) and padding inside a sequence
        // (rows computed one by one).
        let ends = Tensor(shape: [n, l], values: [1, 1, 0, 0, 1, 1, 1, 1])
        let inside = Tensor(shape: [n, l], values: [1, 0, 1, 1, 0, 1, 1, 0])
        for (sequences, mask) in [(false, ends), (true, ends), (false, inside), (true, inside)] {
            let mismatch = GradientCheck.firstMismatch([x] + weights) { tape, leaves in
                let y = tape.recurrent(
                    leaves[0], weights: Array(leaves.dropFirst()), cell: cell, units: h,
                    bidirectional: bidirectional, sequences: sequences, mask: mask)
                return GradientCheck.weightedSum(tape, y)
            }
            #expect(mismatch == nil, "\(cell.rawValue) sequences \(sequences): \(mismatch.map { "\($0)" } ?? "")")
        }
    }

    @Test("padding: the final state is the one after the last token; padded positions output zeros")
    func padding() throws {
        var model = try Sequential([
            .embedding(dim: 3, vocab: 6), .recurrent(.gru, units: 2, sequences: true, bidirectional: false),
        ])
        try model.build(sampleShape: [5], seed: 3)
        let padded = try model.outputs(for: Tensor(shape: [1, 5], values: [4, 2, 5, 0, 0]))
        for k in 0..<2 {
            #expect(padded[0, 3, k] == 0 && padded[0, 4, k] == 0)
        }
        var final = try Sequential([
            .embedding(dim: 3, vocab: 6), .recurrent(.lstm, units: 2, sequences: false, bidirectional: true),
        ])
        try final.build(sampleShape: [5], seed: 3)
        var trimmed = try Sequential([
            .embedding(dim: 3, vocab: 6), .recurrent(.lstm, units: 2, sequences: false, bidirectional: true),
        ])
        try trimmed.build(sampleShape: [3], seed: 3)
        trimmed.parameters = final.parameters
        let a = try final.outputs(for: Tensor(shape: [1, 5], values: [4, 2, 5, 0, 0]))
        let b = try trimmed.outputs(for: Tensor(shape: [1, 3], values: [4, 2, 5]))
        for k in 0..<4 { #expect(abs(a[0, k] - b[0, k]) < 1e-6, "unit \(k): \(a[0, k]) vs \(b[0, k]) without padding") }
    }

    @Test("shapes, a layer that is not after a sequence, summary text and JSON")
    func shapesAndSpec() throws {
        let bi = LayerSpec.recurrent(.lstm, units: 4, sequences: true, bidirectional: true)
        var model = try Sequential([
            .embedding(dim: 3, vocab: 10), bi, .recurrent(.gru, units: 2, sequences: false, bidirectional: false),
        ])
        try model.build(sampleShape: [6], seed: 1)
        #expect(model.layers.map(\.outputShape) == [[6, 3], [6, 8], [2]])
        #expect(
            model.parameters.map(\.shape).dropFirst() == [
                [16, 3], [16, 4], [16], [16], [16, 3], [16, 4], [16], [16], [6, 8], [6, 2], [6], [6],
            ])
        #expect(bi.description == "lstm(4, sequences: true, bidirectional: true)")
        #expect(LayerSpec.recurrent(.gru, units: 8, sequences: false, bidirectional: false).description == "gru(8)")
        let json = try JSONEncoder().encode([bi])
        #expect(try JSONDecoder().decode([LayerSpec].self, from: json) == [bi])
        #expect(String(decoding: json, as: UTF8.self).contains("\"kind\":\"lstm\""))
        do {
            var flat = try Sequential([
                .dense(units: 4, activation: nil), .recurrent(.lstm, units: 2, sequences: false, bidirectional: false),
            ])
            try flat.build(sampleShape: [3], seed: 1)
            Issue.record("an lstm after dense was built")
        } catch {
            #expect("\(error)".contains("lstm takes sequences"), "\(error)")
        }
        // PyTorch's initialisation bounds: U(-1/sqrt(units), 1/sqrt(units)).
        let bound = Float(1 / 4.0.squareRoot())
        #expect(model.parameters[1].scalars.allSatisfy { abs($0) <= bound })
        #expect(model.parameters[1].scalars.contains { abs($0) > bound * 0.8 })
    }

    @Test("deterministic for a seed")
    func deterministic() throws {
        func outputs() throws -> [Float] {
            var model = try Sequential([
                .embedding(dim: 4, vocab: 9), .recurrent(.lstm, units: 3, sequences: false, bidirectional: true),
            ])
            try model.build(sampleShape: [4], seed: 11)
            return try model.outputs(for: Tensor(shape: [2, 4], values: [3, 4, 5, 0, 8, 7, 0, 0])).scalars
        }
        #expect(try outputs() == outputs())
    }
}
