import Experiments
import Foundation

/// Standard test functions for optimisers, with the loop a sweep runs (sample, evaluate,
/// record), for checking that samplers find good values.
enum SweepBenchmarkFunctions {
    /// Branin on x in [-5, 10], y in [0, 15]; minimum 0.397887 (at three points).
    static let braninSpace = try! SearchSpace([
        ("x", .uniform(lo: -5, hi: 10, step: nil)),
        ("y", .uniform(lo: 0, hi: 15, step: nil)),
    ])

    static func branin(_ p: [String: SweepValue]) -> Double {
        let x = p["x"]!.number!, y = p["y"]!.number!
        let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
        let inner = y - b * x * x + c * x - 6
        return inner * inner + 10 * (1 - t) * cos(x) + 10
    }

    /// Hartmann6 on the unit cube; minimum -3.32237.
    static let hartmannSpace = try! SearchSpace((0..<6).map { ("x\($0)", .uniform(lo: 0, hi: 1, step: nil)) })

    static func hartmann6(_ p: [String: SweepValue]) -> Double {
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
    }

    /// Runs `count` trials one after another: each is sampled as running, evaluated, and
    /// recorded finished, as a sweep does. Returns the trial records.
    static func run(
        _ sampler: any SweepSampler, space: SearchSpace, count: Int,
        direction: SweepDirection = .minimize,
        objective: ([String: SweepValue]) -> Double
    ) throws -> [SweepTrial] {
        var trials: [SweepTrial] = []
        for number in 0..<count {
            guard let params = try sampler.sample(space: space, trials: trials, direction: direction, number: number)
            else { break }
            trials.append(SweepTrial(number: number, params: params, value: objective(params), state: .finished))
        }
        return trials
    }

    /// The best value among finished trials.
    static func best(_ trials: [SweepTrial]) -> Double {
        trials.compactMap(\.value).min()!
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
