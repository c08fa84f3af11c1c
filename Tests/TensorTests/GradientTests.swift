import Testing

@testable import Tensor

/// Every differentiable op against central finite differences.
@Suite struct GradientTests {
    typealias Binary = @Sendable (Tape, Variable, Variable) -> Variable

    @Test(arguments: [([2, 3], [2, 3]), ([2, 3], [3]), ([2, 1], [1, 3]), ([3], [])])
    func arithmeticWithBroadcasting(_ sa: [Int], _ sb: [Int]) {
        let a = Tensor(uniformShape: sa, seed: 1), b = Tensor(uniformShape: sb, seed: 2, low: 0.5, high: 1.5)
        let ops: [Binary] = [{ $0.add($1, $2) }, { $0.sub($1, $2) }, { $0.mul($1, $2) }, { $0.div($1, $2) }]
        for op in ops {
            expectGradientsMatch([a, b]) { t, v in GradientCheck.weightedSum(t, op(t, v[0], v[1])) }
        }
    }

    @Test func unaryOps() {
        let x = Tensor(uniformShape: [3, 4], seed: 3, low: -2, high: 2)
        let positive = Tensor(uniformShape: [3, 4], seed: 4, low: 0.5, high: 2)
        let ops: [(Tensor, @Sendable (Tape, Variable) -> Variable)] = [
            (x, { $0.neg($1) }), (x, { $0.relu($1) }), (x, { $0.sigmoid($1) }), (x, { $0.tanh($1) }),
            (x, { $0.gelu($1) }), (x, { $0.softmax($1) }), (x, { $0.logSoftmax($1) }),
            (x, { $0.exp($1) }), (positive, { $0.log($1) }), (x, { $0.scale($1, by: -3) }),
            (x, { $0.sum($1, alongAxes: [0]) }), (x, { $0.mean($1, alongAxes: [1], keepingDimensions: true) }),
            (x, { $0.reshape($1, to: [2, 6]) }), (x, { $0.flatten($0.reshape($1, to: [3, 2, 2])) }),
        ]
        for (input, op) in ops {
            expectGradientsMatch([input]) { t, v in GradientCheck.weightedSum(t, op(t, v[0])) }
        }
        expectGradientsMatch([x]) { t, v in t.sum(v[0]) }
        expectGradientsMatch([x]) { t, v in t.mean(t.mul(v[0], v[0])) }
    }

    @Test func matmulAndLinear() {
        let x = Tensor(uniformShape: [3, 4], seed: 5), w = Tensor(uniformShape: [4, 2], seed: 6),
            b = Tensor(uniformShape: [2], seed: 7)
        expectGradientsMatch([x, w]) { t, v in GradientCheck.weightedSum(t, t.matmul(v[0], v[1])) }
        expectGradientsMatch([x, w, b]) { t, v in GradientCheck.weightedSum(t, t.linear(v[0], v[1], v[2])) }
        expectGradientsMatch([x, w]) { t, v in GradientCheck.weightedSum(t, t.linear(v[0], v[1], nil)) }
    }

    @Test(arguments: [(1, Padding.same), (2, .valid)])
    func conv2d(_ setting: (Int, Padding)) {
        let x = Tensor(uniformShape: [2, 2, 5, 4], seed: 8), w = Tensor(uniformShape: [3, 2, 3, 3], seed: 9),
            b = Tensor(uniformShape: [3], seed: 10)
        expectGradientsMatch([x, w, b]) { t, v in
            GradientCheck.weightedSum(t, t.conv2d(v[0], v[1], v[2], stride: setting.0, padding: setting.1))
        }
    }

    @Test func pooling() {
        // Distinct values a step apart, so no max is within the finite-difference step of a tie.
        var random = SeededRandom(seed: 11)
        let values = random.permutation(2 * 2 * 4 * 5).map { Float($0) * 0.1 }
        let x = Tensor(shape: [2, 2, 4, 5], values: values)
        expectGradientsMatch([x]) { t, v in GradientCheck.weightedSum(t, t.maxPool2d(v[0], size: 2)) }
        expectGradientsMatch([x]) { t, v in GradientCheck.weightedSum(t, t.avgPool2d(v[0], size: 2)) }
        expectGradientsMatch([x]) { t, v in GradientCheck.weightedSum(t, t.maxPool2d(v[0], size: 3)) }
        expectGradientsMatch([x]) { t, v in GradientCheck.weightedSum(t, t.avgPool2d(v[0], size: 3)) }
    }

