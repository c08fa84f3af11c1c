/// Where a sweep trial is in its life (`sweep_trials.state`). A trial is `running` from
/// `claimTrial` until `finishTrial`, or until a later claim finds its process gone and
/// marks it `failed`.
public enum SweepTrialState: String, Sendable, Hashable, CaseIterable {
    case running, finished, pruned, failed
}
