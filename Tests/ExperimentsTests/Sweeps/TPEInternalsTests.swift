import Foundation
import Testing

@testable import Experiments

/// The pieces of TPE checked against the values Optuna's code gives.
@Suite struct TPEInternalsTests {
    @Test("gamma is min(ceil(n / 10), 25)")
    func gamma() {
        #expect([0, 1, 10, 11, 100, 249, 250, 251, 1000].map(TPESplit.gamma) == [0, 1, 1, 2, 10, 25, 25, 25, 25])
    }

    @Test("weights are flat for the last 25 and ramp from 1/n for older ones, as numpy's linspace")
    func weights() {
        #expect(TPESplit.weights(3) == [1, 1, 1])
        #expect(TPESplit.weights(26) == [1 / 26.0] + [Double](repeating: 1, count: 25))
        let w = TPESplit.weights(30)
        #expect(w.count == 30 && w[0] == 1 / 30.0 && w[4] == 1 && w[5...].allSatisfy { $0 == 1 })
        #expect(abs(w[1] - (1 / 30.0 + (1 - 1 / 30.0) / 4)) < 1e-15)
    }

    func trial(_ number: Int, _ state: TrialState, value: Double? = nil, steps: [Int: Double] = [:]) -> SweepTrial {
        SweepTrial(number: number, params: [:], value: value, state: state, intermediate: steps)
    }

    @Test("finished trials rank first; pruned ones by the step they reached, then by value; running ones go above")
    func split() {
        // 20 finished or pruned: gamma = 2; with one finished, one pruned trial joins it below.
        var trials = [trial(0, .finished, value: 5)]
        trials += (1...19).map { trial($0, .pruned, steps: [0: 9, 1: Double($0)]) }
        trials[7] = trial(7, .pruned, steps: [0: 9, 1: 8, 2: 100])  // reached step 2: best pruned, despite its value
        trials[3] = trial(3, .pruned, steps: [0: 0.1])  // stopped at step 0: worse than any at step 1
        trials += [trial(20, .running), trial(21, .failed)]
        let split = TPESplit(trials, direction: .minimize)
        #expect(split.below.map(\.number) == [0, 7])
        #expect(split.above.count == 19)
        #expect(split.above.contains { $0.number == 20 })
        #expect(!split.above.contains { $0.number == 21 })
        #expect(split.above.map(\.number) == split.above.map(\.number).sorted())

        // Among pruned trials at the same step, the better last value; direction decides which.
        let pruned = (0..<10).map { trial($0, .pruned, steps: [3: Double($0)]) }
        #expect(TPESplit(pruned, direction: .minimize).below.map(\.number) == [0])
        #expect(TPESplit(pruned, direction: .maximize).below.map(\.number) == [9])
    }

    @Test("the normal distribution's functions agree with known values, deep in the tails too")
    func normal() {
        #expect(abs(StandardNormal.cdf(1.959963984540054) - 0.975) < 1e-15)
        for p in [1e-300, 1e-20, 1e-5, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-10] {
            let x = StandardNormal.quantile(p)
            #expect(abs(StandardNormal.cdf(x) - p) <= 1e-13 * min(p, 1 - p) + 1e-300, "p = \(p)")
        }
        #expect(abs(StandardNormal.logCDF(-40) - (-804.6084420137538)) < 1e-9)  // scipy.special.log_ndtr(-40)
        #expect(abs(StandardNormal.logMass(-1, 1) - log(0.6826894921370859)) < 1e-14)
        #expect(abs(StandardNormal.logMass(5, 6) - log(2.8665157187919333e-07 - 9.865876450376946e-10)) < 1e-9)
        #expect(abs(StandardNormal.logMass(-6, -5) - StandardNormal.logMass(5, 6)) < 1e-12)
        // The truncated quantile stays inside its bounds and hits the median of a symmetric interval.
        #expect(abs(StandardNormal.truncatedQuantile(0.5, a: -2, b: 2)) < 1e-12)
        #expect(StandardNormal.truncatedQuantile(0.999999, a: 3, b: 3.5) <= 3.5)
        #expect(StandardNormal.truncatedQuantile(0, a: 3, b: 3.5) >= 3)
    }

    @Test("kernel bandwidths: the larger neighbour gap, inner gap at the ends, clipped to the magic range")
    func bandwidths() {
        let kernels = NumericKernels(.uniform(lo: 0, hi: 10, step: nil), observations: [5, 1, 2, 9.9])
        // sorted 1, 2, 5, 9.9; gaps with the bounds 0 and 10: ends take their inner gap.
        // 1 -> 1 (to 2), 2 -> max(1, 3) = 3, 5 -> max(3, 4.9) = 4.9, 9.9 -> 4.9; then clip to [10/6, 10].
        #expect(
            kernels.sigmas[0..<4].map { ($0 * 1e9).rounded() / 1e9 }
                == [4.9, 10 / 6.0, 3, 4.9].map { ($0 * 1e9).rounded() / 1e9 })
        #expect(kernels.mus.last == 5 && kernels.sigmas.last == 10)
        // A log scale works in log(x); an integer lattice widens the bounds by half a step.
        let integer = NumericKernels(.integer(lo: 1, hi: 100, log: true, step: 1), observations: [10])
        #expect(abs(integer.low - log(0.5)) < 1e-15 && abs(integer.high - log(100.5)) < 1e-15)
        #expect(abs(integer.mus[0] - log(10)) < 1e-15)
    }
}