    @Test func dropoutUsesItsSeededMask() {
        let x = Tensor(uniformShape: [4, 5], seed: 12)
        expectGradientsMatch([x]) { t, v in
            var random = SeededRandom(seed: 5)
            return GradientCheck.weightedSum(t, t.dropout(v[0], rate: 0.4, random: &random))
        }
        let tape = Tape(recording: false)
        var random = SeededRandom(seed: 5)
        let y = tape[tape.dropout(tape.constant(Tensor(shape: [1000], repeating: 1)), rate: 0.25, random: &random)]
        let kept = y.scalars.filter { $0 != 0 }
        #expect(kept.allSatisfy { abs($0 - 4.0 / 3.0) < 1e-6 })
        #expect(kept.count > 700 && kept.count < 800)
    }

    @Test(arguments: [[4, 3], [3, 2, 2, 3]], [true, false])
    func batchNorm(_ shape: [Int], _ training: Bool) {
        let x = Tensor(uniformShape: shape, seed: 13, low: -2, high: 2)
        let gamma = Tensor(uniformShape: [shape[1]], seed: 14, low: 0.5, high: 1.5),
            beta = Tensor(uniformShape: [shape[1]], seed: 15)
        expectGradientsMatch([x, gamma, beta], step: 5e-3, tolerance: 3e-2) { t, v in
            var mean = Tensor(shape: [shape[1]], repeating: 0.1), variance = Tensor(shape: [shape[1]], repeating: 0.8)
            return GradientCheck.weightedSum(
                t,
                t.batchNorm(
                    v[0], scale: v[1], shift: v[2], runningMean: &mean,
                    runningVariance: &variance, training: training))
        }
    }

    @Test func batchNormNormalisesAndTracksRunningStatistics() {
        let x = Tensor(shape: [4, 1], values: [1, 2, 3, 4])
        var mean = Tensor(zeros: [1]), variance = Tensor(shape: [1], repeating: 1)
        let t = Tape()
        let y = t[
            t.batchNorm(
                t.constant(x), scale: t.constant(Tensor(shape: [1], repeating: 1)),
                shift: t.constant(Tensor(zeros: [1])), runningMean: &mean,
                runningVariance: &variance, training: true)]
        #expect(abs(y.mean()) < 1e-6)
        #expect(abs(mean[0] - 0.25) < 1e-6)  // 0.9 * 0 + 0.1 * 2.5
        #expect(abs(variance[0] - (0.9 + 0.1 * 5.0 / 3.0)) < 1e-6)  // unbiased 1.6667
    }

    @Test func fusedLosses() {
        let logits = Tensor(uniformShape: [4, 3], seed: 16, low: -2, high: 2)
        expectGradientsMatch([logits]) { t, v in t.softmaxCrossEntropy(v[0], labels: [0, 2, 1, 2]) }
        let targets = Tensor(shape: [4, 3], values: [1, 0, 1, 0, 0, 1, 1, 1, 0, 0.5, 0, 1])
        expectGradientsMatch([logits]) { t, v in t.sigmoidBinaryCrossEntropy(v[0], targets: targets) }
        expectGradientsMatch([logits]) { t, v in t.meanSquaredError(v[0], targets: targets) }
        expectGradientsMatch([logits]) { t, v in t.meanAbsoluteError(v[0], targets: targets) }
        // Cross-entropy equals -mean(log_softmax[label]).
        let t = Tape(recording: false)
        let ce = t[t.softmaxCrossEntropy(t.constant(logits), labels: [0, 2, 1, 2])].scalar
        let ls = logits.logSoftmaxRows()
        let reference = -(ls[0, 0] + ls[1, 2] + ls[2, 1] + ls[3, 2]) / 4
        #expect(abs(ce - reference) < 1e-5)
    }

    @Test func gradientsAccumulateOverReuseAndSkipConstants() {
        let t = Tape()
        let x = t.parameter(Tensor(shape: [2], values: [1, 2]))
        let c = t.constant(Tensor(shape: [2], values: [3, 4]))
        let loss = t.sum(t.add(t.mul(x, x), t.mul(x, c)))  // d/dx = 2x + c
        t.backward(from: loss)
        #expect(t.gradient(of: x)?.scalars == [5, 8])
        #expect(t.gradient(of: c) == nil)
    }
}
