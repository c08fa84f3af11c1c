import Testing

@testable import Experiments

/// The median and Hyperband pruners on hand-made trial records.
@Suite struct PrunerTests {
    func finished(_ number: Int, _ steps: [Int: Double]) -> SweepTrial {
        SweepTrial(
            number: number, params: [:], value: steps.max { $0.key < $1.key }?.value, state: .finished,
            intermediate: steps)
    }

    func running(_ number: Int, _ steps: [Int: Double]) -> SweepTrial {
        SweepTrial(number: number, params: [:], state: .running, intermediate: steps)
    }

    /// Five finished trials whose values at step 2 are 1...5 (median 3).
    var five: [SweepTrial] { (0..<5).map { finished($0, [0: 10, 1: 8, 2: Double($0 + 1), 3: 0]) } }

    @Test("median: prunes a trial whose best so far is worse than the finished trials' median at the step")
    func median() throws {
        let pruner = try MedianPruner()
        #expect(pruner.shouldPrune(trial: running(9, [0: 10, 1: 6, 2: 4]), step: 2, all: five, direction: .minimize))
        #expect(!pruner.shouldPrune(trial: running(9, [0: 10, 1: 6, 2: 3]), step: 2, all: five, direction: .minimize))
        // The best so far counts, not the last value: 2.5 at step 1 keeps it despite 4 at step 2.
        #expect(!pruner.shouldPrune(trial: running(9, [1: 2.5, 2: 4]), step: 2, all: five, direction: .minimize))
        // Maximising: 2 is below the median 3; 10 earlier is above it.
        #expect(pruner.shouldPrune(trial: running(9, [2: 2]), step: 2, all: five, direction: .maximize))
        #expect(!pruner.shouldPrune(trial: running(9, [0: 10, 2: 2]), step: 2, all: five, direction: .maximize))
        // An even count takes the mean of the middle two: 1, 2, 3, 4 -> 2.5.
        let four = Array(five.prefix(4)) + [finished(4, [0: 1])]
        let atLeastFour = try MedianPruner(startupTrials: 4)
        #expect(atLeastFour.shouldPrune(trial: running(9, [2: 2.6]), step: 2, all: four, direction: .minimize))
        #expect(!atLeastFour.shouldPrune(trial: running(9, [2: 2.5]), step: 2, all: four, direction: .minimize))
    }

