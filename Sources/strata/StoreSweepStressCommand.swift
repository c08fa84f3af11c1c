import ArgumentParser
import Foundation
import Store
import StorePostgres

/// `strata store sweep-stress --sweep NAME --trials N [--sleep-ms M] [--runs]`: claims
/// trials of a sweep until none are left, printing `claimed N` (once its run, with
/// `--runs`, is recorded) and, after "training" for M ms, `finished N`; for the
/// concurrency and crash tests of the claim protocol (hidden from help). Its sampler
/// hands out `{"n": <number>}`, so a repeated or skipped number shows. `--store
/// postgres://...` works on the team store (objects in `STRATA_OBJECTS`), as the
/// multi-machine tests need.
struct StoreSweepStressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep-stress", abstract: "Claim and finish a sweep's trials until none are left (for tests).",
        shouldDisplay: false)

    @OptionGroup var options: StoreCommandOptions

    @Option(help: "The sweep to work on (created when missing).")
    var sweep = "stress"

    @Option(help: "The sweep's target number of trials.")
    var trials = 40

    @Option(help: "How long each trial trains, in milliseconds.")
    var sleepMs = 0

    @Flag(help: "Record a run for each trial, as a sweep's fit does.")
    var runs = false

    func run() throws {
        let store: any RunStore
        if let location = options.store, PostgresSettings.isURL(location) {
            store = try TeamStoreOpening.open(location)
        } else {
            store = try options.openCreating(for: "store sweep-stress")
        }
        let definition = SweepDefinition(
            name: sweep, space: .record([("n", .string("counter"))]), method: "counter",
            seed: 0, objective: nil, goal: .min, pruner: nil, trials: trials)
        try StoreCommandFailure.reporting { () throws(StoreError) in
            try store.openSweep(definition)
            while let trial = try claim(store) {
                let run =
                    try runs
                    ? store.beginRun(
                        name: "\(sweep)-\(trial.number)", params: trial.params, modelSpec: nil,
                        preprocessing: nil, data: [],
                        source: "sweep-stress") : nil
                if let run { try store.attachRun(run, sweep: sweep, number: trial.number) }
                // Only now: a test that kills this process on the line finds the run recorded.
                emit("claimed \(trial.number)")
                if sleepMs > 0 { Thread.sleep(forTimeInterval: Double(sleepMs) / 1000) }
                let value = Double(trial.number)
                try store.reportIntermediate(sweep: sweep, number: trial.number, step: 1, value: value)
                if let run {
                    try store.appendEpoch(run, epoch: 1, metrics: ["loss": value])
                    // Weights named by the run: their object is stored before the row names it.
                    try store.finishRun(
                        run, outcome: .completed, metrics: ["loss": value],
                        weights: Data("weights of \(sweep) trial \(trial.number)".utf8), error: nil)
                }
                try store.finishTrial(
                    sweep: sweep, number: trial.number, state: .finished, value: value, runID: run,
                    error: nil)
                emit("finished \(trial.number)")
            }
        }
    }

    /// The next trial, numbered in its params as it is in the store.
    private func claim(_ store: any RunStore) throws(StoreError) -> SweepTrialRow? {
        do {
            return try store.claimTrial(sweep: sweep, limit: trials) { existing in
                .record([("n", .number(Double((existing.map(\.number).max() ?? 0) + 1)))])
            }
        } catch let error as StoreError {
            throw error
        } catch {
            // The sampler above cannot throw; anything else is the store's.
            throw .database(String(describing: error))
        }
    }
}
