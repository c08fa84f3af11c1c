import Foundation
import Tensor

/// The kernels of one parameter in a Parzen estimator: one per observation, then the
/// prior's. A numeric parameter gets truncated normal kernels (in log(x) for a log scale;
/// a lattice's kernels give each lattice value the mass of its cell, lo - step/2 to
/// hi + step/2); a choice gets a table of probabilities per kernel.
///
/// Values go in and out in the sampler's internal form: the number itself for numeric
/// distributions, the index of the value for a choice.
enum ParzenKernels {
    case numeric(NumericKernels)
    case categorical(CategoricalKernels)

    /// The kernels for `observations` of `distribution`.
    init(_ distribution: SweepDistribution, observations: [Double], priorWeight: Double) {
        switch distribution {
        case .choice(let values):
            self = .categorical(
                CategoricalKernels(
                    choices: values.count, observations: observations,
                    priorWeight: priorWeight))
        case .uniform, .logUniform, .integer:
            self = .numeric(NumericKernels(distribution, observations: observations))
        }
    }

    /// A value drawn from kernel `k`.
    func draw(kernel k: Int, using random: inout SeededRandom) -> Double {
        switch self {
        case .numeric(let kernels): kernels.draw(kernel: k, using: &random)
        case .categorical(let kernels): kernels.draw(kernel: k, using: &random)
        }
    }

    /// Adds each kernel's log density at `x` to `total` (one entry per kernel).
    func addLogDensity(at x: Double, to total: inout [Double]) {
        switch self {
        case .numeric(let kernels): kernels.addLogDensity(at: x, to: &total)
        case .categorical(let kernels): kernels.addLogDensity(at: x, to: &total)
        }
    }
}

/// Truncated normal kernels over a numeric parameter, worked in its own scale (log(x)
/// for loguniform and integer(log: true)). Bandwidths are the larger gap to a sorted
/// neighbour (the outermost kernels use their inner gap), clipped to
/// [range / min(100, kernels + 1), range]: Optuna's "magic clip", which keeps a few
/// close observations from collapsing into spikes. The prior kernel sits mid-range with
/// the whole range as its bandwidth.
struct NumericKernels {
    let mus: [Double]
    let sigmas: [Double]
    /// The bounds in the working scale, widened by half a step for a lattice.
    let low: Double, high: Double
    let isLog: Bool
    /// The lattice: its step, first and last value (nil step: continuous).
    let step: Double?
    let first: Double, last: Double
    let distribution: SweepDistribution
    /// Per kernel: log of its mass within [low, high] (what truncation divides by), the
    /// continuous density's constant -log(sigma) - that - log(sqrt(2 pi)), and 1 / sigma.
    private let logNormalisers: [Double]
    private let offsets: [Double]
    private let inverseSigmas: [Double]

    init(_ distribution: SweepDistribution, observations: [Double]) {
        self.distribution = distribution
        var step: Double?
        switch distribution {
        case .uniform(let lo, let hi, let s):
            (isLog, step, first) = (false, s, lo)
            last = s == nil ? hi : distribution.value(at: distribution.valueCount! - 1).number!
        case .logUniform(let lo, let hi):
            (isLog, step, first, last) = (true, nil, lo, hi)
        case .integer(let lo, _, let log, let s):
            (isLog, step, first) = (log, Double(s), Double(lo))
            last = distribution.value(at: distribution.valueCount! - 1).number!
        case .choice:
            preconditionFailure("a choice has categorical kernels")
        }
        self.step = step
        let half = (step ?? 0) / 2
        let scale: (Double) -> Double = isLog ? { Foundation.log($0) } : { $0 }
        low = scale(first - half)
        high = scale(last + half)
        let range = high - low

        var mus = observations.map(scale)
        var sigmas = Self.neighbourGaps(mus, low: low, high: high)
        let smallest = range / Swift.min(100, Double(observations.count + 2))
        sigmas = sigmas.map { Swift.min(Swift.max($0, smallest), range) }
        mus.append(0.5 * (low + high))
        sigmas.append(range)
        self.mus = mus
        self.sigmas = sigmas
        inverseSigmas = sigmas.map { 1 / $0 }
        logNormalisers = zip(mus, sigmas).map { [low, high] mu, sigma in
            StandardNormal.logMass((low - mu) / sigma, (high - mu) / sigma)
        }
        offsets = zip(sigmas, logNormalisers).map { -Foundation.log($0) - $1 - StandardNormal.logSqrtTwoPi }
    }

