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
        let x = Tensor(uniformShape: [2, 2, 4, 3], seed: 32), w = Tensor(uniformShape: [3, 2, kernel, kernel], seed: 33)
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
}
