import Foundation
import Tensor

/// Samples every parameter independently from its distribution: uniform, log-uniform,
/// each lattice value or choice equally likely. Ignores the trials so far.
public struct RandomSampler: SweepSampler {
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    public func sample(
        space: SearchSpace, trials: [SweepTrial], direction: SweepDirection,
        number: Int
    ) -> [String: SweepValue]? {
        var random = SeededRandom(seed: seed, trial: number)
        return sample(space: space, using: &random)
    }

    /// One draw for each distribution, in the space's order, from `random`.
    func sample(space: SearchSpace, using random: inout SeededRandom) -> [String: SweepValue] {
        var params: [String: SweepValue] = [:]
        for (name, distribution) in space.distributions {
            params[name] = Self.draw(distribution, using: &random)
        }
        return space.completed(params)
    }

    /// One value of `distribution`.
    static func draw(_ distribution: SweepDistribution, using random: inout SeededRandom) -> SweepValue {
        switch distribution {
        case .uniform(let lo, let hi, nil):
            return .number(Swift.min(lo + (hi - lo) * random.unitDouble(), hi))
        case .logUniform(let lo, let hi):
            return .number(Swift.min(Swift.max(exp(log(lo) + (log(hi) - log(lo)) * random.unitDouble()), lo), hi))
        case .integer(let lo, let hi, true, _):
            // Uniform in log(x) over [lo - 0.5, hi + 0.5], then rounded: each whole number
            // gets the share of the log scale nearest to it, as Optuna's IntDistribution(log=True).
            let low = log(Double(lo) - 0.5), high = log(Double(hi) + 0.5)
            let x = exp(low + (high - low) * random.unitDouble()).rounded()
            return .number(Swift.min(Swift.max(x, Double(lo)), Double(hi)))
        case .uniform, .integer, .choice:
            // Every remaining case is a lattice: each of its values equally likely.
            return distribution.value(at: random.int(below: distribution.valueCount!))
        }
    }
}
