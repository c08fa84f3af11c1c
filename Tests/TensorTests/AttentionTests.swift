import Foundation
import Testing

@testable import Tensor

/// The fused multi-head attention: its output against a plain triple loop, the mask
/// (masked keys get no weight; a sample with no valid key attends uniformly, as an ONNX
/// graph adding -1e9 does), its gradients against finite differences, and one query
/// attending to itself alone.
@Suite struct AttentionTests {
    /// Attention computed the obvious way, in Double: scores, bias, softmax, weighted sum.
    static func reference(_ qkv: Tensor, heads: Int, mask: Tensor?) -> [Double] {
        let (n, length, width) = (qkv.shape[0], qkv.shape[1], qkv.shape[2])
        let model = width / 3
        let headWidth = model / heads
        func x(_ s: Int, _ i: Int, _ c: Int) -> Double { Double(qkv[s, i, c]) }
        var output = [Double](repeating: 0, count: n * length * model)
        for s in 0..<n {
            for h in 0..<heads {
                let (q, k, v) = (h * headWidth, model + h * headWidth, 2 * model + h * headWidth)
                for i in 0..<length {
                    var scores = (0..<length).map { j in
                        var dot = 0.0
                        for c in 0..<headWidth { dot += x(s, i, q + c) * x(s, j, k + c) }
                        return dot / Double(headWidth).squareRoot() + (mask.map { $0[s, j] == 0 ? -1e9 : 0 } ?? 0)
                    }
                    let top = scores.max()!
                    scores = scores.map { exp($0 - top) }
                    let total = scores.reduce(0, +)
                    for c in 0..<headWidth {
                        var sum = 0.0
                        for j in 0..<length { sum += scores[j] / total * x(s, j, v + c) }
                        output[(s * length + i) * model + h * headWidth + c] = sum
                    }
                }
            }
        }
        return output
    }

    /// Two samples of five positions; the first's last two are padding.
    static let mask = Tensor(shape: [2, 5], values: [1, 1, 1, 0, 0, 1, 1, 1, 1, 1])

    @Test("the output matches a triple loop in Double (N 2, L 5, D 8, 2 heads, a mask); weights sum to 1")
    func matchesTheReference() {
        let qkv = Tensor(uniformShape: [2, 5, 24], seed: 3, low: -2, high: 2)
        for mask in [Self.mask, nil] {
            let (output, probabilities) = Tensor.attentionForward(qkv, heads: 2, mask: mask)
            #expect(output.shape == [2, 5, 8] && probabilities.shape == [2, 2, 5, 5])
            let expected = Self.reference(qkv, heads: 2, mask: mask)
            let worst = zip(output.scalars, expected).map { abs(Double($0) - $1) }.max()!
            #expect(worst < 1e-5, "largest difference \(worst)")
            for row in 0..<20 {
                let total = probabilities.scalars[(row * 5)..<(row * 5 + 5)].reduce(0, +)
                #expect(abs(total - 1) < 1e-5)
            }
        }
        // The tape's op gives the same values.
        let tape = Tape(recording: false)
        let y = tape[tape.multiHeadAttention(tape.constant(qkv), heads: 2, mask: Self.mask)]
        #expect(y.isIdentical(to: Tensor.attentionForward(qkv, heads: 2, mask: Self.mask).output))
    }

    @Test("masked keys get exactly zero weight: their keys and values change no output")
    func maskedKeysAreIgnored() {
        let qkv = Tensor(uniformShape: [2, 5, 24], seed: 4)
        let (output, probabilities) = Tensor.attentionForward(qkv, heads: 2, mask: Self.mask)
        for head in 0..<2 {
            for i in 0..<5 {
                for j in 3..<5 { #expect(probabilities[0, head, i, j] == 0) }
            }
        }
        var changed = qkv
        // Sample 0's padding positions: new keys and values (columns 8..<24).
        for position in 3..<5 {
            for c in 8..<24 { changed[0, position, c] = 100 * Float(c - position) }
        }
        #expect(Tensor.attentionForward(changed, heads: 2, mask: Self.mask).output.isIdentical(to: output))
    }

    @Test("a sample with no valid position attends uniformly (the mean of V), with no NaN")
    func allMaskedAttendsUniformly() {
        let qkv = Tensor(uniformShape: [2, 4, 12], seed: 5)
        let mask = Tensor(shape: [2, 4], values: [1, 1, 0, 1, 0, 0, 0, 0])
        let (output, probabilities) = Tensor.attentionForward(qkv, heads: 2, mask: mask)
        #expect(!output.scalars.contains { $0.isNaN } && !probabilities.scalars.contains { $0.isNaN })
        for c in 0..<4 {
            let mean = (0..<4).map { qkv[1, $0, 8 + c] }.reduce(0, +) / 4
            for i in 0..<4 { #expect(abs(output[1, i, c] - mean) < 1e-5) }
        }
        // The gradient is finite too.
        let g = Tensor(uniformShape: [2, 4, 4], seed: 6)
        let dx = Tensor.attentionBackward(g, qkv: qkv, probabilities: probabilities, heads: 2)
        #expect(dx.shape == [2, 4, 12] && dx.scalars.allSatisfy { $0.isFinite })
    }

    @Test(
        "gradients match finite differences, with and without a mask, 1 and 2 heads",
        arguments: [1, 2], [false, true])
    func gradients(heads: Int, masked: Bool) {
        let qkv = Tensor(uniformShape: [2, 4, 12], seed: 7, low: -1.5, high: 1.5)
        // The first sample's last position and the second's first are padding.
        let mask = masked ? Tensor(shape: [2, 4], values: [1, 1, 1, 0, 0, 1, 1, 1]) : nil
        let mismatch = GradientCheck.firstMismatch([qkv]) { tape, v in
            GradientCheck.weightedSum(tape, tape.multiHeadAttention(v[0], heads: heads, mask: mask))
        }
        #expect(mismatch == nil, "\(mismatch.map(String.init(describing:)) ?? "")")
    }

    @Test("one head over one position: each output is that position's value")
    func singlePositionReturnsV() {
        let qkv = Tensor(uniformShape: [3, 1, 12], seed: 8)
        let (output, probabilities) = Tensor.attentionForward(qkv, heads: 1, mask: nil)
        #expect(probabilities.scalars == [1, 1, 1])
        for s in 0..<3 {
            for c in 0..<4 { #expect(output[s, 0, c] == qkv[s, 0, 8 + c]) }
        }
    }
}