    @Test("median: no pruning before enough trials finish, during warm-up, or where none reported the step")
    func medianWaits() throws {
        let pruner = try MedianPruner()
        let bad = running(9, [0: 100, 1: 100, 2: 100])
        // Four finished, plus running, pruned and failed trials that do not count.
        let others = [
            running(5, [2: 0]), SweepTrial(number: 6, params: [:], state: .pruned, intermediate: [2: 0]),
            SweepTrial(number: 7, params: [:], state: .failed, intermediate: [2: 0]),
        ]
        #expect(!pruner.shouldPrune(trial: bad, step: 2, all: Array(five.prefix(4)) + others, direction: .minimize))
        #expect(pruner.shouldPrune(trial: bad, step: 2, all: five + others, direction: .minimize))
        // The trial's own record among `all` is not one of the finished.
        #expect(
            !pruner.shouldPrune(
                trial: bad, step: 2, all: Array(five.prefix(4)) + [finished(9, [2: 0])],
                direction: .minimize))
        #expect(!(try MedianPruner(warmupSteps: 3)).shouldPrune(trial: bad, step: 2, all: five, direction: .minimize))
        #expect(!pruner.shouldPrune(trial: running(9, [7: 100]), step: 7, all: five, direction: .minimize))
        #expect(pruner.shouldPrune(trial: running(9, [1: .nan, 2: .nan]), step: 2, all: five, direction: .minimize))
    }

    @Test("hyperband: floor(log_eta(max / min)) + 1 brackets, each with Hyperband's share of trials")
    func brackets() throws {
        #expect(try HyperbandPruner(maxResource: 27).bracketBudgets == [27, 12, 6, 4])
        #expect(try HyperbandPruner(maxResource: 26).bracketBudgets.count == 3)
        #expect(try HyperbandPruner(maxResource: 1).bracketBudgets == [1])
        #expect(try HyperbandPruner(minResource: 2, maxResource: 100, reductionFactor: 4).bracketBudgets.count == 3)
        let pruner = try HyperbandPruner(maxResource: 27)
        var counts = [0, 0, 0, 0]
        for number in 0..<4900 { counts[pruner.bracket(of: number)] += 1 }
        // About 2700, 1200, 600 and 400 of the 4900 trials.
        #expect(zip(counts, [2700, 1200, 600, 400]).allSatisfy { abs($0 - $1) < $1 / 5 })
        #expect(pruner.rungStep(bracket: 0, rung: 0) == 1 && pruner.rungStep(bracket: 0, rung: 2) == 9)
        #expect(pruner.rungStep(bracket: 2, rung: 0) == 9)
    }

    /// `count` trial numbers that hash into `bracket`.
    func numbers(in bracket: Int, count: Int, of pruner: HyperbandPruner) -> [Int] {
        Array((0...).lazy.filter { pruner.bracket(of: $0) == bracket }.prefix(count))
    }

    @Test("hyperband: at a rung, a trial is kept if among the best 1/eta of its bracket's values there")
    func rung() throws {
        let pruner = try HyperbandPruner(maxResource: 27)
        let ids = numbers(in: 0, count: 7, of: pruner)
        // Five rivals reached rung 0 (step 1) with 1...5; bracket 1's trial did better and is no rival.
        let other = numbers(in: 1, count: 1, of: pruner)[0]
        let rivals = (0..<5).map { finished(ids[$0], [1: Double($0 + 1), 2: 0]) } + [finished(other, [1: -100])]
        // Six values at the rung: the best two go on.
        #expect(!pruner.shouldPrune(trial: running(ids[5], [1: 1.5]), step: 1, all: rivals, direction: .minimize))
        #expect(pruner.shouldPrune(trial: running(ids[5], [1: 2.5]), step: 1, all: rivals, direction: .minimize))
        #expect(!pruner.shouldPrune(trial: running(ids[5], [1: 4.5]), step: 1, all: rivals, direction: .maximize))
        #expect(pruner.shouldPrune(trial: running(ids[5], [1: 3.5]), step: 1, all: rivals, direction: .maximize))
        #expect(pruner.shouldPrune(trial: running(ids[5], [1: .nan]), step: 1, all: rivals, direction: .minimize))
        // Between rungs (step 2, after reporting at 1) nothing is judged; at step 3, rung 1 is.
        let passed = running(ids[5], [1: 1.5, 2: 50])
        #expect(!pruner.shouldPrune(trial: passed, step: 2, all: rivals, direction: .minimize))
        let atRungOne = running(ids[5], [1: 1.5, 2: 50, 3: 50])
        let rungOneRivals = [
            finished(ids[0], [1: 1, 3: 0.5]), finished(ids[1], [1: 2, 3: 0.7]), finished(ids[2], [1: 1, 3: 0.9]),
        ]
        #expect(pruner.shouldPrune(trial: atRungOne, step: 3, all: rungOneRivals, direction: .minimize))
    }

    @Test("hyperband: with fewer than eta trials at a rung only the best goes on; a later bracket waits longer")
    func fewAndLate() throws {
        let pruner = try HyperbandPruner(maxResource: 27)
        let ids = numbers(in: 0, count: 2, of: pruner)
        #expect(!pruner.shouldPrune(trial: running(ids[0], [1: 5]), step: 1, all: [], direction: .minimize))
        #expect(
            pruner.shouldPrune(
                trial: running(ids[1], [1: 6]), step: 1, all: [finished(ids[0], [1: 5])],
                direction: .minimize))
        #expect(
            !pruner.shouldPrune(
                trial: running(ids[1], [1: 4]), step: 1, all: [finished(ids[0], [1: 5])],
                direction: .minimize))
        // Bracket 2's first rung is at step 9: before it, nothing is pruned.
        let late = numbers(in: 2, count: 2, of: pruner)
        let worse = running(late[1], [1: 99, 3: 99, 8: 99])
        #expect(!pruner.shouldPrune(trial: worse, step: 8, all: [finished(late[0], [9: 0])], direction: .minimize))
        // A report jumping past several rungs is judged at each with its one value (Optuna's loop).
        let jump = running(ids[1], [27: 6])
        #expect(
            pruner.shouldPrune(
                trial: jump, step: 27, all: [finished(ids[0], [1: 9, 3: 9, 9: 9, 27: 5])],
                direction: .minimize))
    }

    @Test("pruner settings out of range are refused")
    func settings() {
        #expect(throws: SweepSettingError.tooSmall(setting: "reductionFactor", value: 1, minimum: 2)) {
            try HyperbandPruner(maxResource: 10, reductionFactor: 1)
        }
        #expect(throws: SweepSettingError.tooSmall(setting: "maxResource", value: 2, minimum: 3)) {
            try HyperbandPruner(minResource: 3, maxResource: 2)
        }
        #expect(throws: SweepSettingError.tooSmall(setting: "warmupSteps", value: -1, minimum: 0)) {
            try MedianPruner(warmupSteps: -1)
        }
    }
}
