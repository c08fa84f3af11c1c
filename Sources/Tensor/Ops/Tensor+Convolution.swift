// 2-D convolution (cross-correlation, as in every deep-learning library) by im2col and
// one GEMM for the whole batch.

extension Tensor {
    /// Convolves an NCHW `input` with `weight` [F, C, KH, KW] (square kernels) and adds
    /// `bias` [F] when given. Returns the output [N, F, OH, OW] and the im2col matrix
    /// the backward pass reuses.
    static func conv2dForward(input: Tensor, weight: Tensor, bias: Tensor?,
                              geometry g: ConvolutionGeometry) -> (output: Tensor, columns: Tensor) {
        precondition(weight.shape == g.weightShape, "conv2d weight \(weight.shape), expected \(g.weightShape)")
        let columnCount = g.batch * g.outputPlane
        let columns = Tensor(uninitializedShape: [g.patchSize, columnCount])
        g.im2col(input.storage.base, into: columns.storage.base)
        // [F, N*OH*OW], then regrouped per sample into NCHW.
        let product = Tensor(uninitializedShape: [g.filters, columnCount])
        gemm(weight.storage.base, transposed: false, columns.storage.base, transposed: false,
             into: product.storage.base, m: g.filters, n: columnCount, k: g.patchSize, beta: 0)
        let output = Tensor(uninitializedShape: g.outputShape)
        let src = product.storage.base, dst = output.storage.base
        let plane = g.outputPlane
        for n in 0..<g.batch {
            for f in 0..<g.filters {
                let from = src + f * columnCount + n * plane
                let to = dst + (n * g.filters + f) * plane
                let b = bias.map { $0.storage.base[f] } ?? 0
                for i in 0..<plane { to[i] = from[i] + b }
            }
        }
        // `product` is read only through a raw pointer above; keep it alive until here.
        withExtendedLifetime(product) {}
        return (output, columns)
    }

    /// The gradients of `conv2dForward` given the output gradient [N, F, OH, OW]:
    /// (input gradient or nil when not wanted, weight gradient, bias gradient).
    static func conv2dBackward(outputGradient: Tensor, weight: Tensor, columns: Tensor,
                               geometry g: ConvolutionGeometry, wantInput: Bool)
        -> (input: Tensor?, weight: Tensor, bias: Tensor) {
        let columnCount = g.batch * g.outputPlane
        let plane = g.outputPlane
        // Regroup the gradient to [F, N*OH*OW], matching the forward product.
        let grouped = Tensor(uninitializedShape: [g.filters, columnCount])
        let biasGradient = Tensor(uninitializedShape: [g.filters])
        let src = outputGradient.storage.base, dst = grouped.storage.base
        for f in 0..<g.filters {
            var total: Float = 0
            for n in 0..<g.batch {
                let from = src + (n * g.filters + f) * plane
                let to = dst + f * columnCount + n * plane
                for i in 0..<plane {
                    to[i] = from[i]
                    total += from[i]
                }
            }
            biasGradient.storage.base[f] = total
        }
        let weightGradient = Tensor(uninitializedShape: g.weightShape)
        gemm(grouped.storage.base, transposed: false, columns.storage.base, transposed: true,
             into: weightGradient.storage.base, m: g.filters, n: g.patchSize, k: columnCount, beta: 0)
        guard wantInput else { return (nil, weightGradient, biasGradient) }
        let columnGradient = Tensor(uninitializedShape: [g.patchSize, columnCount])
        gemm(weight.storage.base, transposed: true, grouped.storage.base, transposed: false,
             into: columnGradient.storage.base, m: g.patchSize, n: columnCount, k: g.filters, beta: 0)
        let inputGradient = Tensor(zeros: [g.batch, g.channels, g.height, g.width])
        g.col2im(columnGradient.storage.base, into: inputGradient.storage.base)
        return (inputGradient, weightGradient, biasGradient)
    }

    /// Convolves an NCHW tensor with `weight` [F, C, K, K] and optional `bias` [F].
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Padding = .same) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[2] == weight.shape[3] && weight.shape[1] == shape[1],
                     "conv2d: input \(shape) and weight \(weight.shape) do not match")
        guard let g = ConvolutionGeometry(inputShape: shape, filters: weight.shape[0], kernel: weight.shape[2],
                                          stride: stride, padding: padding) else {
            preconditionFailure("conv2d: kernel \(weight.shape[2]) does not fit input \(shape)")
        }
        return Tensor.conv2dForward(input: self, weight: weight, bias: bias, geometry: g).output
    }
}
