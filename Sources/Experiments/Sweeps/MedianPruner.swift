/// Stops a trial whose best value so far is worse than the median of the finished
/// trials' values at the same step, as Optuna's MedianPruner: never before
/// `startupTrials` trials have finished, nor before step `warmupSteps`. A trial that has
/// reported only NaN is stopped.
public struct MedianPruner: SweepPruner {
    public let startupTrials: Int
    public let warmupSteps: Int

    /// Throws when either setting is negative.
    public init(startupTrials: Int = 5, warmupSteps: Int = 0) throws(SweepSettingError) {
        try SweepSettingError.check("startupTrials", startupTrials, atLeast: 0)
        try SweepSettingError.check("warmupSteps", warmupSteps, atLeast: 0)
        self.startupTrials = startupTrials
        self.warmupSteps = warmupSteps
    }

    public func shouldPrune(trial: SweepTrial, step: Int, all: [SweepTrial], direction: SweepDirection) -> Bool {
        let finished = all.filter { $0.state == .finished && $0.number != trial.number }
        guard !finished.isEmpty, finished.count >= startupTrials, step >= warmupSteps else { return false }
        let reported = trial.intermediate.filter { $0.key <= step }.values.filter { !$0.isNaN }
        guard let best = reported.min(by: { direction.isBetter($0, than: $1) }) else {
            // Nothing but NaN: it cannot be ranked, and is going nowhere.
            return !trial.intermediate.filter { $0.key <= step }.isEmpty
        }
        let atStep = finished.compactMap { $0.intermediate[step] }.filter { !$0.isNaN }
        guard let median = Self.median(atStep) else { return false }
        return direction.isBetter(median, than: best)
    }

    /// The middle value, or the mean of the two middle values (numpy's percentile 50).
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