    /// Each point's larger gap to its sorted neighbours (the bounds are neighbours too),
    /// except that the lowest and highest points use their inner gap alone.
    private static func neighbourGaps(_ mus: [Double], low: Double, high: Double) -> [Double] {
        let order = mus.indices.sorted { mus[$0] < mus[$1] || (mus[$0] == mus[$1] && $0 < $1) }
        let sorted = [low] + order.map { mus[$0] } + [high]
        var gaps = [Double](repeating: 0, count: mus.count)
        for (rank, index) in order.enumerated() {
            let i = rank + 1
            gaps[index] = Swift.max(sorted[i] - sorted[i - 1], sorted[i + 1] - sorted[i])
        }
        if mus.count >= 2 {
            gaps[order[0]] = sorted[2] - sorted[1]
            gaps[order[mus.count - 1]] = sorted[mus.count] - sorted[mus.count - 1]
        }
        return gaps
    }

    func draw(kernel k: Int, using random: inout SeededRandom) -> Double {
        let mu = mus[k], sigma = sigmas[k]
        let z = StandardNormal.truncatedQuantile(random.unitDouble(), a: (low - mu) / sigma, b: (high - mu) / sigma)
        let t = Swift.min(Swift.max(mu + sigma * z, low), high)
        let x = isLog ? exp(t) : t
        guard let step, let count = distribution.valueCount else { return Swift.min(Swift.max(x, first), last) }
        // The nearest lattice value, as the distribution writes it (rounded to its decimals).
        let k = Swift.min(Swift.max(((x - first) / step).rounded(), 0), Double(count - 1))
        return distribution.value(at: Int(k)).number!
    }

    func addLogDensity(at x: Double, to total: inout [Double]) {
        if let step {
            // A lattice value has the mass of its cell under each kernel.
            let left = isLog ? log(x - step / 2) : x - step / 2
            let right = isLog ? log(x + step / 2) : x + step / 2
            for k in total.indices {
                let mu = mus[k]
                total[k] +=
                    StandardNormal.logMass((left - mu) * inverseSigmas[k], (right - mu) * inverseSigmas[k])
                    - logNormalisers[k]
            }
            return
        }
        let t = isLog ? log(x) : x
        guard t >= low, t <= high else {
            for k in total.indices { total[k] = -.infinity }
            return
        }
        mus.withUnsafeBufferPointer { mus in
            inverseSigmas.withUnsafeBufferPointer { inverse in
                offsets.withUnsafeBufferPointer { offsets in
                    for k in 0..<mus.count {
                        let z = (t - mus[k]) * inverse[k]
                        total[k] += offsets[k] - 0.5 * z * z
                    }
                }
            }
        }
    }
}

/// Kernels over a choice: each observation's kernel puts weight 1 on its value plus an
/// even share of the prior weight on every value; the prior kernel is uniform.
struct CategoricalKernels {
    /// log probabilities, kernel-major: `logProbabilities[k * choices + j]`.
    let logProbabilities: [Double]
    let choices: Int

    init(choices: Int, observations: [Double], priorWeight: Double) {
        self.choices = choices
        let kernels = observations.count + 1
        let share = priorWeight / Double(kernels)
        var table = [Double](repeating: 0, count: kernels * choices)
        for k in 0..<kernels {
            let observed = k < observations.count ? Int(observations[k]) : -1
            let total = share * Double(choices) + (observed >= 0 ? 1 : 0)
            for j in 0..<choices {
                table[k * choices + j] = log((share + (j == observed ? 1 : 0)) / total)
            }
        }
        logProbabilities = table
    }

    func draw(kernel k: Int, using random: inout SeededRandom) -> Double {
        var u = random.unitDouble()
        for j in 0..<choices {
            u -= exp(logProbabilities[k * choices + j])
            if u < 0 { return Double(j) }
        }
        return Double(choices - 1)  // rounding left u a hair above the total
    }

    func addLogDensity(at x: Double, to total: inout [Double]) {
        let j = Int(x)
        for k in total.indices { total[k] += logProbabilities[k * choices + j] }
    }
}
