import Foundation
import PostgresNIO
import Store

/// Sweeps and trials in PostgreSQL. A claim locks the sweep's row (`SELECT ... FOR
/// UPDATE`), so claimers on any machine take turns, see each other's trials, and the
/// count toward the target cannot race; running trials whose worker is gone are found
/// with `FOR UPDATE SKIP LOCKED`, never waiting on a trial another claimer is settling.
extension PostgresStore: SweepStore {
    @discardableResult
    public func openSweep(_ definition: SweepDefinition) throws(StoreError) -> SweepDefinition {
        let space = definition.space.json, objective = definition.objective?.json
        let result = try bridge.transaction { connection -> Result<SweepDefinition, StoreError> in
            let now = Store.nowMilliseconds()
            let trials = max(0, definition.trials)
            // Insert first: of workers opening a new sweep at once, one creates it and the
            // others' inserts wait for that commit and then do nothing (a SELECT ... FOR
            // UPDATE of a row that does not exist yet locks nothing, so checking first
            // would let two of them insert).
            let inserted = try await connection.run(
                """
                INSERT INTO sweeps (name, space, method, seed, objective, goal, pruner, trials, created_ms)
                VALUES (\(definition.name), \(space), \(definition.method), \(Int64(definition.seed)), \(objective),
                        \(definition.goal.rawValue), \(definition.pruner), \(trials), \(now))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """
            ).collect()
            if !inserted.isEmpty {
                var created = definition
                created.trials = trials
                created.created = Date(milliseconds: now)
                return .success(created)
            }
            let existing = try await connection.run(
                "SELECT \(unescaped: PostgresStore.sweepColumns) FROM sweeps WHERE name = \(definition.name) FOR UPDATE"
            ).collect()
            guard let row = existing.first else { return .failure(.unknownSweep(definition.name)) }
            var stored = try PostgresStore.sweepDefinition(row)
            if let difference = stored.difference(from: definition) {
                return .failure(
                    .sweepMismatch(
                        name: definition.name, field: difference.field, stored: difference.stored,
                        given: difference.given))
            }
            if definition.trials > stored.trials {
                try await connection.run(
                    "UPDATE sweeps SET trials = \(definition.trials) WHERE name = \(definition.name)"
                ).collect()
                stored.trials = definition.trials
            }
            return .success(stored)
        }
        return try result.get()
    }

    public func claimTrial(
        sweep: String, limit: Int, host: String, pid: Int, staleAfter: TimeInterval,
        sample: ([SweepTrialRow]) throws -> ParamValue?
    ) throws -> SweepTrialRow? {
        try withoutActuallyEscaping(sample) { sample in
            // The database work's task may outlive this call by a moment; it holds the
            // box, which lets go of the closure before this returns (as the non-escaping
            // closure must be).
            let box = SamplerBox(sample)
            defer { box.sample = nil }
            // `sample` runs inside the transaction, on the pool's task, while this thread
            // waits for it: it is never called from two places at once.
            let outcome = try bridge.transactionRethrowing { connection -> Result<SweepTrialRow?, ClaimFailure> in
                let locked = try await connection.run("SELECT name FROM sweeps WHERE name = \(sweep) FOR UPDATE")
                    .collect()
                guard !locked.isEmpty else { return .failure(.store(.unknownSweep(sweep))) }
                let now = Store.nowMilliseconds()
                var trials = try await connection.run(
                    """
                    SELECT \(unescaped: PostgresStore.trialColumns) FROM sweep_trials WHERE sweep = \(sweep) ORDER BY number
                    """
                ).collect().map(PostgresStore.trialRow)
                let stale = trials.filter {
                    $0.workerIsGone(localHost: host, now: Date(milliseconds: now), staleAfter: staleAfter)
                }.map(\.number)
                if !stale.isEmpty {
                    let gone = try await connection.run(
                        """
                        SELECT number FROM sweep_trials WHERE sweep = \(sweep) AND number = ANY(\(stale)) AND state = 'running'
                        FOR UPDATE SKIP LOCKED
                        """
                    ).collect().map { try $0.decode(Int.self) }
                    for number in gone {
                        try await connection.run(
                            """
                            UPDATE sweep_trials SET state = 'failed', error = \(SweepTrialRow.processGoneError), process_gone = TRUE,
                                ended_ms = \(now) WHERE sweep = \(sweep) AND number = \(number)
                            """
                        ).collect()
                        if let index = trials.firstIndex(where: { $0.number == number }) {
                            trials[index].state = .failed
                            trials[index].error = SweepTrialRow.processGoneError
                            trials[index].processGone = true
                            trials[index].ended = Date(milliseconds: now)
                        }
                    }
                }
                guard trials.count(where: \.countsTowardTarget) < limit else { return .success(nil) }
                let params: ParamValue?
                do {
                    params = try box.sample!(trials)
                } catch {
                    // Nothing this transaction wrote may stay: the sampler's error is rethrown.
                    throw ClaimFailure.sampler(error)
                }
                guard let params else { return .success(nil) }
                let number = (trials.map(\.number).max() ?? 0) + 1
                try await connection.run(
                    """
                    INSERT INTO sweep_trials (sweep, number, params, state, host, pid, heartbeat_ms, started_ms)
                    VALUES (\(sweep), \(number), \(params.json), 'running', \(host), \(pid), \(now), \(now))
                    """
                ).collect()
                return .success(
                    SweepTrialRow(
                        sweep: sweep, number: number, params: params, state: .running, host: host, pid: pid,
                        heartbeat: Date(milliseconds: now), started: Date(milliseconds: now)))
            }
            switch outcome {
            case .success(let trial): return trial
            case .failure(.store(let error)): throw error
            case .failure(.sampler(let error)): throw error
            }
        }
    }

