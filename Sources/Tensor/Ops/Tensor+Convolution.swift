// 2-D convolution (cross-correlation, as in every deep-learning library) by im2col and
// matrix products, in one of two ways chosen per layer:
//
// - Per sample, when one sample's product (filters x patch x positions multiply-adds)
//   is below OpenBLAS's threshold for threading a call (262,144): each sample's GEMM
//   writes straight into its NCHW slot, and the batch's two sample chunks run on
//   separate threads, each calling OpenBLAS single-threaded. Small layers run best so.
// - Batched, for larger layers: every sample's columns side by side in one matrix and
//   one GEMM for the whole batch, so the weights are packed once per call rather than
//   once per sample and OpenBLAS's own threads share the product. Per-sample calls that
//   large would each start OpenBLAS's threads from both chunk threads at once, which
//   then wait on each other. The unfold, fold and layout passes still run in chunks.
extension Tensor {
    /// Convolves an NCHW `input` with `weight` [F, C, KH, KW] (square kernels) and adds
    /// `bias` [F] when given, then applies ReLU when `relu` (fused into a pass over the
    /// output). Returns the output [N, F, OH, OW] and the im2col matrices the backward
    /// pass reuses (laid out as `ConvolutionGeometry.batchesProduct` says).
    static func conv2dForward(
        input: Tensor, weight: Tensor, bias: Tensor?, relu: Bool = false,
        geometry g: ConvolutionGeometry
    ) -> (output: Tensor, columns: Tensor) {
        precondition(weight.shape == g.weightShape, "conv2d weight \(weight.shape), expected \(g.weightShape)")
        return g.batchesProduct
            ? conv2dForwardBatched(input: input, weight: weight, bias: bias, relu: relu, geometry: g)
            : conv2dForwardPerSample(input: input, weight: weight, bias: bias, relu: relu, geometry: g)
    }

    /// The gradients of `conv2dForward` given the output gradient [N, F, OH, OW]:
    /// (input gradient or nil when not wanted, weight gradient, bias gradient). Pass the
    /// forward `output` when it was computed with `relu`: the gradient is then zeroed
    /// where the output is not positive, as ReLU's backward does.
    static func conv2dBackward(
        outputGradient: Tensor, output: Tensor? = nil, weight: Tensor, columns: Tensor,
        geometry g: ConvolutionGeometry, wantInput: Bool
    )
        -> (input: Tensor?, weight: Tensor, bias: Tensor)
    {
        g.batchesProduct
            ? conv2dBackwardBatched(
                outputGradient: outputGradient, output: output, weight: weight, columns: columns,
                geometry: g, wantInput: wantInput)
            : conv2dBackwardPerSample(
                outputGradient: outputGradient, output: output, weight: weight, columns: columns,
                geometry: g, wantInput: wantInput)
    }

    /// Per sample: the columns are [N, C*KH*KW, OH*OW].
    static func conv2dForwardPerSample(
        input: Tensor, weight: Tensor, bias: Tensor?, relu: Bool,
        geometry g: ConvolutionGeometry
    ) -> (output: Tensor, columns: Tensor) {
        precondition(weight.shape == g.weightShape, "conv2d weight \(weight.shape), expected \(g.weightShape)")
        let plane = g.outputPlane, patch = g.patchSize
        let columns = Tensor(uninitializedShape: [g.batch, patch, plane])
        let output = Tensor(uninitializedShape: g.outputShape)
        let src = input.storage.base, cols = columns.storage.base, dst = output.storage.base
        let w = weight.storage.base, b = bias?.storage.base
        let inputPlane = g.channels * g.height * g.width
        SampleChunks.run(batch: g.batch) { _, samples in
            for n in samples {
                let sampleColumns = cols + n * patch * plane
                let out = dst + n * g.filters * plane
                g.im2col(sample: src + n * inputPlane, into: sampleColumns, rowStride: plane)
                gemm(
                    w, transposed: false, sampleColumns, transposed: false,
                    into: out, m: g.filters, n: plane, k: patch, beta: 0)
                // Bias and ReLU in one pass over the sample's output, still in cache.
                for f in 0..<g.filters {
                    let row = out + f &* plane, shift = b?[f] ?? 0
                    if relu {
                        for i in 0..<plane { let v = row[i] + shift; row[i] = v > 0 ? v : 0 }
                    } else if b != nil {
                        for i in 0..<plane { row[i] += shift }
                    }
                }
            }
        }
        withExtendedLifetime((input, weight, bias)) {}
        return (output, columns)
    }

