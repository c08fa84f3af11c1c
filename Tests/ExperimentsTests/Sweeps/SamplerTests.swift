import Experiments
import Foundation
import Testing

/// Random, grid and TPE samplers: reproducible from the seed and trial number, within
/// the space, and the grid exactly once.
@Suite struct SamplerTests {
    /// Every kind of distribution at once.
    static let mixed = try! SearchSpace(
        [
            ("lr", .logUniform(lo: 1e-4, hi: 1e-1)),
            ("units", .integer(lo: 16, hi: 256, log: true, step: 1)),
            ("layers", .integer(lo: 1, hi: 9, log: false, step: 2)),
            ("dropout", .uniform(lo: 0, hi: 0.5, step: nil)),
            ("momentum", .uniform(lo: 0.8, hi: 0.99, step: 0.01)),
            ("activation", .choice([.string("relu"), .string("tanh"), .null, .bool(false), .number(3)])),
        ], fixed: [("epochs", .number(20))])

    /// A made-up objective over `mixed`, with a categorical part, an integer part and a log part.
    static func objective(_ p: [String: SweepValue]) -> Double {
        let lr = p["lr"]!.number!, units = p["units"]!.number!, layers = p["layers"]!.number!
        let activation = p["activation"]! == .string("tanh") ? 0.0 : 1.0
        let scale: Double = abs(log10(lr) + 2.5) + abs(log2(units) - 6) / 4
        let rest: Double = abs(layers - 5) / 4 + p["dropout"]!.number! + abs(p["momentum"]!.number! - 0.9)
        return scale + rest + activation
    }

    static func isInSpace(_ params: [String: SweepValue]) -> Bool {
        mixed.distributions.allSatisfy { name, distribution in
            guard let value = params[name] else { return false }
            switch distribution {
            case .logUniform(let lo, let hi), .uniform(let lo, let hi, nil):
                return value.number.map { $0 >= lo && $0 <= hi } ?? false
            default:
                return distribution.index(of: value) != nil
            }
        } && params["epochs"] == .number(20) && params.count == 7
    }

    static let samplers: [@Sendable (UInt64) throws -> any SweepSampler] = [
        { RandomSampler(seed: $0) },
        { try TPESampler(seed: $0) },
        { try TPESampler(seed: $0, multivariate: false) },
    ]

    @Test("the same seed gives the same trials; another seed others", arguments: 0..<3)
    func reproducible(_ which: Int) throws {
        let make = Self.samplers[which]
        let first = try SweepBenchmarkFunctions.run(
            try make(1), space: Self.mixed, count: 30, objective: Self.objective)
        let again = try SweepBenchmarkFunctions.run(
            try make(1), space: Self.mixed, count: 30, objective: Self.objective)
        let other = try SweepBenchmarkFunctions.run(
            try make(2), space: Self.mixed, count: 30, objective: Self.objective)
        #expect(first == again)
        #expect(first.map(\.params) != other.map(\.params))
        #expect(first.allSatisfy { Self.isInSpace($0.params) })
    }

    @Test("a trial's params depend on its number and the records, not on the order they are listed in")
    func orderIndependent() throws {
        let tpe = try TPESampler(seed: 4)
        let trials = try SweepBenchmarkFunctions.run(tpe, space: Self.mixed, count: 25, objective: Self.objective)
        let a = try tpe.sample(space: Self.mixed, trials: trials, direction: .minimize, number: 25)
        let b = try tpe.sample(space: Self.mixed, trials: trials.reversed(), direction: .minimize, number: 25)
        #expect(a == b)
        // The new trial's own running record is ignored.
        let withSelf = trials + [SweepTrial(number: 25, params: [:])]
        #expect(try tpe.sample(space: Self.mixed, trials: withSelf, direction: .minimize, number: 25) == a)
    }

    @Test("TPE's start-up trials are the random sampler's")
    func startup() throws {
        let tpe = try SweepBenchmarkFunctions.run(
            try TPESampler(seed: 9), space: Self.mixed, count: 12, objective: Self.objective)
        let random = try SweepBenchmarkFunctions.run(
            RandomSampler(seed: 9), space: Self.mixed, count: 12, objective: Self.objective)
        #expect(tpe.prefix(10).map(\.params) == random.prefix(10).map(\.params))
        #expect(tpe[10].params != random[10].params)
    }

