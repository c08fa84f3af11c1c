import Foundation
import Synchronization
import Testing

@testable import Store

/// What every store promises about sweeps and trials (`SweepStore`), run against each
/// backend of `RunStoreBehaviourTests.backends`.
@Suite struct SweepStoreBehaviourTests {
    typealias Backend = RunStoreBehaviourTests.Backend

    static let space = ParamValue.record([
        ("lr", .record([("loguniform", .list([.number(1e-4), .number(0.1)]))])),
        ("depth", .record([("choice", .list([.number(1), .number(2)]))])),
    ])

    static func definition(_ name: String = "digits-mlp", trials: Int = 3, goal: SweepGoal = .max) -> SweepDefinition {
        SweepDefinition(
            name: name, space: space, method: "tpe", seed: 1,
            objective: .record([("metric", .string("val_accuracy")), ("goal", .string("max"))]),
            goal: goal, pruner: "median", trials: trials)
    }

    /// A pid no process has (above Linux's largest pid_max): its trial's worker is gone.
    static let deadPID = 2_000_000_000
    static let host = ProcessInfo.processInfo.hostName

    /// Params numbering the trial, as a sampler that sees every trial would give.
    static func counter(_ trials: [SweepTrialRow]) -> ParamValue? {
        .record([("n", .number(Double(trials.count + 1)))])
    }