    /// Per sample.
    static func conv2dBackwardPerSample(
        outputGradient: Tensor, output: Tensor?, weight: Tensor, columns: Tensor,
        geometry g: ConvolutionGeometry, wantInput: Bool
    )
        -> (input: Tensor?, weight: Tensor, bias: Tensor)
    {
        let plane = g.outputPlane, patch = g.patchSize, filters = g.filters
        let weightCount = filters * patch
        let chunks = SampleChunks.chunkCount(batch: g.batch)
        let cols = columns.storage.base
        // The weights transposed once, so the input-gradient GEMMs are plain NN products.
        let weightT = Tensor(uninitializedShape: [patch, filters])
        let w = weightT.storage.base
        for f in 0..<filters { for k in 0..<patch { w[k * filters + f] = weight.storage.base[f * patch + k] } }
        // With a fused ReLU, each chunk masks its samples' gradients into this copy.
        let masked = output.map { _ in Tensor(uninitializedShape: outputGradient.shape) }
        let rawGradient = outputGradient.storage.base, y = output?.storage.base
        let grad = masked?.storage.base ?? rawGradient
        // Per-sample bias sums, added over samples in order afterwards.
        let sampleBias = Tensor(uninitializedShape: [g.batch, filters])
        let sb = sampleBias.storage.base

        // Each chunk sums its samples' weight gradients into its own slice; the slices
        // are then added in chunk order, so the result does not depend on timing. Zeroed
        // for an empty batch, which runs no GEMM.
        let partials = Tensor(zeros: [chunks, weightCount])
        // Zeroed per sample by its chunk, just before col2im adds into it.
        let inputGradient = wantInput ? Tensor(uninitializedShape: [g.batch, g.channels, g.height, g.width]) : nil
        let columnGradients = wantInput ? Tensor(uninitializedShape: [chunks, patch, plane]) : nil
        let p = partials.storage.base
        let dx = inputGradient?.storage.base, dcols = columnGradients?.storage.base
        let inputPlane = g.channels * g.height * g.width
        SampleChunks.run(batch: g.batch) { chunk, samples in
            let partial = p + chunk * weightCount
            for n in samples {
                let sampleGradient = grad + n * filters * plane
                if let y {
                    let from = rawGradient + n * filters * plane, out = y + n * filters * plane
                    for i in 0..<(filters &* plane) { sampleGradient[i] = out[i] > 0 ? from[i] : 0 }
                }
                for f in 0..<filters {
                    sb[n * filters + f] = Tensor.sum(sampleGradient + f * plane, count: plane)
                }
                let sampleColumns = cols + n * patch * plane
                gemm(
                    sampleGradient, transposed: false, sampleColumns, transposed: true,
                    into: partial, m: filters, n: patch, k: plane, beta: n == samples.lowerBound ? 0 : 1)
                if let dx, let dcols {
                    let scratch = dcols + chunk * patch * plane
                    gemm(
                        w, transposed: false, sampleGradient, transposed: false,
                        into: scratch, m: patch, n: plane, k: filters, beta: 0)
                    (dx + n * inputPlane).update(repeating: 0, count: inputPlane)
                    g.col2im(sample: scratch, into: dx + n * inputPlane, rowStride: plane)
                }
            }
        }
        let biasGradient = Tensor(zeros: [filters])
        let bg = biasGradient.storage.base
        for n in 0..<g.batch { for f in 0..<filters { bg[f] += sb[n * filters + f] } }
        let weightGradient = Tensor(uninitializedShape: g.weightShape)
        let wg = weightGradient.storage.base
        wg.update(from: p, count: weightCount)
        for chunk in 1..<chunks {
            let partial = p + chunk * weightCount
            for i in 0..<weightCount { wg[i] += partial[i] }
        }
        withExtendedLifetime((outputGradient, output, weight, weightT, columns, masked, sampleBias)) {}
        withExtendedLifetime((partials, columnGradients)) {}
        return (inputGradient, weightGradient, biasGradient)
    }

    /// Batched: the columns are [C*KH*KW, N*OH*OW], sample n's at n*OH*OW.
    static func conv2dForwardBatched(
        input: Tensor, weight: Tensor, bias: Tensor?, relu: Bool,
        geometry g: ConvolutionGeometry
    ) -> (output: Tensor, columns: Tensor) {
        let plane = g.outputPlane, patch = g.patchSize, filters = g.filters
        let wide = g.batch * plane
        let columns = Tensor(uninitializedShape: [patch, wide])
        let product = Tensor(uninitializedShape: [filters, wide])
        let output = Tensor(uninitializedShape: g.outputShape)
        let src = input.storage.base, cols = columns.storage.base, dst = output.storage.base
        let w = weight.storage.base, b = bias?.storage.base, y = product.storage.base
        let inputPlane = g.channels * g.height * g.width
        SampleChunks.run(batch: g.batch) { _, samples in
            for n in samples { g.im2col(sample: src + n * inputPlane, into: cols + n * plane, rowStride: wide) }
        }
        gemm(w, transposed: false, cols, transposed: false, into: y, m: filters, n: wide, k: patch, beta: 0)
        // [F, N*L] to [N, F, L], with the bias and ReLU on the way.
        SampleChunks.run(batch: g.batch) { _, samples in
            for n in samples {
                for f in 0..<filters {
                    let from = y + (f &* wide &+ n &* plane), row = dst + (n &* filters &+ f) &* plane
                    let shift = b?[f] ?? 0
                    if relu {
                        for i in 0..<plane { let v = from[i] + shift; row[i] = v > 0 ? v : 0 }
                    } else if b != nil {
                        for i in 0..<plane { row[i] = from[i] + shift }
                    } else {
                        row.update(from: from, count: plane)
                    }
                }
            }
        }
        withExtendedLifetime((input, weight, bias, product)) {}
        return (output, columns)
    }

