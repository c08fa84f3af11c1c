import Foundation

/// Sweeps kept in memory (`SweepStore`, through `RunStore`), with its contract: the
/// lock held for a claim is what the SQLite store's write transaction is, so threads
/// claiming together never share a trial.
extension MemoryStore {
    @discardableResult
    public func openSweep(_ definition: SweepDefinition) throws(StoreError) -> SweepDefinition {
        try state.withLock { (state) throws(StoreError) -> SweepDefinition in
            if var stored = state.sweeps[definition.name] {
                if let difference = stored.difference(from: definition) {
                    throw .sweepMismatch(
                        name: definition.name, field: difference.field, stored: difference.stored,
                        given: difference.given)
                }
                stored.trials = max(stored.trials, definition.trials)
                state.sweeps[definition.name] = stored
                return stored
            }
            var created = definition
            created.trials = max(0, definition.trials)
            created.created = Date(milliseconds: Store.nowMilliseconds())
            state.sweeps[definition.name] = created
            state.trials[definition.name] = []
            return created
        }
    }

    public func claimTrial(
        sweep: String, limit: Int, host: String, pid: Int, staleAfter: TimeInterval,
        sample: ([SweepTrialRow]) throws -> ParamValue?
    ) throws -> SweepTrialRow? {
        try state.withLock { state throws -> SweepTrialRow? in
            guard var trials = state.trials[sweep] else { throw StoreError.unknownSweep(sweep) }
            let now = Date(milliseconds: Store.nowMilliseconds())
            for index in trials.indices
            where trials[index].workerIsGone(localHost: host, now: now, staleAfter: staleAfter) {
                trials[index].state = .failed
                trials[index].error = SweepTrialRow.processGoneError
                trials[index].processGone = true
                trials[index].ended = now
            }
            // Written back only once the sampler has not failed: as the SQLite store's
            // rollback, a failed claim records nothing.
            guard trials.count(where: \.countsTowardTarget) < limit, let params = try sample(trials) else {
                state.trials[sweep] = trials
                return nil
            }
            let trial = SweepTrialRow(
                sweep: sweep, number: (trials.map(\.number).max() ?? 0) + 1, params: params,
                state: .running, host: host, pid: pid, heartbeat: now, started: now)
            state.trials[sweep] = trials + [trial]
            return trial
        }
    }

    public func attachRun(_ run: RunID, sweep: String, number: Int) throws(StoreError) {
        try updateTrial(sweep: sweep, number: number) { $0.run = run }
    }

    public func reportIntermediate(sweep: String, number: Int, step: Int, value: Double) throws(StoreError) {
        try updateTrial(sweep: sweep, number: number) { trial in
            trial.intermediate[step] = value
            trial.heartbeat = Date(milliseconds: Store.nowMilliseconds())
        }
    }

    public func heartbeat(sweep: String, number: Int) throws(StoreError) {
        try updateTrial(sweep: sweep, number: number) { $0.heartbeat = Date(milliseconds: Store.nowMilliseconds()) }
    }

    public func finishTrial(
        sweep: String, number: Int, state ending: SweepTrialState, value: Double?, runID: RunID?,
        error: String?
    ) throws(StoreError) {
        guard ending != .running else { throw .trialNotEnded(sweep: sweep, number: number) }
        try updateTrial(sweep: sweep, number: number) { trial in
            let now = Date(milliseconds: Store.nowMilliseconds())
            trial.state = ending
            // As the SQLite store reads it back: NaN is no value.
            trial.value = value.flatMap { $0.isNaN ? nil : $0 }
            trial.run = runID ?? trial.run
            trial.error = error
            trial.processGone = false
            trial.ended = now
            trial.heartbeat = now
        }
    }

    public func trials(sweep: String) throws(StoreError) -> [SweepTrialRow] {
        guard let trials = state.withLock({ $0.trials[sweep] }) else { throw .unknownSweep(sweep) }
        return trials
    }

    public func sweeps() throws(StoreError) -> [SweepSummary] {
        state.withLock { state in
            state.sweeps.values.sorted { ($1.created, $0.name) < ($0.created, $1.name) }
                .map { SweepSummary(definition: $0, trials: state.trials[$0.name] ?? []) }
        }
    }

    public func sweep(named name: String) throws(StoreError) -> SweepDefinition? {
        state.withLock { $0.sweeps[name] }
    }

    private func updateTrial(sweep: String, number: Int, _ change: (inout SweepTrialRow) -> Void) throws(StoreError) {
        let found = state.withLock { state -> Bool in
            guard let index = state.trials[sweep]?.firstIndex(where: { $0.number == number }) else { return false }
            change(&state.trials[sweep]![index])
            return true
        }
        guard found else { throw .unknownTrial(sweep: sweep, number: number) }
    }
}