    /// The sampler, reachable from the database work for the length of one claim.
    final class SamplerBox: @unchecked Sendable {
        var sample: (([SweepTrialRow]) throws -> ParamValue?)?

        init(_ sample: @escaping ([SweepTrialRow]) throws -> ParamValue?) {
            self.sample = sample
        }
    }

    /// Why a claim ended without a trial, kept apart from the database's own errors.
    enum ClaimFailure: Error {
        case store(StoreError)
        case sampler(any Error)
    }

    public func attachRun(_ run: RunID, sweep: String, number: Int) throws(StoreError) {
        try updateTrial(
            sweep: sweep, number: number,
            "UPDATE sweep_trials SET run_id = \(run.rawValue) WHERE sweep = \(sweep) AND number = \(number) RETURNING number"
        )
    }

    public func reportIntermediate(sweep: String, number: Int, step: Int, value: Double) throws(StoreError) {
        // A non-finite value is kept as its text ("nan"), as the local store keeps it.
        let json = ParamValue.format(value)
        let now = Store.nowMilliseconds()
        try updateTrial(
            sweep: sweep, number: number,
            """
            UPDATE sweep_trials SET intermediate = jsonb_set(intermediate, ARRAY[\(String(step))], CAST(\(json) AS JSONB)),
                heartbeat_ms = \(now) WHERE sweep = \(sweep) AND number = \(number) RETURNING number
            """)
    }

    public func heartbeat(sweep: String, number: Int) throws(StoreError) {
        let now = Store.nowMilliseconds()
        try updateTrial(
            sweep: sweep, number: number,
            "UPDATE sweep_trials SET heartbeat_ms = \(now) WHERE sweep = \(sweep) AND number = \(number) RETURNING number"
        )
    }

    public func finishTrial(
        sweep: String, number: Int, state: SweepTrialState, value: Double?, runID: RunID?,
        error: String?
    ) throws(StoreError) {
        guard state != .running else { throw .trialNotEnded(sweep: sweep, number: number) }
        let now = Store.nowMilliseconds()
        // NaN is kept as no value, as in the local store.
        let stored = value.flatMap { $0.isNaN ? nil : $0 }
        try updateTrial(
            sweep: sweep, number: number,
            """
            UPDATE sweep_trials SET state = \(state.rawValue), value = \(stored), run_id = coalesce(\(runID?.rawValue), run_id),
                error = \(error), process_gone = FALSE, ended_ms = \(now), heartbeat_ms = \(now)
            WHERE sweep = \(sweep) AND number = \(number) RETURNING number
            """)
    }