    /// Batched.
    static func conv2dBackwardBatched(
        outputGradient: Tensor, output: Tensor?, weight: Tensor, columns: Tensor,
        geometry g: ConvolutionGeometry, wantInput: Bool
    )
        -> (input: Tensor?, weight: Tensor, bias: Tensor)
    {
        let plane = g.outputPlane, patch = g.patchSize, filters = g.filters
        let wide = g.batch * plane
        let cols = columns.storage.base
        // The output gradient as [F, N*L], masked by the fused ReLU, beside the
        // per-sample bias sums (added over samples in order afterwards).
        let gathered = Tensor(uninitializedShape: [filters, wide])
        let sampleBias = Tensor(uninitializedShape: [g.batch, filters])
        let raw = outputGradient.storage.base, y = output?.storage.base
        let gw = gathered.storage.base, sb = sampleBias.storage.base
        SampleChunks.run(batch: g.batch) { _, samples in
            for n in samples {
                for f in 0..<filters {
                    let from = raw + (n &* filters &+ f) &* plane, to = gw + (f &* wide &+ n &* plane)
                    if let y {
                        let out = y + (n &* filters &+ f) &* plane
                        for i in 0..<plane { to[i] = out[i] > 0 ? from[i] : 0 }
                    } else {
                        to.update(from: from, count: plane)
                    }
                    sb[n &* filters &+ f] = Tensor.sum(to, count: plane)
                }
            }
        }
        let biasGradient = Tensor(zeros: [filters])
        let bg = biasGradient.storage.base
        for n in 0..<g.batch { for f in 0..<filters { bg[f] += sb[n * filters + f] } }
        // dW = G [F, N*L] x columnsT [N*L, P]: one product over the whole batch.
        let weightGradient = Tensor(uninitializedShape: g.weightShape)
        gemm(
            gw, transposed: false, cols, transposed: true, into: weightGradient.storage.base,
            m: filters, n: patch, k: wide, beta: 0)
        var inputGradient: Tensor?
        if wantInput {
            // dColumns = WT [P, F] x G [F, N*L], folded back sample by sample.
            let columnGradients = Tensor(uninitializedShape: [patch, wide])
            let dcols = columnGradients.storage.base
            gemm(
                weight.storage.base, transposed: true, gw, transposed: false, into: dcols,
                m: patch, n: wide, k: filters, beta: 0)
            let dx = Tensor(uninitializedShape: [g.batch, g.channels, g.height, g.width])
            let dxBase = dx.storage.base
            let inputPlane = g.channels * g.height * g.width
            SampleChunks.run(batch: g.batch) { _, samples in
                for n in samples {
                    (dxBase + n * inputPlane).update(repeating: 0, count: inputPlane)
                    g.col2im(sample: dcols + n * plane, into: dxBase + n * inputPlane, rowStride: wide)
                }
            }
            withExtendedLifetime(columnGradients) {}
            inputGradient = dx
        }
        withExtendedLifetime((outputGradient, output, weight, columns, gathered, sampleBias)) {}
        return (inputGradient, weightGradient, biasGradient)
    }

    /// The sum of `count` floats, in eight interleaved lanes (vectorised; a fixed order,
    /// so the result is the same on every run).
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i &+ 8 <= count {
            lanes += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            i &+= 8
        }
        var total = lanes.sum()
        while i < count { total += x[i]; i &+= 1 }
        return total
    }

    /// Convolves an NCHW tensor with `weight` [F, C, K, K] and optional `bias` [F].
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Padding = .same) -> Tensor {
        precondition(
            rank == 4 && weight.rank == 4 && weight.shape[2] == weight.shape[3] && weight.shape[1] == shape[1],
            "conv2d: input \(shape) and weight \(weight.shape) do not match")
        guard
            let g = ConvolutionGeometry(
                inputShape: shape, filters: weight.shape[0], kernel: weight.shape[2],
                stride: stride, padding: padding)
        else {
            preconditionFailure("conv2d: kernel \(weight.shape[2]) does not fit input \(shape)")
        }
        return Tensor.conv2dForward(input: self, weight: weight, bias: bias, geometry: g).output
    }
}
