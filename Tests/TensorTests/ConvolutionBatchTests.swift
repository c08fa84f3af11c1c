import Testing

@testable import Tensor

/// The convolution splits a batch into chunks run on separate threads; these check odd
/// and single-sample batches, the bias-free path and run-to-run bit identity.
@Suite struct ConvolutionBatchTests {
    @Test(arguments: [1, 3, 5])
    func gradientsMatchForAnyBatchSize(_ batch: Int) {
        let x = Tensor(uniformShape: [batch, 2, 4, 3], seed: 20), w = Tensor(uniformShape: [2, 2, 3, 3], seed: 21)
        let b = Tensor(uniformShape: [2], seed: 22)
        expectGradientsMatch([x, w, b]) { t, v in GradientCheck.weightedSum(t, t.conv2d(v[0], v[1], v[2])) }
        expectGradientsMatch([x, w]) { t, v in
            GradientCheck.weightedSum(t, t.conv2d(v[0], v[1], nil, stride: 2, padding: .valid))
        }
    }

    /// "same" padding at stride 1 takes the shifted-plane path of im2col/col2im; even and
    /// wider-than-the-image kernels pad unevenly or leave whole rows in the padding.
    @Test(arguments: [2, 4, 5])
    func samePaddingGradientsForAnyKernel(_ kernel: Int) {
        let x = Tensor(uniformShape: [2, 2, 4, 3], seed: 32),
            w = Tensor(uniformShape: [3, 2, kernel, kernel], seed: 33)
        let b = Tensor(uniformShape: [3], seed: 34)
        expectGradientsMatch([x, w, b]) { t, v in GradientCheck.weightedSum(t, t.conv2d(v[0], v[1], v[2])) }
        let y = x.conv2d(weight: w, bias: b)
        let expected = ConvolutionTests.direct(x, w, b, stride: 1, padding: .same)
        #expect(y.shape == expected.shape && y.maxAbsDifference(expected) < 1e-5)
    }

    @Test func forwardMatchesPerSampleConvolution() {
        let x = Tensor(uniformShape: [5, 3, 6, 7], seed: 23), w = Tensor(uniformShape: [4, 3, 3, 3], seed: 24)
        let b = Tensor(uniformShape: [4], seed: 25)
        let whole = x.conv2d(weight: w, bias: b)
        for n in 0..<5 {
            let one = Tensor(shape: [1, 3, 6, 7], values: (0..<(3 * 6 * 7)).map { x[flat: n * 126 + $0] })
                .conv2d(weight: w, bias: b)
            #expect((0..<one.count).allSatisfy { one[flat: $0] == whole[flat: n * one.count + $0] })
        }
    }

    @Test func backwardIsBitIdenticalAcrossRuns() {
        let x = Tensor(uniformShape: [7, 2, 9, 9], seed: 26), w = Tensor(uniformShape: [5, 2, 3, 3], seed: 27)
        let b = Tensor(uniformShape: [5], seed: 28)
        func gradients() -> [[Float]] {
            let tape = Tape()
            let (vx, vw, vb) = (tape.parameter(x), tape.parameter(w), tape.parameter(b))
            tape.backward(from: GradientCheck.weightedSum(tape, tape.relu(tape.conv2d(vx, vw, vb))))
            return [vx, vw, vb].map { v in
                let g = tape.gradient(of: v)!
                return (0..<g.count).map { g[flat: $0] }
            }
        }
        let first = gradients()
        for _ in 0..<5 { #expect(gradients() == first) }
    }

    @Test func fusedReluMatchesSeparateRelu() {
        let x = Tensor(uniformShape: [3, 2, 6, 5], seed: 29), w = Tensor(uniformShape: [4, 2, 3, 3], seed: 30)
        let b = Tensor(uniformShape: [4], seed: 31)
        func run(fused: Bool) -> [[Float]] {
            let tape = Tape()
            let (vx, vw, vb) = (tape.parameter(x), tape.parameter(w), tape.parameter(b))
            let y = fused ? tape.conv2d(vx, vw, vb, relu: true) : tape.relu(tape.conv2d(vx, vw, vb))
            tape.backward(from: GradientCheck.weightedSum(tape, y))
            return [y, vx, vw, vb].map { v in
                let t = v == y ? tape[y] : tape.gradient(of: v)!
                return (0..<t.count).map { t[flat: $0] }
            }
        }
        // Bit-identical to the separate nodes, whose gradients are checked elsewhere (a
        // finite-difference check here would straddle ReLU's kink at 0).
        #expect(run(fused: true) == run(fused: false))
    }

    /// Layers large enough for one GEMM per batch ("same" at stride 1, and strided
    /// "valid") give what one GEMM per sample gives, forward and backward, and what a
    /// direct convolution gives.
    @Test(arguments: [(1, Padding.same), (2, Padding.valid)])
    func batchedProductMatchesPerSampleProducts(_ stride: Int, _ padding: Padding) {
        let x = Tensor(uniformShape: [3, 16, 18, 17], seed: 40), w = Tensor(uniformShape: [48, 16, 3, 3], seed: 41)
        let b = Tensor(uniformShape: [48], seed: 42)
        let g = ConvolutionGeometry(inputShape: x.shape, filters: 48, kernel: 3, stride: stride, padding: padding)!
        #expect(g.batchesProduct)
        let batched = Tensor.conv2dForwardBatched(input: x, weight: w, bias: b, relu: true, geometry: g)
        let single = Tensor.conv2dForwardPerSample(input: x, weight: w, bias: b, relu: true, geometry: g)
        #expect(batched.output.maxAbsDifference(single.output) < 1e-4)
        var direct = ConvolutionTests.direct(x, w, b, stride: stride, padding: padding)
        direct.withUnsafeMutableBufferPointer { d in for i in d.indices { d[i] = max(d[i], 0) } }
        #expect(batched.output.maxAbsDifference(direct) < 1e-4)

        let upstream = Tensor(uniformShape: g.outputShape, seed: 43)
        let fromBatched = Tensor.conv2dBackwardBatched(
            outputGradient: upstream, output: batched.output, weight: w,
            columns: batched.columns, geometry: g, wantInput: true)
        let fromSingle = Tensor.conv2dBackwardPerSample(
            outputGradient: upstream, output: single.output, weight: w,
            columns: single.columns, geometry: g, wantInput: true)
        #expect(fromBatched.input!.maxAbsDifference(fromSingle.input!) < 1e-3)
        #expect(fromBatched.weight.maxAbsDifference(fromSingle.weight) < 1e-2)
        #expect(fromBatched.bias.maxAbsDifference(fromSingle.bias) < 1e-2)
        // Small layers keep one product per sample (each below OpenBLAS's threading threshold).
        #expect(
            !ConvolutionGeometry(inputShape: [64, 1, 28, 28], filters: 8, kernel: 3, stride: 1, padding: .same)!
                .batchesProduct)
    }
}
