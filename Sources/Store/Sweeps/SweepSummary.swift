/// A sweep as `sweeps()` and `strata sweeps` list it: its definition, how many trials
/// are in each state, and the best value so far.
public struct SweepSummary: Sendable, Hashable {
    public var definition: SweepDefinition
    public var running: Int
    public var finished: Int
    public var pruned: Int
    /// Failed trials, those whose process vanished included.
    public var failed: Int
    /// The best finished trial's value by the sweep's goal; nil before one finishes.
    public var best: Double?
    /// The number of the trial with the best value.
    public var bestTrial: Int?

    /// Trials that ended and count toward the target (finished, pruned, failed by their
    /// code): the "done" of "done/target".
    public var done: Int

    public var name: String { definition.name }

    /// Summarises `trials`, all of `definition`'s sweep.
    public init(definition: SweepDefinition, trials: [SweepTrialRow]) {
        self.definition = definition
        running = trials.count { $0.state == .running }
        finished = trials.count { $0.state == .finished }
        pruned = trials.count { $0.state == .pruned }
        failed = trials.count { $0.state == .failed }
        done = trials.count { $0.state != .running && $0.countsTowardTarget }
        let best = trials.filter { $0.state == .finished }
            .compactMap { trial in trial.value.flatMap { $0.isNaN ? nil : (trial.number, $0) } }
            .reduce(nil as (Int, Double)?) { best, next in
                guard let best else { return next }
                return definition.goal.prefers(next.1, over: best.1) ? next : best
            }
        self.best = best?.1
        bestTrial = best?.0
    }
}
