import Tensor

// The `transformer` layer: a pre-norm encoder block over a sequence [N, L, D], as PyTorch's
// nn.TransformerEncoderLayer(norm_first: true, activation: "gelu", batch_first: true),
// with learned positions added to its input:
//
//   x0 = x + P                                      P [L, D], learned
//   x1 = x0 + Dropout(Attention(LayerNorm(x0)))     heads over D / heads features each,
//                                                   padding masked out of the keys
//   y  = x1 + Dropout(W2 Dropout(GELU(W1 LayerNorm(x1) + b1)) + b2)
//
// Its parameters, in order: P, the first norm's scale and shift, W_qkv [D, 3D] and b_qkv
// (Q | K | V), W_o [D, D] and b_o, the second norm's scale and shift, W1 [D, ff], b1,
// W2 [ff, D], b2.

extension Sequential {
    /// The shapes of a transformer block's parameters over [length, width] samples.
    static func transformerParameterShapes(length: Int, width: Int, feedForward: Int) -> [[Int]] {
        [
            [length, width], [width], [width], [width, 3 * width], [3 * width], [width, width], [width], [width],
            [width], [width, feedForward], [feedForward], [feedForward, width], [width],
        ]
    }

    /// A block's initial parameters: positions N(0, 0.02), as BERT's and GPT's learned
    /// positions; the attention's projections Glorot uniform with zero biases, as PyTorch's
    /// nn.MultiheadAttention; norms scale 1 and shift 0; the feed-forward layers
    /// U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases, as PyTorch's nn.Linear.
    static func transformerParameters(
        length: Int, width: Int, feedForward: Int, _ random: inout SeededRandom
    ) -> [Tensor] {
        var positions = Tensor(zeros: [length, width])
        positions.withUnsafeMutableBufferPointer { out in
            for i in out.indices { out[i] = Float(random.normal() * 0.02) }
        }
        func linear(_ fanIn: Int, _ shape: [Int]) -> Tensor {
            let limit = Float(1 / Double(fanIn).squareRoot())
            return Tensor(uniformShape: shape, low: -limit, high: limit, random: &random)
        }
        func glorot(_ shape: [Int]) -> Tensor {
            let limit = Float((6.0 / Double(shape[0] + shape[1])).squareRoot())
            return Tensor(uniformShape: shape, low: -limit, high: limit, random: &random)
        }
        let ones = Tensor(shape: [width], repeating: 1)
        return [
            positions, ones, Tensor(zeros: [width]),
            glorot([width, 3 * width]), Tensor(zeros: [3 * width]), glorot([width, width]), Tensor(zeros: [width]),
            ones, Tensor(zeros: [width]),
            linear(width, [width, feedForward]), linear(width, [feedForward]),
            linear(feedForward, [feedForward, width]), linear(feedForward, [width]),
        ]
    }

    /// The block over h [N, L, D] with its 13 parameters; `mask` [N, L] marks tokens.
    static func transformerBlock(
        _ tape: Tape, _ h: Variable, parameters p: ArraySlice<Variable>, heads: Int, dropout rate: Double,
        mask: Tensor?, training: Bool, random: inout SeededRandom
    ) -> Variable {
        let p = Array(p)
        let shape = tape[h].shape
        let (n, l) = (shape[0], shape[1])
        // Position-wise linear maps act on the [N * L, D] rows.
        func positionwise(_ x: Variable, _ w: Variable, _ b: Variable) -> Variable {
            let rows = tape.reshape(x, to: [n * l, tape[x].shape[2]])
            let y = tape.linear(rows, w, b)
            return tape.reshape(y, to: [n, l, tape[y].shape[1]])
        }
        func drop(_ x: Variable) -> Variable {
            training && rate > 0 ? tape.dropout(x, rate: Float(rate), random: &random) : x
        }
        let x0 = tape.add(h, p[0])
        let qkv = positionwise(tape.layerNorm(x0, scale: p[1], shift: p[2]), p[3], p[4])
        let attended = tape.multiHeadAttention(qkv, heads: heads, mask: mask)
        let x1 = tape.add(x0, drop(positionwise(attended, p[5], p[6])))
        let inner = drop(tape.gelu(positionwise(tape.layerNorm(x1, scale: p[7], shift: p[8]), p[9], p[10])))
        return tape.add(x1, drop(positionwise(inner, p[11], p[12])))
    }
}