    @Test("TPE does better than random search on a space with every kind of distribution", arguments: [true, false])
    func mixedSpace(multivariate: Bool) throws {
        var tpe: [Double] = [], random: [Double] = []
        for seed: UInt64 in 0..<5 {
            tpe.append(
                SweepBenchmarkFunctions.best(
                    try SweepBenchmarkFunctions.run(
                        try TPESampler(seed: seed, multivariate: multivariate), space: Self.mixed, count: 60,
                        objective: Self.objective)))
            random.append(
                SweepBenchmarkFunctions.best(
                    try SweepBenchmarkFunctions.run(
                        RandomSampler(seed: seed), space: Self.mixed, count: 60, objective: Self.objective)))
        }
        #expect(SweepBenchmarkFunctions.median(tpe) < SweepBenchmarkFunctions.median(random))
    }

    @Test("maximising -f samples exactly as minimising f")
    func maximize() throws {
        let space = SweepBenchmarkFunctions.braninSpace
        let up = try SweepBenchmarkFunctions.run(try TPESampler(seed: 0), space: space, count: 40, direction: .maximize)
        {
            -SweepBenchmarkFunctions.branin($0)
        }
        let down = try SweepBenchmarkFunctions.run(
            try TPESampler(seed: 0), space: space, count: 40,
            objective: SweepBenchmarkFunctions.branin)
        #expect(up.map(\.params) == down.map(\.params))
    }

    @Test("running, pruned and failed trials are taken in without breaking the sampler")
    func otherStates() throws {
        let tpe = try TPESampler(seed: 3)
        var trials = try SweepBenchmarkFunctions.run(tpe, space: Self.mixed, count: 20, objective: Self.objective)
        trials[2].state = .running
        trials[2].value = nil
        trials[5].state = .failed
        trials[5].value = nil
        trials[7].state = .pruned
        trials[7].intermediate = [0: 3, 1: 2.5]
        trials[8].state = .pruned  // pruned before it reported anything
        trials[9].value = .nan
        trials.append(SweepTrial(number: 20, params: ["lr": .string("not a number")], state: .running))
        let params = try tpe.sample(space: Self.mixed, trials: trials, direction: .minimize, number: 21)
        #expect(params.map(Self.isInSpace) == true)
    }

    @Test(
        "the grid sampler takes every point once, then returns nil, around running trials",
        arguments: [0, 1, 7] as [UInt64])
    func gridCovers(seed: UInt64) throws {
        let space = try SearchSpace(
            [
                ("a", .choice([.string("x"), .string("y"), .string("z")])),
                ("b", .integer(lo: 0, hi: 6, log: false, step: 3)),
                ("c", .uniform(lo: 0, hi: 1, step: 0.5)),
            ], fixed: [("f", .number(1))])
        let grid = GridSampler(seed: seed)
        #expect(try GridSampler.pointCount(of: space) == 27)
        var trials: [SweepTrial] = []
        var number = 0
        // Trials are started three at a time and finish later: the running ones hold their points.
        while true {
            var started: [Int] = []
            for _ in 0..<3 {
                guard let params = try grid.sample(space: space, trials: trials, direction: .minimize, number: number)
                else { break }
                trials.append(SweepTrial(number: number, params: params, state: .running))
                started.append(number)
                number += 1
            }
            if started.isEmpty { break }
            for i in started { trials[i].state = i % 4 == 0 ? .failed : .finished }
        }
        #expect(trials.count == 27)
        #expect(Set(trials.map(\.params)) == Set(try space.gridPoints()))
        #expect(try grid.sample(space: space, trials: trials, direction: .minimize, number: 27) == nil)
    }

    @Test("the grid's order is shuffled by the seed, and the same for the same seed")
    func gridOrder() throws {
        let space = try SearchSpace([("a", .integer(lo: 0, hi: 9, log: false, step: 1))])
        let first = try SweepBenchmarkFunctions.run(GridSampler(seed: 1), space: space, count: 10) { _ in 0 }
        let again = try SweepBenchmarkFunctions.run(GridSampler(seed: 1), space: space, count: 10) { _ in 0 }
        let other = try SweepBenchmarkFunctions.run(GridSampler(seed: 2), space: space, count: 10) { _ in 0 }
        #expect(first == again)
        #expect(first.map(\.params) != other.map(\.params))
        #expect(first.map(\.params) != (try space.gridPoints()))
    }

    @Test("the grid sampler refuses a continuous distribution")
    func gridContinuous() throws {
        #expect(throws: SweepSpaceError.notGriddable(parameter: "lr")) {
            try GridSampler(seed: 0).sample(space: Self.mixed, trials: [], direction: .minimize, number: 0)
        }
    }

    @Test("TPE settings out of range are refused")
    func settings() {
        #expect(throws: SweepSettingError.tooSmall(setting: "candidates", value: 0, minimum: 1)) {
            try TPESampler(seed: 0, candidates: 0)
        }
        #expect(throws: SweepSettingError.tooSmall(setting: "startupTrials", value: -1, minimum: 0)) {
            try TPESampler(seed: 0, startupTrials: -1)
        }
    }
}
