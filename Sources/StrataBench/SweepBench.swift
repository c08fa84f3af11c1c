import Experiments
import Foundation

/// TPE's own cost, for benchmarks/sweep: whole sweeps on an objective that returns at
/// once (Branin), so the time is the sampler's and the loop's; and the quality check of
/// the issue (median best of 100 trials over seeds 0-9 on Branin and Hartmann6).
/// Branin and Hartmann6 are also in Tests/ExperimentsTests (a test target cannot lend
/// them to an executable).
enum SweepBench {
    /// A function to minimise over a space.
    struct Problem: Sendable {
        let name: String
        let space: SearchSpace
        let f: @Sendable ([String: SweepValue]) -> Double
    }

    static let branin = Problem(
        name: "branin",
        space: try! SearchSpace([("x", .uniform(lo: -5, hi: 10, step: nil)), ("y", .uniform(lo: 0, hi: 15, step: nil))]
        ),
        f: { p in
            let x = p["x"]!.number!, y = p["y"]!.number!
            let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
            let inner = y - b * x * x + c * x - 6
            return inner * inner + 10 * (1 - t) * cos(x) + 10
        })

    static let hartmann6 = Problem(
        name: "hartmann6",
        space: try! SearchSpace((0..<6).map { ("x\($0)", .uniform(lo: 0, hi: 1, step: nil)) }),
        f: { p in
            let alpha = [1.0, 1.2, 3.0, 3.2]
            let a: [[Double]] = [
                [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14],
            ]
            let p4: [[Double]] = [
                [1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381],
            ]
            let x = (0..<6).map { p["x\($0)"]!.number! }
            var total = 0.0
            for i in 0..<4 {
                var exponent = 0.0
                for j in 0..<6 {
                    let d = x[j] - p4[i][j] * 1e-4
                    exponent += a[i][j] * d * d
                }
                total += alpha[i] * exp(-exponent)
            }
            return -total
        })

    /// Sample, evaluate, record, `count` times; the trial records.
    static func sweep(
        _ sampler: any SweepSampler, space: SearchSpace, count: Int,
        objective: ([String: SweepValue]) -> Double
    ) throws -> [SweepTrial] {
        var trials: [SweepTrial] = []
        trials.reserveCapacity(count)
        for number in 0..<count {
            guard let params = try sampler.sample(space: space, trials: trials, direction: .minimize, number: number)
            else { break }
            trials.append(SweepTrial(number: number, params: params, value: objective(params), state: .finished))
        }
        return trials
    }

    /// Milliseconds per trial over whole sweeps of `trials` trials, one per seed 0..<runs.
    static func timing(trials: Int, runs: Int) throws {
        let clock = ContinuousClock()
        var perTrial: [Double] = []
        for seed in 0..<runs {
            let sampler = try TPESampler(seed: UInt64(seed))
            let start = clock.now
            _ = try sweep(sampler, space: branin.space, count: trials, objective: branin.f)
            perTrial.append(seconds(clock.now - start) * 1000 / Double(trials))
        }
        print(
            "{\"bench\": \"sweep_tpe\", \"impl\": \"strata\", \"trials\": \(trials), \"runs\": \(runs), "
                + "\"median_ms_per_trial\": \(median(perTrial))}")
    }

    /// The median over seeds 0..<seeds of the best value in 100 trials, TPE and random.
    static func quality(seeds: Int, multivariate: Bool) throws {
        for problem in [branin, hartmann6] {
            for method in ["tpe", "random"] {
                let bests = try (0..<seeds).map { seed in
                    let sampler: any SweepSampler =
                        method == "tpe"
                        ? try TPESampler(seed: UInt64(seed), multivariate: multivariate)
                        : RandomSampler(seed: UInt64(seed))
                    return try sweep(sampler, space: problem.space, count: 100, objective: problem.f)
                        .compactMap(\.value).min()!
                }
                print(
                    "{\"bench\": \"sweep_quality\", \"impl\": \"strata\", \"function\": \"\(problem.name)\", "
                        + "\"method\": \"\(method == "tpe" && !multivariate ? "tpe-univariate" : method)\", \"seeds\": \(seeds), \"median_best\": \(median(bests))}"
                )
            }
        }
    }
}
