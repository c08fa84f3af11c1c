import Experiments
import Foundation
import Learn
import Render
import Store

/// One call of `sweep`: its arguments checked before any trial, then trials claimed
/// from the store one at a time (so several processes share a named sweep), each
/// closure call scored and recorded, with a live table of trials in the cell.
struct SweepRunner {
    let call: BuiltinCall

    init(_ call: BuiltinCall) {
        self.call = call
    }

    func run() throws(RuntimeError) -> Value {
        let body = call.value("body")
        if let body, !body.isCallable { throw call.mismatch("body", expected: "a closure { params in ... }") }
        let name = try call.optionalString("name")
        let store = try sweepStore()
        guard let body else {
            // sweep(name: n): load a recorded sweep.
            guard let name else {
                throw call.failure("pass a closure to run a sweep, or name: to load one: sweep(space) { p in ... }")
            }
            return .native(try load(name, from: store))
        }
        guard call.has("space") else { throw call.failure("pass the search space first: sweep(space) { p in ... }") }
        let space = try searchSpace()
        let trials = try call.positiveInteger("trials")
        let method = try self.method()
        let objective = try self.objective()
        let seed = try call.seed("seed")
        let direction: SweepDirection = objective?.goal == .max ? .maximize : .minimize
        let pruner = try self.pruner()
        let sampler = try self.sampler(method, space: space, seed: seed)
        let timeout: Double? = call.argument("timeout").isNil ? nil : try call.number("timeout")
        if let timeout, !(timeout > 0) {
            throw call.invalid("timeout", "'timeout' must be a number of seconds above 0")
        }
        let sweepName = name ?? "sweep-" + RunID.generate().rawValue
        let definition = SweepDefinition(
            name: sweepName, space: SweepRunner.param(space), method: method, seed: Int(seed),
            objective: objective?.record, goal: direction == .maximize ? .max : .min,
            pruner: pruner?.name, trials: trials)
        let opened: SweepDefinition
        do throws(StoreError) {
            opened = try store.openSweep(definition)
        } catch {
            throw call.invalid("name", error.description)
        }
        let display = SweepDisplay(host: call.host, id: "strata-sweep-" + RunID.generate().rawValue)
        let started = Date()
        while true {
            try call.checkInterrupt()
            if let timeout, Date().timeIntervalSince(started) >= timeout { break }
            let claimed: SweepTrialRow?
            do {
                claimed = try store.claimTrial(sweep: sweepName, limit: opened.trials) { rows in
                    let next = (rows.map(\.number).max() ?? 0) + 1
                    guard
                        let params = try sampler.sample(
                            space: space, trials: rows.map(SweepTrialRow.trial),
                            direction: direction, number: next)
                    else { return nil }
                    return .record(space.ordered(params).map { ($0.name, $0.value.param) })
                }
            } catch {
                throw call.failure("the sweep could not claim a trial: \(error)")
            }
            guard let trial = claimed else { break }
            display.show(SweepRunner.snapshot(store, opened, space))
            try runTrial(
                trial, body: body, store: store, sweep: sweepName, space: space, objective: objective,
                direction: direction, pruner: pruner?.pruner, display: display, definition: opened)
            display.show(SweepRunner.snapshot(store, opened, space))
        }
        let result = try load(sweepName, from: store)
        display.show(SweepReport(definition: result.definition, space: space, rows: result.rows).table)
        return .native(result)
    }

    // MARK: One trial

