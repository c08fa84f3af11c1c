import Foundation

/// Sweeps and their trials: what `sweep(...)` records as it searches, and what
/// `sweeps()`, `strata sweeps` and `strata sweep NAME` read. Several processes may work
/// on one sweep at once; `claimTrial` is what keeps them from running a trial twice or
/// more trials than the sweep's target. Every call commits before it returns.
public protocol SweepStore: Sendable {
    /// Creates the sweep `definition` names, or returns the one recorded under that
    /// name. A recorded sweep's target is raised to `definition.trials` when that is
    /// larger (running `sweep(name:)` again with more trials resumes it up to that many
    /// in all); it is never lowered.
    /// - Throws: `.sweepMismatch` naming the first field (space, method, objective,
    ///   goal, pruner, seed) in which `definition` differs from the recorded sweep.
    @discardableResult
    func openSweep(_ definition: SweepDefinition) throws(StoreError) -> SweepDefinition

    /// Claims the sweep's next trial for the process `pid` on `host`, atomically across
    /// processes (one write transaction, `BEGIN IMMEDIATE` in SQLite):
    ///
    /// 1. marks `failed` ("its process is gone", `processGone`) every running trial whose
    ///    worker is gone: on `host` its pid no longer exists, or its heartbeat is older
    ///    than `staleAfter` seconds;
    /// 2. returns nil when the trials that count toward the target (all but those whose
    ///    process vanished; running ones included) number `limit` or more;
    /// 3. calls `sample` with every trial of the sweep, running ones included (so a
    ///    sampler can treat them as pending and a grid never hands out a point twice),
    ///    in number order; nil from `sample` means the space is exhausted, and nil is
    ///    returned;
    /// 4. records the params `sample` returned as trial max(number) + 1, `running`, with
    ///    `host`, `pid`, and a heartbeat of now, and returns it.
    ///
    /// `sample` runs while the store is locked for writing: it must be quick and must
    /// not use the store. Its errors are rethrown unchanged (nothing is recorded).
    /// - Throws: `.unknownSweep`, another `StoreError`, or what `sample` threw.
    func claimTrial(
        sweep: String, limit: Int, host: String, pid: Int, staleAfter: TimeInterval,
        sample: ([SweepTrialRow]) throws -> ParamValue?
    ) throws -> SweepTrialRow?

    /// Records the trial's run (as soon as it begins, so its runs list it while it trains).
    /// - Throws: `.unknownTrial`.
    func attachRun(_ run: RunID, sweep: String, number: Int) throws(StoreError)

    /// Records the value the trial reached at `step` (an epoch), replacing one recorded
    /// for that step, and refreshes its heartbeat.
    /// - Throws: `.unknownTrial`.
    func reportIntermediate(sweep: String, number: Int, step: Int, value: Double) throws(StoreError)

    /// Refreshes the trial's heartbeat: its worker is alive (call it more often than the
    /// claimers' `staleAfter`, e.g. every minute, during long steps).
    /// - Throws: `.unknownTrial`.
    func heartbeat(sweep: String, number: Int) throws(StoreError)

    /// Ends the trial as `state` (finished, pruned or failed) with its value, run and,
    /// for a failed trial, why. A trial another process marked failed meanwhile (its
    /// heartbeat went stale) takes this ending: what the worker reports wins.
    /// - Throws: `.unknownTrial`, or `.trialNotEnded` when `state` is `running`.
    func finishTrial(
        sweep: String, number: Int, state: SweepTrialState, value: Double?, runID: RunID?,
        error: String?) throws(StoreError)

    /// Every trial of the sweep, in number order.
    /// - Throws: `.unknownSweep`.
    func trials(sweep: String) throws(StoreError) -> [SweepTrialRow]

    /// Every sweep with its counts and best value, newest first.
    func sweeps() throws(StoreError) -> [SweepSummary]

    /// The sweep recorded under `name`, nil when there is none.
    func sweep(named name: String) throws(StoreError) -> SweepDefinition?
}

extension SweepStore {
    /// `claimTrial` for this process, with the default heartbeat timeout.
    public func claimTrial(
        sweep: String, limit: Int, host: String = RunSummary.localHost,
        pid: Int = Int(getpid()),
        sample: ([SweepTrialRow]) throws -> ParamValue?
    ) throws -> SweepTrialRow? {
        try claimTrial(
            sweep: sweep, limit: limit, host: host, pid: pid, staleAfter: SweepTrialRow.defaultStaleAfter,
            sample: sample)
    }
}
