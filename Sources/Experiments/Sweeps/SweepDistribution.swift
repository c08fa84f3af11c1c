import Foundation

/// Where a sweep draws one parameter from: `uniform(lo, hi, step:)`, `loguniform(lo, hi)`,
/// `integer(lo, hi, log:, step:)` or `choice(values)`, as the language writes them.
/// Bounds are inclusive. A value is made unchecked; `validate()` (which `SearchSpace`
/// calls) reports the first problem.
public enum SweepDistribution: Sendable, Equatable {
    /// Uniform on [lo, hi]; with a step, on the lattice lo, lo + step, ... up to hi.
    case uniform(lo: Double, hi: Double, step: Double?)
    /// Uniform in log(x) on [lo, hi], both positive.
    case logUniform(lo: Double, hi: Double)
    /// Whole numbers lo, lo + step, ... up to hi; with `log`, uniform in log(x) (step 1).
    case integer(lo: Int, hi: Int, log: Bool, step: Int)
    /// One of the values, each as likely.
    case choice([SweepValue])

    /// Why a distribution cannot be sampled.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// A bound that is NaN or infinite.
        case nonFiniteBound(Double)
        /// `lo >= hi`: nothing, or a single value, to choose from.
        case emptyRange(lo: Double, hi: Double)
        /// A log scale needs bounds above zero.
        case nonPositiveLogBound(Double)
        /// A step that is not positive, or wider than the range (`hi - lo`).
        case invalidStep(step: Double, range: Double)
        /// `integer(log: true)` takes step 1 only (a log scale has no even lattice).
        case logIntegerStep(Int)
        /// `choice([])`.
        case noChoices

        public var description: String {
            switch self {
            case .nonFiniteBound(let bound):
                "bounds must be finite numbers, got \(SweepValue.number(bound))"
            case .emptyRange(let lo, let hi):
                "the range is empty: lo (\(SweepValue.number(lo))) must be below hi (\(SweepValue.number(hi)))"
            case .nonPositiveLogBound(let bound):
                "a log scale needs bounds above 0, got \(SweepValue.number(bound))"
            case .invalidStep(let step, let range):
                "step must be above 0 and at most the range (\(SweepValue.number(range))), got \(SweepValue.number(step))"
            case .logIntegerStep(let step):
                "integer(log: true) takes step 1 only, got \(step)"
            case .noChoices:
                "choice needs at least one value"
            }
        }
    }

    /// Throws the first problem: an empty range, a non-positive log bound, a step not
    /// above zero or wider than the range, an empty choice, a log integer with a step.
    public func validate() throws(Problem) {
        switch self {
        case .uniform(let lo, let hi, let step):
            try Self.checkRange(lo, hi)
            if let step, !(step > 0 && step <= hi - lo) { throw .invalidStep(step: step, range: hi - lo) }
        case .logUniform(let lo, let hi):
            try Self.checkRange(lo, hi)
            if lo <= 0 { throw .nonPositiveLogBound(lo) }
        case .integer(let lo, let hi, let log, let step):
            try Self.checkRange(Double(lo), Double(hi))
            if log && lo <= 0 { throw .nonPositiveLogBound(Double(lo)) }
            if log && step != 1 { throw .logIntegerStep(step) }
            if step <= 0 || step > hi - lo { throw .invalidStep(step: Double(step), range: Double(hi - lo)) }
        case .choice(let values):
            if values.isEmpty { throw .noChoices }
        }
    }

    private static func checkRange(_ lo: Double, _ hi: Double) throws(Problem) {
        if !lo.isFinite { throw .nonFiniteBound(lo) }
        if !hi.isFinite { throw .nonFiniteBound(hi) }
        if lo >= hi { throw .emptyRange(lo: lo, hi: hi) }
    }
}
