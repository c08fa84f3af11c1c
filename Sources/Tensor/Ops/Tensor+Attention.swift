// Multi-head scaled dot-product self-attention, fused: one op from the projected
// queries, keys and values to the heads' outputs, as PyTorch's
// F.scaled_dot_product_attention or an ONNX graph of MatMul, Div, Add, Softmax, MatMul.
// The input is one tensor [N, L, 3D] holding Q | K | V along its last axis (what one
// dense layer of 3D outputs gives), so each head's Q, K and V are strided views of it:
// the products run through BLAS on those views (a leading dimension of 3D) and no head
// is copied out. Each (sample, head) pair is a few small GEMMs, run in turn; at training
// sizes the softmax's exp costs more than they do.

extension Tensor {
    /// What a masked key adds to its score. Finite, not -inf, as an ONNX graph that adds
    /// -1e9 has it: a sample with no valid key then attends uniformly instead of giving NaN.
    static let attentionMaskBias: Float = -1e9

    /// Self-attention of qkv [N, L, 3D] (Q, K and V side by side; D = heads * dh) with
    /// keys masked where mask [N, L] is 0 (nil keeps every key): the heads' outputs side
    /// by side, [N, L, D], and each head's attention weights [N, heads, L, L] (row i:
    /// query i's softmax over the keys j), which the backward pass needs.
    static func attentionForward(_ qkv: Tensor, heads: Int, mask: Tensor?) -> (output: Tensor, probabilities: Tensor) {
        let (n, length, width) = (qkv.shape[0], qkv.shape[1], qkv.shape[2])
        let model = width / 3
        let headWidth = model / Swift.max(heads, 1)
        // 1/sqrt(dh) keeps the scores' variance near 1 whatever the head's width, so the
        // softmax does not saturate (Vaswani et al.); applied as the first GEMM's alpha.
        let scale = 1 / Float(headWidth).squareRoot()
        var output = Tensor(uninitializedShape: [n, length, model])
        var probabilities = Tensor(uninitializedShape: [n, heads, length, length])
        guard output.count > 0 && probabilities.count > 0 else {
            return (Tensor(zeros: [n, length, model]), Tensor(zeros: [n, heads, length, length]))
        }
        // The additive bias of each key: 0 where kept, -1e9 where masked.
        let bias = mask.map { mask in mask.withUnsafeBufferPointer { $0.map { $0 == 0 ? attentionMaskBias : 0 } } }
        qkv.withUnsafeBufferPointer { xBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                probabilities.withUnsafeMutableBufferPointer { pBuffer in
                    (bias ?? []).withUnsafeBufferPointer { biasBuffer in
                        let (x, out, p) = (xBuffer.baseAddress!, outBuffer.baseAddress!, pBuffer.baseAddress!)
                        let keyBias = bias == nil ? nil : biasBuffer.baseAddress
                        // Samples are independent and write their own rows: half the batch on
                        // each core (the products are too small for BLAS's own threads).
                        SampleChunks.run(batch: n) { _, samples in
                            for sample in samples {
                                let rows = x + sample &* length &* width
                                for head in 0..<heads {
                                    let q = rows + head &* headWidth
                                    let k = q + model
                                    let v = q + 2 &* model
                                    let weights = p + (sample &* heads &+ head) &* length &* length
                                    // scores = Q_h K_hᵀ / sqrt(dh), L x L.
                                    gemm(
                                        q, transposed: false, lda: width, k, transposed: true, ldb: width,
                                        into: weights, ldc: length, m: length, n: length, k: headWidth,
                                        alpha: scale, beta: 0)
                                    softmaxRows(weights, bias: keyBias.map { $0 + sample &* length }, length: length)
                                    // out_h = P V_h, written into the head's columns of the output.
                                    gemm(
                                        weights, transposed: false, lda: length, v, transposed: false, ldb: width,
                                        into: out + (sample &* length &* model &+ head &* headWidth), ldc: model,
                                        m: length, n: headWidth, k: length, alpha: 1, beta: 0)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (output, probabilities)
    }

    /// The gradient of qkv [N, L, 3D] from the output's gradient g [N, L, D] and the
    /// forward pass's weights. The mask needs no second look: a masked key's weight is
    /// exactly 0, so its score gets no gradient through P ⊙ (dP - rowsum(dP ⊙ P)).
    static func attentionBackward(_ g: Tensor, qkv: Tensor, probabilities: Tensor, heads: Int) -> Tensor {
        let (n, length, width) = (qkv.shape[0], qkv.shape[1], qkv.shape[2])
        let model = width / 3
        let headWidth = model / Swift.max(heads, 1)
        let scale = 1 / Float(headWidth).squareRoot()
        // Every element is written: each (sample, head) covers its own columns of Q, K and V.
        var result = Tensor(uninitializedShape: qkv.shape)
        guard result.count > 0 && probabilities.count > 0 else { return Tensor(zeros: qkv.shape) }
        // dP, then dS in place: one head's L x L at a time, one buffer per chunk of samples.
        var scratch = Tensor(uninitializedShape: [SampleChunks.count, length, length])
        g.withUnsafeBufferPointer { gBuffer in
            qkv.withUnsafeBufferPointer { xBuffer in
                probabilities.withUnsafeBufferPointer { pBuffer in
                    result.withUnsafeMutableBufferPointer { dxBuffer in
                        scratch.withUnsafeMutableBufferPointer { dsBuffer in
                            let (g, x, p) = (gBuffer.baseAddress!, xBuffer.baseAddress!, pBuffer.baseAddress!)
                            let (dx, scratch) = (dxBuffer.baseAddress!, dsBuffer.baseAddress!)
                            SampleChunks.run(batch: n) { chunk, samples in
                                let ds = scratch + chunk &* length &* length
                                for sample in samples {
                                    let rows = sample &* length &* width
                                    for head in 0..<heads {
                                        let (q, dq) = (
                                            x + (rows &+ head &* headWidth), dx + (rows &+ head &* headWidth)
                                        )
                                        let (k, dk) = (q + model, dq + model)
                                        let (v, dv) = (q + 2 &* model, dq + 2 &* model)
                                        let gh = g + (sample &* length &* model &+ head &* headWidth)
                                        let weights = p + (sample &* heads &+ head) &* length &* length
                                        // dV_h = Pᵀ g_h.
                                        gemm(
                                            weights, transposed: true, lda: length, gh, transposed: false, ldb: model,
                                            into: dv, ldc: width, m: length, n: headWidth, k: length, alpha: 1, beta: 0)
                                        // dP = g_h V_hᵀ.
                                        gemm(
                                            gh, transposed: false, lda: model, v, transposed: true, ldb: width,
                                            into: ds, ldc: length, m: length, n: length, k: headWidth, alpha: 1, beta: 0
                                        )
                                        // dS = P ⊙ (dP - rowsum(dP ⊙ P)): the softmax's backward, row by row.
                                        for i in 0..<length {
                                            let (pi, di) = (weights + i &* length, ds + i &* length)
                                            var dot: Float = 0
                                            for j in 0..<length { dot += di[j] * pi[j] }
                                            for j in 0..<length { di[j] = pi[j] * (di[j] - dot) }
                                        }
                                        // dQ_h = dS K_h / sqrt(dh); dK_h = dSᵀ Q_h / sqrt(dh).
                                        gemm(
                                            ds, transposed: false, lda: length, k, transposed: false, ldb: width,
                                            into: dq, ldc: width, m: length, n: headWidth, k: length,
                                            alpha: scale, beta: 0)
                                        gemm(
                                            ds, transposed: true, lda: length, q, transposed: false, ldb: width,
                                            into: dk, ldc: width, m: length, n: headWidth, k: length,
                                            alpha: scale, beta: 0)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Each row of the L x L scores, plus the keys' biases when there are some, replaced by
    /// its softmax (shifted by the row's maximum, so it cannot overflow).
    @inline(__always)
    private static func softmaxRows(_ s: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?, length: Int) {
        for i in 0..<length {
            let row = s + i &* length
            if let bias { for j in 0..<length { row[j] += bias[j] } }
            var m = row[0]
            for j in 1..<length { m = Swift.max(m, row[j]) }
            var total: Float = 0
            for j in 0..<length {
                let e = _expf(row[j] - m)
                row[j] = e
                total += e
            }
            let inv = 1 / total
            for j in 0..<length { row[j] *= inv }
        }
    }
}