    @Test(arguments: RunStoreBehaviourTests.backends)
    func aSweepIsCreatedOnceAndResumedWithTheSameSearch(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        #expect(try store.sweep(named: "digits-mlp") == nil)
        let created = try store.openSweep(Self.definition())
        #expect(created.trials == 3 && created.created.timeIntervalSince1970 > 0)
        #expect(try store.sweep(named: "digits-mlp") == created)
        // Again with more trials: the same sweep, its target raised; fewer never lower it.
        #expect(try store.openSweep(Self.definition(trials: 5)).trials == 5)
        #expect(try store.openSweep(Self.definition(trials: 2)) == store.sweep(named: "digits-mlp"))
        #expect(try store.sweep(named: "digits-mlp")?.trials == 5)
        var other = Self.definition()
        other.method = "random"
        #expect(throws: StoreError.sweepMismatch(name: "digits-mlp", field: "method", stored: "tpe", given: "random")) {
            try store.openSweep(other)
        }
        other = Self.definition()
        other.space = .record([("lr", .number(0.1))])
        #expect { try store.openSweep(other) } throws: { error in
            guard case StoreError.sweepMismatch(_, "space", _, let given) = error else { return false }
            return given == #"{"lr":0.1}"# && String(describing: error).contains("different space")
        }
        other = Self.definition()
        other.objective = nil
        #expect { try store.openSweep(other) } throws: { error in
            if case StoreError.sweepMismatch(_, "objective", _, "null") = error { true } else { false }
        }
    }

    /// Eight workers starting the same new sweep at once (as `strata` processes on
    /// several machines do): one creates it, the others open it, none fails.
    @Test(arguments: RunStoreBehaviourTests.backends)
    func workersOpeningANewSweepAtOnceShareIt(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        nonisolated(unsafe) let shared = store
        let failures = Mutex<[String]>([])
        let opened = Mutex<[SweepDefinition]>([])
        // Twenty new sweeps, each opened by eight threads at once: the window between
        // one worker's check and its insert is short, so give it many chances.
        DispatchQueue.concurrentPerform(iterations: 160) { index in
            do {
                let sweep = try shared.openSweep(Self.definition("raced-\(index / 8)"))
                opened.withLock { $0.append(sweep) }
            } catch {
                failures.withLock { $0.append(String(describing: error)) }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(opened.withLock { $0.count } == 160)
        for round in 0..<20 {
            let stored = try #require(try store.sweep(named: "raced-\(round)"))
            let sameName = opened.withLock { $0 }.filter { $0.name == stored.name }
            #expect(sameName.allSatisfy { $0.created == stored.created })
        }
    }

    @Test(arguments: RunStoreBehaviourTests.backends)
    func trialsAreClaimedInOrderUpToTheTarget(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        try store.openSweep(Self.definition())
        var seen: [[Int]] = []
        for expected in 1...3 {
            let trial = try store.claimTrial(sweep: "digits-mlp", limit: 3) { trials in
                seen.append(trials.map(\.number))
                return Self.counter(trials)
            }
            #expect(trial?.number == expected && trial?.state == .running && trial?.pid == Int(getpid()))
            #expect(trial?.params == .record([("n", .number(Double(expected)))]))
        }
        #expect(seen == [[], [1], [1, 2]], "the sampler sees every trial, running ones included")
        // Three running trials fill the target: no fourth, and the sampler is not asked.
        #expect(
            try store.claimTrial(sweep: "digits-mlp", limit: 3) { _ in
                Issue.record("sampled"); return nil
            } == nil)
        #expect(try store.trials(sweep: "digits-mlp").map(\.state) == [.running, .running, .running])
        // An exhausted space (a grid with every point handed out) ends the sweep too.
        #expect(try store.claimTrial(sweep: "digits-mlp", limit: 10) { _ in nil } == nil)
        #expect(try store.trials(sweep: "digits-mlp").count == 3)
        #expect(throws: StoreError.unknownSweep("nope")) {
            try store.claimTrial(sweep: "nope", limit: 3, sample: Self.counter)
        }
        #expect(throws: StoreError.unknownSweep("nope")) { try store.trials(sweep: "nope") }
    }

    struct SamplerFailure: Error, Equatable {}

    @Test(arguments: RunStoreBehaviourTests.backends)
    func aSamplersErrorIsRethrownAndNothingIsClaimed(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        try store.openSweep(Self.definition())
        #expect(throws: SamplerFailure()) {
            try store.claimTrial(sweep: "digits-mlp", limit: 3) { _ in throw SamplerFailure() }
        }
        #expect(try store.trials(sweep: "digits-mlp").isEmpty)
    }

    @Test(arguments: RunStoreBehaviourTests.backends)
    func trialsReportEndAndSummarise(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        try store.openSweep(Self.definition(trials: 4))
        for _ in 1...4 { _ = try store.claimTrial(sweep: "digits-mlp", limit: 4, sample: Self.counter) }
        let run = try store.beginRun(
            name: "trial-1", params: .record([]), modelSpec: nil, preprocessing: nil, data: [],
            source: "")
        try store.attachRun(run, sweep: "digits-mlp", number: 1)
        try store.reportIntermediate(sweep: "digits-mlp", number: 1, step: 1, value: 0.5)
        try store.reportIntermediate(sweep: "digits-mlp", number: 1, step: 2, value: 0.7)
        try store.reportIntermediate(sweep: "digits-mlp", number: 1, step: 2, value: 0.75)
        try store.reportIntermediate(sweep: "digits-mlp", number: 2, step: 1, value: .nan)
        try store.heartbeat(sweep: "digits-mlp", number: 3)
        try store.finishTrial(sweep: "digits-mlp", number: 1, state: .finished, value: 0.75, runID: nil, error: nil)
        try store.finishTrial(sweep: "digits-mlp", number: 2, state: .pruned, value: 0.2, runID: nil, error: nil)
        try store.finishTrial(sweep: "digits-mlp", number: 3, state: .failed, value: nil, runID: nil, error: "boom")
        try store.finishTrial(sweep: "digits-mlp", number: 4, state: .finished, value: 0.9, runID: nil, error: nil)
        let trials = try store.trials(sweep: "digits-mlp")
        #expect(trials.map(\.state) == [.finished, .pruned, .failed, .finished])
        #expect(trials[0].run == run && trials[0].intermediate == [1: 0.5, 2: 0.75] && trials[0].ended != nil)
        #expect(trials[1].intermediate[1]?.isNaN == true)
        #expect(trials[2].error == "boom" && !trials[2].processGone && trials[2].value == nil)
        // A trial whose code failed counts: the target is reached.
        #expect(try store.claimTrial(sweep: "digits-mlp", limit: 4, sample: Self.counter) == nil)
        let summary = try #require(try store.sweeps().first)
        #expect(summary.name == "digits-mlp" && summary.done == 4 && summary.running == 0)
        #expect(summary.finished == 2 && summary.pruned == 1 && summary.failed == 1)
        #expect(summary.best == 0.9 && summary.bestTrial == 4, "goal max: the higher value")
        #expect(throws: StoreError.unknownTrial(sweep: "digits-mlp", number: 9)) {
            try store.heartbeat(sweep: "digits-mlp", number: 9)
        }
        #expect(throws: StoreError.unknownTrial(sweep: "digits-mlp", number: 9)) {
            try store.reportIntermediate(sweep: "digits-mlp", number: 9, step: 1, value: 1)
        }
        #expect(throws: StoreError.trialNotEnded(sweep: "digits-mlp", number: 1)) {
            try store.finishTrial(sweep: "digits-mlp", number: 1, state: .running, value: nil, runID: nil, error: nil)
        }
    }

    @Test(arguments: RunStoreBehaviourTests.backends)
    func aTrialWhoseWorkerIsGoneFailsAndIsReplaced(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        try store.openSweep(Self.definition(trials: 2))
        // Trial 1's process, on this host, no longer exists.
        _ = try store.claimTrial(
            sweep: "digits-mlp", limit: 2, host: Self.host, pid: Self.deadPID, sample: Self.counter)
        // Trial 2's, on another host, cannot be checked: it stays running while its heartbeat is fresh.
        _ = try store.claimTrial(sweep: "digits-mlp", limit: 2, host: "elsewhere", pid: 1, sample: Self.counter)
        let third = try store.claimTrial(sweep: "digits-mlp", limit: 2, sample: Self.counter)
        #expect(third?.number == 3, "the gone trial does not count toward the target")
        var trials = try store.trials(sweep: "digits-mlp")
        #expect(trials.map(\.state) == [.failed, .running, .running])
        #expect(trials[0].error == SweepTrialRow.processGoneError && trials[0].processGone && trials[0].ended != nil)
        // A heartbeat older than the timeout marks any host's trial gone (a timeout below
        // zero makes every heartbeat old).
        let fourth = try store.claimTrial(
            sweep: "digits-mlp", limit: 2, host: Self.host, pid: Int(getpid()),
            staleAfter: -1, sample: Self.counter)
        #expect(fourth?.number == 4)
        trials = try store.trials(sweep: "digits-mlp")
        #expect(trials.map(\.state) == [.failed, .failed, .failed, .running])
        #expect(try store.sweeps().first?.done == 0)
        // The worker of a trial marked gone that reports after all is believed.
        try store.finishTrial(sweep: "digits-mlp", number: 2, state: .finished, value: 0.5, runID: nil, error: nil)
        let second = try store.trials(sweep: "digits-mlp")[1]
        #expect(second.state == .finished && !second.processGone && second.error == nil)
    }

    @Test(arguments: RunStoreBehaviourTests.backends)
    func runsOfASweepAreItsTrialsRuns(_ backend: Backend) throws {
        let (store, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        try store.openSweep(Self.definition())
        let trial = try #require(try store.claimTrial(sweep: "digits-mlp", limit: 3, sample: Self.counter))
        let run = try store.beginRun(
            name: "a-trial", params: .record([("lr", .number(0.01))]), modelSpec: nil,
            preprocessing: nil, data: [], source: "")
        try store.attachRun(run, sweep: "digits-mlp", number: trial.number)
        _ = try store.beginRun(
            name: "not-a-trial", params: .record([]), modelSpec: nil, preprocessing: nil, data: [],
            source: "")
        #expect(
            try store.runs(sort: "-created", limit: nil, filter: RunFilter(sweep: "digits-mlp")).map(\.name) == [
                "a-trial"
            ])
        #expect(try store.runCount(filter: RunFilter(sweep: "digits-mlp")) == 1)
        #expect(try store.runCount(filter: RunFilter(sweep: "other")) == 0)
        try store.finishRun(run, outcome: .pruned(epoch: 2), metrics: ["val_accuracy": 0.4], weights: nil, error: nil)
        let pruned = try store.run("a-trial").summary
        #expect(
            pruned.status == .pruned && pruned.outcome == .pruned(epoch: 2) && pruned.metrics == ["val_accuracy": 0.4])
        #expect(
            try store.runs(sort: "-created", limit: nil, filter: RunFilter(status: .pruned)).map(\.name) == ["a-trial"])
    }

    /// Four workers (each with its own store handle, as separate processes have) claim
    /// until the sweep is full: every number once, 1 to 40, none beyond.
    @Test(arguments: RunStoreBehaviourTests.backends)
    func concurrentWorkersClaimEachTrialOnce(_ backend: Backend) throws {
        let shared = try backend.make()
        defer { withExtendedLifetime(shared.keepAlive) {} }
        // The folder store's workers open the folder each; the memory store is shared.
        let sharedStore = shared.store
        let folder = (sharedStore as? Store)?.root
        try shared.store.openSweep(Self.definition(trials: 40))
        let claimed = Mutex<[Int]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let store: any RunStore = try folder.map { try Store.open(at: $0) } ?? sharedStore
                while let trial = try store.claimTrial(sweep: "digits-mlp", limit: 40, sample: Self.counter) {
                    claimed.withLock { $0.append(trial.number) }
                    try store.finishTrial(
                        sweep: "digits-mlp", number: trial.number, state: .finished,
                        value: Double(trial.number), runID: nil, error: nil)
                }
            } catch {
                failures.withLock { $0.append(String(describing: error)) }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(claimed.withLock { $0.sorted() } == Array(1...40))
        let trials = try shared.store.trials(sweep: "digits-mlp")
        #expect(trials.count == 40 && trials.allSatisfy { $0.state == .finished })
        #expect(trials.map(\.params) == (1...40).map { .record([("n", .number(Double($0)))]) })
    }
}
