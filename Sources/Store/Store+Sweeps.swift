import Foundation
import GRDB

/// Sweeps and trials in SQLite (`sweeps`, `sweep_trials`; Docs/StoreFormat.md, "Sweeps").
/// The claim is one `BEGIN IMMEDIATE` transaction: SQLite lets one writer in at a time,
/// so two processes claiming together see each other's trials, and the numbers and
/// the count toward the target cannot race.
extension Store: SweepStore {
    @discardableResult
    public func openSweep(_ definition: SweepDefinition) throws(StoreError) -> SweepDefinition {
        let now = Store.nowMilliseconds()
        return try write { db in
            if var stored = try Store.sweepDefinition(definition.name, in: db) {
                if let difference = stored.difference(from: definition) {
                    throw StoreError.sweepMismatch(
                        name: definition.name, field: difference.field,
                        stored: difference.stored, given: difference.given)
                }
                if definition.trials > stored.trials {
                    try db.execute(
                        sql: "UPDATE sweeps SET trials = ? WHERE name = ?",
                        arguments: [definition.trials, definition.name])
                    stored.trials = definition.trials
                }
                return stored
            }
            try db.execute(
                sql: """
                    INSERT INTO sweeps (name, space, method, seed, objective, goal, pruner, trials, created_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    definition.name, definition.space.json, definition.method, definition.seed,
                    definition.objective?.json, definition.goal.rawValue, definition.pruner,
                    max(0, definition.trials), now,
                ])
            var created = definition
            created.trials = max(0, definition.trials)
            created.created = Date(milliseconds: now)
            return created
        }
    }

    public func claimTrial(
        sweep: String, limit: Int, host: String, pid: Int, staleAfter: TimeInterval,
        sample: ([SweepTrialRow]) throws -> ParamValue?
    ) throws -> SweepTrialRow? {
        // The sampler's error must reach the caller as thrown, not wrapped as a database one.
        var sampleError: (any Error)?
        let claimed: SweepTrialRow?
        do {
            claimed = try database.writeWithoutTransaction { db -> SweepTrialRow? in
                var result: SweepTrialRow?
                try db.inTransaction(.immediate) {
                    guard try Store.sweepDefinition(sweep, in: db) != nil else { throw StoreError.unknownSweep(sweep) }
                    let now = Store.nowMilliseconds()
                    var trials = try Store.trialRows(sweep, in: db)
                    for index in trials.indices
                    where trials[index].workerIsGone(
                        localHost: host, now: Date(milliseconds: now), staleAfter: staleAfter)
                    {
                        try Store.markProcessGone(&trials[index], now: now, in: db)
                    }
                    guard trials.count(where: \.countsTowardTarget) < limit else { return .commit }
                    let params: ParamValue?
                    do {
                        params = try sample(trials)
                    } catch {
                        sampleError = error
                        return .rollback
                    }
                    guard let params else { return .commit }
                    let trial = SweepTrialRow(
                        sweep: sweep, number: (trials.map(\.number).max() ?? 0) + 1, params: params,
                        state: .running, host: host, pid: pid, heartbeat: Date(milliseconds: now),
                        started: Date(milliseconds: now))
                    try db.execute(
                        sql: """
                            INSERT INTO sweep_trials (sweep, number, params, state, host, pid, heartbeat_ms, started_ms)
                            VALUES (?, ?, ?, 'running', ?, ?, ?, ?)
                            """, arguments: [sweep, trial.number, params.json, host, pid, now, now])
                    result = trial
                    return .commit
                }
                return result
            }
        } catch {
            throw StoreError.wrap(error)
        }
        if let sampleError { throw sampleError }
        return claimed
    }

    public func attachRun(_ run: RunID, sweep: String, number: Int) throws(StoreError) {
        try updateTrial(sweep: sweep, number: number, sql: "run_id = ?", arguments: [run.rawValue])
    }

    public func reportIntermediate(sweep: String, number: Int, step: Int, value: Double) throws(StoreError) {
        // json_set keeps the other steps; `json(?)` because a non-finite value is written
        // as the string "nan"/"inf" (JSON has no such numbers).
        try updateTrial(
            sweep: sweep, number: number,
            sql: "intermediate = json_set(intermediate, ?, json(?)), heartbeat_ms = ?",
            arguments: ["$.\"\(step)\"", ParamValue.format(value), Store.nowMilliseconds()])
    }

    public func heartbeat(sweep: String, number: Int) throws(StoreError) {
        try updateTrial(sweep: sweep, number: number, sql: "heartbeat_ms = ?", arguments: [Store.nowMilliseconds()])
    }

    public func finishTrial(
        sweep: String, number: Int, state: SweepTrialState, value: Double?, runID: RunID?,
        error: String?
    ) throws(StoreError) {
        guard state != .running else { throw .trialNotEnded(sweep: sweep, number: number) }
        let now = Store.nowMilliseconds()
        // NaN has no REAL form in SQLite: it reads back as no value.
        try updateTrial(
            sweep: sweep, number: number,
            sql: """
                state = ?, value = ?, run_id = coalesce(?, run_id), error = ?, process_gone = 0, ended_ms = ?, heartbeat_ms = ?
                """,
            arguments: [state.rawValue, value.flatMap { $0.isNaN ? nil : $0 }, runID?.rawValue, error, now, now])
    }

    public func trials(sweep: String) throws(StoreError) -> [SweepTrialRow] {
        try read { db in
            guard try Store.sweepDefinition(sweep, in: db) != nil else { throw StoreError.unknownSweep(sweep) }
            return try Store.trialRows(sweep, in: db)
        }
    }

    public func sweeps() throws(StoreError) -> [SweepSummary] {
        try read { db in
            let definitions = try Row.fetchAll(db, sql: "SELECT * FROM sweeps ORDER BY created_ms DESC, name")
                .map(Store.sweepDefinition(_:))
            var trials: [String: [SweepTrialRow]] = [:]
            for trial in try Row.fetchAll(db, sql: "SELECT * FROM sweep_trials ORDER BY sweep, number").map(
                Store.trialRow)
            {
                trials[trial.sweep, default: []].append(trial)
            }
            return definitions.map { SweepSummary(definition: $0, trials: trials[$0.name] ?? []) }
        }
    }

    public func sweep(named name: String) throws(StoreError) -> SweepDefinition? {
        try read { db in try Store.sweepDefinition(name, in: db) }
    }

    // MARK: - Rows to values

    /// Runs `UPDATE sweep_trials SET <sql>` on one trial; `.unknownTrial` when it has none.
    private func updateTrial(sweep: String, number: Int, sql: String, arguments: StatementArguments) throws(StoreError)
    {
        let changed = try write { db in
            try db.execute(
                sql: "UPDATE sweep_trials SET \(sql) WHERE sweep = ? AND number = ?",
                arguments: arguments + [sweep, number])
            return db.changesCount
        }
        guard changed == 1 else { throw .unknownTrial(sweep: sweep, number: number) }
    }

    private static func markProcessGone(_ trial: inout SweepTrialRow, now: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE sweep_trials SET state = 'failed', error = ?, process_gone = 1, ended_ms = ?
                WHERE sweep = ? AND number = ? AND state = 'running'
                """, arguments: [SweepTrialRow.processGoneError, now, trial.sweep, trial.number])
        trial.state = .failed
        trial.error = SweepTrialRow.processGoneError
        trial.processGone = true
        trial.ended = Date(milliseconds: now)
    }

    static func sweepDefinition(_ name: String, in db: Database) throws -> SweepDefinition? {
        try Row.fetchOne(db, sql: "SELECT * FROM sweeps WHERE name = ?", arguments: [name]).map(sweepDefinition(_:))
    }

    static func sweepDefinition(_ row: Row) -> SweepDefinition {
        SweepDefinition(
            name: row["name"], space: ParamValue.parse(row["space"]) ?? .null, method: row["method"],
            seed: row["seed"], objective: (row["objective"] as String?).flatMap(ParamValue.parse),
            goal: SweepGoal(rawValue: row["goal"]) ?? .min, pruner: row["pruner"], trials: row["trials"],
            created: Date(milliseconds: row["created_ms"]))
    }

    static func trialRows(_ sweep: String, in db: Database) throws -> [SweepTrialRow] {
        try Row.fetchAll(db, sql: "SELECT * FROM sweep_trials WHERE sweep = ? ORDER BY number", arguments: [sweep])
            .map(trialRow)
    }

    static func trialRow(_ row: Row) -> SweepTrialRow {
        var intermediate: [Int: Double] = [:]
        for (step, value) in ParamValue.parse(row["intermediate"] ?? "{}")?.numbers ?? [:] {
            if let step = Int(step) { intermediate[step] = value }
        }
        let ended: Int64? = row["ended_ms"]
        return SweepTrialRow(
            sweep: row["sweep"], number: row["number"], params: ParamValue.parse(row["params"]) ?? .null,
            state: SweepTrialState(rawValue: row["state"]) ?? .failed, value: row["value"],
            run: (row["run_id"] as String?).map(RunID.init(rawValue:)), error: row["error"],
            processGone: row["process_gone"], intermediate: intermediate, host: row["host"], pid: row["pid"],
            heartbeat: Date(milliseconds: row["heartbeat_ms"]), started: Date(milliseconds: row["started_ms"]),
            ended: ended.map(Date.init(milliseconds:)))
    }
}
