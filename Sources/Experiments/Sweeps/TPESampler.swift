import Tensor

/// The Tree-structured Parzen Estimator, as Optuna's TPESampler (v5) does it: random
/// trials until `startupTrials` have finished or been pruned; then the trials are split
/// into the best few and the rest (`TPESplit`), a Parzen estimator is fitted to each
/// (l(x) to the best, g(x) to the rest), `candidates` points are drawn from l(x), and
/// the one with the largest log l(x) - log g(x) is the next trial.
///
/// Multivariate (Optuna's default for one objective) fits one kernel per trial over all
/// parameters together, so it learns which values go well together; univariate fits and
/// picks each parameter on its own.
public struct TPESampler: SweepSampler {
    public let seed: UInt64
    public let startupTrials: Int
    public let candidates: Int
    public let multivariate: Bool
    /// The prior kernel's weight, against 1 for each observation.
    let priorWeight = 1.0

    /// Throws when `startupTrials` is negative or `candidates` below 1.
    public init(
        seed: UInt64, startupTrials: Int = 10, candidates: Int = 24,
        multivariate: Bool = true
    ) throws(SweepSettingError) {
        try SweepSettingError.check("startupTrials", startupTrials, atLeast: 0)
        try SweepSettingError.check("candidates", candidates, atLeast: 1)
        self.seed = seed
        self.startupTrials = startupTrials
        self.candidates = candidates
        self.multivariate = multivariate
    }

    public func sample(
        space: SearchSpace, trials: [SweepTrial], direction: SweepDirection,
        number: Int
    ) -> [String: SweepValue]? {
        var random = SeededRandom(seed: seed, trial: number)
        let others = trials.filter { $0.number != number }
        let learned = others.count { trial in
            trial.state == .pruned || (trial.state == .finished && trial.value.map { !$0.isNaN } == true)
        }
        // The start-up trials are exactly what RandomSampler with this seed gives.
        if learned < startupTrials || space.distributions.isEmpty {
            return RandomSampler(seed: seed).sample(space: space, using: &random)
        }
        let split = TPESplit(others, direction: direction)
        var params: [String: SweepValue] = [:]
        let groups = multivariate ? [Array(space.distributions.indices)] : space.distributions.indices.map { [$0] }
        for group in groups {
            let distributions = group.map { space.distributions[$0] }
            let point = best(
                for: distributions.map(\.distribution), names: distributions.map(\.name),
                split: split, using: &random)
            for (d, (name, distribution)) in distributions.enumerated() {
                params[name] = Self.sweepValue(point[d], of: distribution)
            }
        }
        return space.completed(params)
    }

    /// Draws the candidates from l(x) for these parameters and keeps the one that
    /// maximises log l(x) - log g(x) (the first, on a tie).
    private func best(
        for distributions: [SweepDistribution], names: [String], split: TPESplit,
        using random: inout SeededRandom
    ) -> [Double] {
        let below = estimator(distributions, names: names, trials: split.below)
        let above = estimator(distributions, names: names, trials: split.above)
        let points = below.draw(count: candidates, using: &random)
        let scores = zip(below.logDensity(points), above.logDensity(points)).map { $0 - $1 }
        var bestIndex = 0
        for i in scores.indices where scores[i] > scores[bestIndex] { bestIndex = i }
        return points[bestIndex]
    }

    /// The Parzen estimator of the trials that have a usable value for every one of these
    /// parameters (a trial from before the space changed may not), weighted by recency.
    private func estimator(
        _ distributions: [SweepDistribution], names: [String],
        trials: [SweepTrial]
    ) -> ParzenEstimator {
        // Column by column, without an array per trial: this runs over every trial, every trial.
        var columns = [[Double]](repeating: [], count: distributions.count)
        for trial in trials {
            for (d, (name, distribution)) in zip(names, distributions).enumerated() {
                guard let value = trial.params[name], let x = Self.estimatorValue(value, of: distribution) else {
                    for done in 0..<d { columns[done].removeLast() }
                    break
                }
                columns[d].append(x)
            }
        }
        let count = columns.first?.count ?? 0
        return ParzenEstimator(
            distributions: distributions, columns: columns,
            observationWeights: TPESplit.weights(count), priorWeight: priorWeight)
    }

    /// A recorded value as the estimator sees it: the number, or a choice's index; nil
    /// when it does not belong to the distribution.
    static func estimatorValue(_ value: SweepValue, of distribution: SweepDistribution) -> Double? {
        switch distribution {
        case .uniform(let lo, let hi, nil), .logUniform(let lo, let hi):
            guard let x = value.number, x >= lo, x <= hi else { return nil }
            return x
        case .uniform, .integer:
            return distribution.index(of: value).map { distribution.value(at: $0).number! }
        case .choice:
            return distribution.index(of: value).map(Double.init)
        }
    }

    /// The estimator's value as the trial gets it.
    static func sweepValue(_ x: Double, of distribution: SweepDistribution) -> SweepValue {
        switch distribution {
        case .choice(let values): values[Int(x)]
        case .uniform, .logUniform, .integer: .number(x)
        }
    }
}
