import Foundation

/// Training counted in gradient steps rather than epochs, as the debugging steps train
/// (`overfit` on a few fixed batches, `lr_find` over a growing rate). The loop cycles
/// over the batches (reshuffling at each pass only when `FitOptions.shuffle` is on) and
/// reports every step as its own record, so the store, the curves and the observers see
/// one point per step. Validation and early stopping do not apply.
public struct StepSchedule: Sendable, Equatable {
    /// Gradient steps to take at most.
    public var steps: Int
    /// The learning rate of each step; nil keeps the optimizer's own.
    public var rates: ExponentialRates?
    /// Stop once the smoothed loss (`SmoothedLoss`) passes this multiple of its lowest,
    /// or is not a number: fastai's LRFinder stops at 4.
    public var divergence: Double?
    /// Stop once the mean loss over the last pass through the batches falls below this
    /// (`overfit`'s threshold: the test has passed, more steps show nothing new).
    public var target: Double?

    public init(steps: Int, rates: ExponentialRates? = nil, divergence: Double? = nil, target: Double? = nil) {
        self.steps = steps
        self.rates = rates
        self.divergence = divergence
        self.target = target
    }

    /// Checks every setting.
    /// - Throws: `SettingError` naming the first one out of range.
    public func validate() throws(SettingError) {
        try SettingError.check("steps", steps)
        try rates?.validate()
        if let divergence { try SettingError.check("divergence", divergence, .positiveNumber) }
        if let target { try SettingError.check("threshold", target, .positiveNumber) }
    }
}

/// A learning rate growing exponentially from `start` towards `end` over `steps`
/// steps, as fastai's LRFinder schedules it: step i (from 0) trains at
/// start * (end / start)^(i / steps).
public struct ExponentialRates: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var steps: Int

    public init(start: Double, end: Double, steps: Int) {
        self.start = start
        self.end = end
        self.steps = steps
    }

    /// The rate of 0-based step `step`.
    public func rate(at step: Int) -> Double {
        start * pow(end / start, Double(step) / Double(Swift.max(steps, 1)))
    }

    /// Checks that the rates are positive, growing, and span at least two steps.
    /// - Throws: `SettingError` naming `start`, `end` or `steps`.
    public func validate() throws(SettingError) {
        try SettingError.check("start", start, .positiveNumber)
        try SettingError.check("end", end, .positiveNumber)
        if !(end > start) { throw SettingError("end", .above("start", start), number: end) }
        if steps < 2 { throw SettingError("steps", .integerAtLeast(2), integer: steps) }
    }
}
