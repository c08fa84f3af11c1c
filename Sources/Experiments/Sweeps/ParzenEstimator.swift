import Foundation
import Tensor

/// A mixture of product kernels over some parameters (one, for univariate TPE; all of
/// them, for multivariate): kernel k is a product over the parameters of their k-th
/// kernels, weighted by its observation's weight; the last kernel is the prior.
struct ParzenEstimator {
    let dimensions: [ParzenKernels]
    /// Normalised kernel weights, their logarithms, and running sums for drawing a kernel.
    private let weights: [Double]
    private let logWeights: [Double]
    private let cumulativeWeights: [Double]

    /// The estimator for the observations in `columns` (one column of internal values per
    /// distribution, one row per trial) with `observationWeights` (one per row).
    init(
        distributions: [SweepDistribution], columns: [[Double]], observationWeights: [Double],
        priorWeight: Double
    ) {
        dimensions = zip(distributions, columns).map { distribution, column in
            ParzenKernels(distribution, observations: column, priorWeight: priorWeight)
        }
        let raw = observationWeights + [priorWeight]
        let total = raw.reduce(0, +)
        weights = raw.map { $0 / total }
        logWeights = weights.map { log($0) }
        var sum = 0.0
        cumulativeWeights = weights.map {
            sum += $0; return sum
        }
    }

    /// `count` points drawn from the mixture: a kernel by weight, then each parameter from
    /// that kernel.
    func draw(count: Int, using random: inout SeededRandom) -> [[Double]] {
        (0..<count).map { _ in
            let u = random.unitDouble() * cumulativeWeights[cumulativeWeights.count - 1]
            let k = Swift.min(cumulativeWeights.partitioningIndex { $0 > u }, weights.count - 1)
            return dimensions.map { $0.draw(kernel: k, using: &random) }
        }
    }

    /// The log density of each point: log of the weighted sum over kernels of the product
    /// of the parameters' kernel densities, summed in logarithms to stay finite.
    func logDensity(_ points: [[Double]]) -> [Double] {
        var total = [Double](repeating: 0, count: weights.count)
        return points.map { point in
            for k in total.indices { total[k] = logWeights[k] }
            for (d, kernels) in dimensions.enumerated() { kernels.addLogDensity(at: point[d], to: &total) }
            let peak = total.max() ?? -.infinity
            if peak == -.infinity { return -.infinity }
            var sum = 0.0
            // Kernels more than e^-40 below the largest add nothing a Double can hold to
            // a sum of at least 1; skipping their exp is most of the work with many trials.
            for value in total where value - peak > -40 { sum += exp(value - peak) }
            return peak + log(sum)
        }
    }
}

extension Array where Element == Double {
    /// The first index whose element satisfies `belongs` (which must be false then true
    /// along the array, as "above u" is along a running sum); `count` if none does.
    fileprivate func partitioningIndex(where belongs: (Double) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