    public func trials(sweep: String) throws(StoreError) -> [SweepTrialRow] {
        guard try self.sweep(named: sweep) != nil else { throw .unknownSweep(sweep) }
        return try bridge.rows(
            """
            SELECT \(unescaped: PostgresStore.trialColumns) FROM sweep_trials WHERE sweep = \(sweep) ORDER BY number
            """
        ).map { row throws(StoreError) in
            try PostgresStore.decode(row, offset: 0) { _ in try PostgresStore.trialRow(row) }
        }
    }

    public func sweeps() throws(StoreError) -> [SweepSummary] {
        let definitions = try bridge.rows(
            "SELECT \(unescaped: PostgresStore.sweepColumns) FROM sweeps ORDER BY created_ms DESC, name"
        )
        .map { row throws(StoreError) in
            try PostgresStore.decode(row, offset: 0) { _ in try PostgresStore.sweepDefinition(row) }
        }
        var trials: [String: [SweepTrialRow]] = [:]
        for row in try bridge.rows(
            "SELECT \(unescaped: PostgresStore.trialColumns) FROM sweep_trials ORDER BY sweep, number")
        {
            let trial = try PostgresStore.decode(row, offset: 0) { _ in try PostgresStore.trialRow(row) }
            trials[trial.sweep, default: []].append(trial)
        }
        return definitions.map { SweepSummary(definition: $0, trials: trials[$0.name] ?? []) }
    }

    public func sweep(named name: String) throws(StoreError) -> SweepDefinition? {
        try bridge.rows("SELECT \(unescaped: PostgresStore.sweepColumns) FROM sweeps WHERE name = \(name)").first.map {
            row throws(StoreError) in
            try PostgresStore.decode(row, offset: 0) { _ in try PostgresStore.sweepDefinition(row) }
        }
    }

    private func updateTrial(sweep: String, number: Int, _ query: PostgresQuery) throws(StoreError) {
        guard try bridge.rows(query).count == 1 else { throw .unknownTrial(sweep: sweep, number: number) }
    }

    // MARK: Rows to values

    static let sweepColumns = "name, space, method, seed, objective, goal, pruner, trials, created_ms"
    static let trialColumns = """
        sweep, number, params, state, value, run_id, error, process_gone, intermediate::text, host, pid, heartbeat_ms,
        started_ms, ended_ms
        """

    static func sweepDefinition(_ row: PostgresRow) throws -> SweepDefinition {
        let c = Array(row)
        return SweepDefinition(
            name: try c[0].decode(String.self), space: ParamValue.parse(try c[1].decode(String.self)) ?? .null,
            method: try c[2].decode(String.self), seed: Int(try c[3].decode(Int64.self)),
            objective: try c[4].decode(String?.self).flatMap(ParamValue.parse),
            goal: SweepGoal(rawValue: try c[5].decode(String.self)) ?? .min, pruner: try c[6].decode(String?.self),
            trials: try c[7].decode(Int.self), created: Date(milliseconds: try c[8].decode(Int64.self)))
    }

    static func trialRow(_ row: PostgresRow) throws -> SweepTrialRow {
        let c = Array(row)
        var intermediate: [Int: Double] = [:]
        for (step, value) in ParamValue.parse(try c[8].decode(String.self))?.numbers ?? [:] {
            if let step = Int(step) { intermediate[step] = value }
        }
        return SweepTrialRow(
            sweep: try c[0].decode(String.self), number: try c[1].decode(Int.self),
            params: ParamValue.parse(try c[2].decode(String.self)) ?? .null,
            state: SweepTrialState(rawValue: try c[3].decode(String.self)) ?? .failed,
            value: try c[4].decode(Double?.self),
            run: try c[5].decode(String?.self).map(RunID.init(rawValue:)), error: try c[6].decode(String?.self),
            processGone: try c[7].decode(Bool.self), intermediate: intermediate, host: try c[9].decode(String?.self),
            pid: try c[10].decode(Int?.self), heartbeat: Date(milliseconds: try c[11].decode(Int64.self)),
            started: Date(milliseconds: try c[12].decode(Int64.self)),
            ended: try c[13].decode(Int64?.self).map(Date.init(milliseconds:)))
    }
}