    private func runTrial(
        _ trial: SweepTrialRow, body: Value, store: any SweepStore, sweep: String, space: SearchSpace,
        objective: Objective?, direction: SweepDirection, pruner: (any SweepPruner)?,
        display: SweepDisplay, definition: SweepDefinition
    ) throws(RuntimeError) {
        let active = ActiveTrial(
            sweep: sweep, number: trial.number, store: store, pruner: pruner, direction: direction,
            objective: objective)
        let params = SweepTrialRow.trial(trial).params
        let record = Record(space.ordered(params).map { ($0.name, $0.value.value) })
        func finish(_ state: SweepTrialState, _ value: Double?, _ run: RunID?, _ error: String?) {
            do throws(StoreError) {
                try store.finishTrial(
                    sweep: sweep, number: trial.number, state: state, value: value, runID: run, error: error)
            } catch {
                call.host.write("sweep: trial \(trial.number) could not be recorded: \(error)\n", to: .stderr)
            }
        }
        let answer: Value
        do throws(RuntimeError) {
            answer = try call.activeTrials.with(active) { () throws(RuntimeError) in
                try call.call(body, [.record(record)])
            }
        } catch {
            if case .interrupted = error {
                finish(.failed, nil, active.run, "interrupted")
                throw error
            }
            finish(.failed, nil, active.run, error.message)
            call.host.write("sweep: trial \(trial.number) failed: \(error.message)\n", to: .stderr)
            return
        }
        if let problem = active.problem {
            call.host.write("sweep: trial \(trial.number): \(problem)\n", to: .stderr)
        }
        switch answer {
        case .number(let number):
            finish(
                number.isFinite ? .finished : .failed, number.isFinite ? number : nil, active.run,
                number.isFinite ? nil : "the closure returned \(number)")
        case .native(let native) where native is RunValue:
            let run = native as! RunValue
            let metrics = Dictionary(
                run.finalMetrics.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            let runID = RunID(rawValue: run.id)
            if run.status == .pruned {
                // A pruned trial's value is the last one it reported (as Optuna's).
                let last = SweepObjective.value(
                    of: run.epochs.last.map { epoch in
                        Dictionary(
                            epoch.namedValues(metrics: run.metrics).map { ($0.name, $0.value) },
                            uniquingKeysWith: { first, _ in first })
                    } ?? [:], objective: objective)
                finish(.pruned, last, runID, nil)
            } else if let value = SweepObjective.value(of: metrics, objective: objective), value.isFinite {
                finish(.finished, value, runID, nil)
            } else {
                let wanted = objective?.description ?? "val_loss"
                finish(.failed, nil, runID, "run \(run.id) has no \(wanted)")
                call.host.write("sweep: trial \(trial.number): run \(run.id) has no \(wanted)\n", to: .stderr)
            }
        default:
            let message = "the closure must return the run of its fit or a number, got \(answer.typeName)"
            finish(.failed, nil, active.run, message)
            call.host.write("sweep: trial \(trial.number) failed: \(message)\n", to: .stderr)
        }
    }

    // MARK: Arguments

    private func searchSpace() throws(RuntimeError) -> SearchSpace {
        guard case .record(let fields) = call.argument("space") else {
            throw call.mismatch("space", expected: "a record of distributions such as [lr: loguniform(1e-4, 1e-1)]")
        }
        var distributions: [(name: String, distribution: SweepDistribution)] = []
        var fixed: [(name: String, value: SweepValue)] = []
        for (name, value) in fields.fields {
            if case .native(let native) = value, let distribution = native as? DistributionValue {
                distributions.append((name, distribution.distribution))
            } else if let constant = SweepBuiltins.sweepValue(value) {
                fixed.append((name, constant))
            } else {
                throw call.invalid(
                    "space",
                    "'\(name)' must be a distribution (uniform, loguniform, integer, choice) "
                        + "or a fixed number, string, boolean or nil, got a \(value.typeName)")
            }
        }
        guard !distributions.isEmpty else {
            throw call.invalid("space", "the space has nothing to search: give at least one distribution")
        }
        do throws(SweepSpaceError) {
            return try SearchSpace(distributions, fixed: fixed)
        } catch {
            throw call.invalid("space", error.description)
        }
    }

    private func method() throws(RuntimeError) -> String {
        let methods = ["tpe", "random", "grid"]
        guard case .string(let text) = call.argument("method") else {
            throw call.mismatch("method", expected: "\"tpe\", \"random\" or \"grid\"")
        }
        guard methods.contains(text) else {
            throw call.invalid("method", BuiltinCall.unknown("method", text, among: methods))
        }
        return text
    }

    private func objective() throws(RuntimeError) -> Objective? {
        switch call.argument("objective") {
        case .nil: return nil
        case .native(let native) where native is ObjectiveValue: return (native as! ObjectiveValue).objective
        case .string(let metric):
            do throws(ObjectiveError) {
                return try Objective(metric: metric)
            } catch {
                throw call.invalid("objective", error.description)
            }
        default:
            throw call.mismatch(
                "objective", expected: "an objective such as objective(\"val_accuracy\"), or a metric name")
        }
    }

    private func pruner() throws(RuntimeError) -> (name: String, pruner: any SweepPruner)? {
        switch call.argument("pruner") {
        case .nil: return nil
        case .string("median"):
            return ("median", try! MedianPruner())
        case .string("hyperband"):
            // Resources are epochs; the fit inside decides how many, so the brackets
            // are set for up to 100 and a shorter fit simply ends sooner.
            return ("hyperband", try! HyperbandPruner(minResource: 1, maxResource: 100, reductionFactor: 3))
        case .string(let text):
            throw call.invalid("pruner", BuiltinCall.unknown("pruner", text, among: ["median", "hyperband"]))
        default:
            throw call.mismatch("pruner", expected: "nil, \"median\" or \"hyperband\"")
        }
    }

    private func sampler(_ method: String, space: SearchSpace, seed: UInt64) throws(RuntimeError) -> any SweepSampler {
        switch method {
        case "random": return RandomSampler(seed: seed)
        case "grid":
            do throws(SweepSpaceError) {
                _ = try GridSampler.pointCount(of: space)
            } catch {
                throw call.invalid("method", error.description)
            }
            return GridSampler(seed: seed)
        default: return try! TPESampler(seed: seed)
        }
    }

    /// The session's store as a sweep store, or memory when it cannot be used.
    private func sweepStore() throws(RuntimeError) -> any SweepStore {
        do throws(RuntimeError) {
            return try call.store()
        } catch {
            return call.services.get(MemorySweeps.self) { () throws(Never) in MemorySweeps() }.store
        }
    }

    // MARK: Reading back

    private func load(_ name: String, from store: any SweepStore) throws(RuntimeError) -> SweepSearchValue {
        let definition: SweepDefinition
        let rows: [SweepTrialRow]
        let found: SweepDefinition?
        do throws(StoreError) {
            found = try store.sweep(named: name)
            rows = found == nil ? [] : try store.trials(sweep: name)
        } catch {
            throw call.invalid("name", error.description)
        }
        guard let found else {
            let known = (try? store.sweeps().map(\.name)) ?? []
            let hint = Suggestion.closest(to: name, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            throw call.invalid("name", "no sweep named '\(name)'\(hint)")
        }
        definition = found
        guard let space = SweepReport.space(definition.space) else {
            throw call.invalid("name", "the space recorded for sweep '\(name)' does not read")
        }
        let bestRun = SweepReport.best(rows, goal: definition.goal).flatMap { row in
            row.run.flatMap { id in
                call.trainingRuns.find(id.rawValue) ?? (try? call.findRun(id.rawValue, at: call.span))
            }
        }
        return SweepSearchValue(definition: definition, space: space, rows: rows, bestRun: bestRun)
    }

    static func snapshot(_ store: any SweepStore, _ definition: SweepDefinition, _ space: SearchSpace) -> Table {
        SweepReport(definition: definition, space: space, rows: (try? store.trials(sweep: definition.name)) ?? []).table
    }

    /// The space as the store keeps it (its JSON form as a param).
    static func param(_ space: SearchSpace) -> ParamValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: (try? encoder.encode(space)) ?? Data("{}".utf8), as: UTF8.self)
        return ParamValue.parse(json) ?? .record([])
    }
}

/// Sweeps kept in memory for a session whose store folder cannot be used.
final class MemorySweeps {
    let store = MemoryStore()
}

/// The cell's live table of trials, shown once and updated in place.
final class SweepDisplay {
    private let host: Host
    private let id: String
    private var shown = false

    init(host: Host, id: String) {
        self.host = host
        self.id = id
    }

    func show(_ table: Table) {
        if shown { host.update(table.bundle(), id: id) } else { host.display(table.bundle(), id: id) }
        shown = true
    }
}
