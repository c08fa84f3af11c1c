import Tensor

/// Hyperband as Optuna's HyperbandPruner runs it: several brackets of asynchronous
/// successive halving, each trial in one bracket chosen by hashing its number (brackets
/// weighted by the number of trials Hyperband gives them). In bracket b the rungs are at
/// steps minResource * reductionFactor^(b + r), r = 0, 1, ...; a trial reaching a rung is
/// kept only if its value there is among the best 1/reductionFactor of the values the
/// bracket's trials had at that rung (or the best, while fewer than reductionFactor have
/// reached it). Bracket 0 prunes hardest; the last prunes least.
///
/// A trial's value at a rung is its value at the first step it reported at or past the
/// rung, which is what it had when it reached it; each rung is judged once, at that step.
public struct HyperbandPruner: SweepPruner {
    public let minResource: Int
    public let maxResource: Int
    public let reductionFactor: Int
    /// Each bracket's share of the trials (Hyperband's n for bracket s, rounded up).
    let bracketBudgets: [Int]

    /// Throws when `minResource` < 1, `maxResource` < `minResource` or `reductionFactor` < 2.
    public init(minResource: Int = 1, maxResource: Int, reductionFactor: Int = 3) throws(SweepSettingError) {
        try SweepSettingError.check("minResource", minResource, atLeast: 1)
        try SweepSettingError.check("maxResource", maxResource, atLeast: minResource)
        try SweepSettingError.check("reductionFactor", reductionFactor, atLeast: 2)
        self.minResource = minResource
        self.maxResource = maxResource
        self.reductionFactor = reductionFactor
        // floor(log_eta(max / min)) + 1 brackets, counted in integers to avoid log's rounding.
        var brackets = 1, reach = minResource
        while reach <= maxResource / reductionFactor {
            reach *= reductionFactor
            brackets += 1
        }
        bracketBudgets = (0..<brackets).map { b in
            let s = brackets - 1 - b
            let trials = brackets * Self.power(reductionFactor, s)
            return (trials + s) / (s + 1)  // ceil(brackets * eta^s / (s + 1))
        }
    }

    /// The bracket trial `number` belongs to.
    public func bracket(of number: Int) -> Int {
        // SeededRandom's seeding is a SplitMix hash: consecutive numbers land far apart.
        var hash = SeededRandom(seed: UInt64(bitPattern: Int64(number)))
        var n = Int(hash.next() % UInt64(bracketBudgets.reduce(0, +)))
        for (b, budget) in bracketBudgets.enumerated() {
            n -= budget
            if n < 0 { return b }
        }
        return bracketBudgets.count - 1
    }

    /// The step of rung `rung` in bracket `bracket`; nil past Int's range.
    func rungStep(bracket: Int, rung: Int) -> Int? {
        var step = minResource
        for _ in 0..<(bracket + rung) {
            let (next, overflow) = step.multipliedReportingOverflow(by: reductionFactor)
            if overflow { return nil }
            step = next
        }
        return step
    }

    public func shouldPrune(trial: SweepTrial, step: Int, all: [SweepTrial], direction: SweepDirection) -> Bool {
        guard let value = trial.intermediate[step] else { return false }
        let bracket = bracket(of: trial.number)
        // The rungs this report crosses: those past the trial's previous report, up to `step`.
        let previous = trial.intermediate.keys.filter { $0 < step }.max() ?? -1
        let rivals = all.filter { $0.number != trial.number && self.bracket(of: $0.number) == bracket }
        var rung = 0
        while let rungStep = rungStep(bracket: bracket, rung: rung), rungStep <= step {
            defer { rung += 1 }
            guard rungStep > previous else { continue }
            if value.isNaN { return true }
            let competing = rivals.compactMap { Self.value(of: $0, at: rungStep) } + [value]
            if !Self.isPromotable(value, among: competing, reductionFactor: reductionFactor, direction: direction) {
                return true
            }
        }
        return false
    }

    /// What `trial` had when it reached the rung at `rungStep`: its value at the first
    /// step it reported at or past it.
    static func value(of trial: SweepTrial, at rungStep: Int) -> Double? {
        trial.intermediate.filter { $0.key >= rungStep }.min { $0.key < $1.key }?.value
    }

    /// Whether `value` is among the best `competing.count / reductionFactor` (at least the best one).
    static func isPromotable(
        _ value: Double, among competing: [Double], reductionFactor: Int,
        direction: SweepDirection
    ) -> Bool {
        let kept = Swift.max(competing.count / reductionFactor, 1)
        let ranked = competing.map(direction.loss).sorted()
        return direction.loss(value) <= ranked[kept - 1]
    }

    private static func power(_ base: Int, _ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { product, _ in product * base }
    }
}
