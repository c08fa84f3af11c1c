import Experiments
import Learn
import Store

/// The sweep trial whose closure is running, if any: the `fit` inside it reports each
/// epoch's objective value to the sweep's store (so other workers' pruners and samplers
/// see it) and asks the pruner whether to stop. Kept in the session's services for the
/// length of one trial; a `fit` outside a sweep finds none.
final class ActiveTrials {
    private(set) var current: ActiveTrial?

    /// Runs `body` with `trial` active, and none after.
    func with<T>(_ trial: ActiveTrial, _ body: () throws(RuntimeError) -> T) throws(RuntimeError) -> T {
        let outer = current
        current = trial
        defer { current = outer }
        return try body()
    }
}

/// One running trial of a sweep.
final class ActiveTrial {
    let sweep: String
    let number: Int
    let store: any SweepStore
    let pruner: (any SweepPruner)?
    let direction: SweepDirection
    let objective: Objective?
    /// Set once the pruner said to stop; the fit then ends `pruned`.
    private(set) var pruned = false
    /// The run the trial's fit recorded (the first one, if the closure fits twice).
    private(set) var run: RunID?
    /// A store problem met while reporting, said once.
    private(set) var problem: String?

    init(
        sweep: String, number: Int, store: any SweepStore, pruner: (any SweepPruner)?, direction: SweepDirection,
        objective: Objective?
    ) {
        self.sweep = sweep
        self.number = number
        self.store = store
        self.pruner = pruner
        self.direction = direction
        self.objective = objective
    }

    /// The trial's fit began as `run`.
    func started(run id: RunID) {
        guard run == nil else { return }
        run = id
        attempt { () throws(StoreError) in try store.attachRun(id, sweep: sweep, number: number) }
    }

    /// An epoch ended with these values (`loss`, `val_loss`, `val_accuracy`...): its
    /// objective value is recorded, and the pruner asked.
    func epochEnded(_ epoch: Int, values: [String: Double]) {
        guard let value = SweepObjective.value(of: values, objective: objective) else { return }
        attempt { () throws(StoreError) in
            try store.reportIntermediate(sweep: sweep, number: number, step: epoch, value: value)
        }
        guard let pruner, !pruned else { return }
        let all: [SweepTrial]
        do throws(StoreError) {
            all = try store.trials(sweep: sweep).map(SweepTrialRow.trial)
        } catch {
            problem = problem ?? error.description
            return
        }
        guard let mine = all.first(where: { $0.number == number }) else { return }
        pruned = pruner.shouldPrune(trial: mine, step: epoch, all: all, direction: direction)
    }

    private func attempt(_ body: () throws(StoreError) -> Void) {
        do throws(StoreError) { try body() } catch { problem = problem ?? error.description }
    }
}

/// A trial's value: the objective's score of a run's (or an epoch's) metrics, or, with
/// no objective, the validation loss (the training loss when there is no validation).
enum SweepObjective {
    static func value(of metrics: [String: Double], objective: Objective?) -> Double? {
        if let objective { return objective.score(metrics) }
        return metrics["val_loss"] ?? metrics["loss"]
    }
}

extension SweepValue {
    /// The value as the language sees it.
    var value: Value {
        switch self {
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .null: .nil
        }
    }
}

extension BuiltinCall {
    /// The session's active sweep trials.
    var activeTrials: ActiveTrials {
        services.get(ActiveTrials.self) { () throws(Never) in ActiveTrials() }
    }
}
