/// Decides whether a running trial should stop early, from the trial records alone (no
/// state of its own, so any process sharing a sweep decides alike).
public protocol SweepPruner: Sendable {
    /// Whether `trial`, which has just reported its value at `step` (in
    /// `trial.intermediate`), should stop now.
    ///
    /// - Parameter all: every trial of the sweep in any state; a record with the trial's
    ///   own number is ignored (`trial` is used instead).
    func shouldPrune(trial: SweepTrial, step: Int, all: [SweepTrial], direction: SweepDirection) -> Bool
}
