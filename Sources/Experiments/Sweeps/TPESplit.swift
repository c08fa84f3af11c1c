import Foundation

/// The trials the Tree-structured Parzen Estimator learns from, split as Optuna's TPE
/// splits them: the best gamma(n) = min(ceil(n / 10), 25) of the n finished and pruned
/// trials are "below" (they shape l(x), where to look), everything else "above" (g(x),
/// where not to). Finished trials rank by value; pruned ones after every finished one,
/// a trial pruned at a later step above one pruned earlier, then by its last value.
/// Running trials go above ("constant liar": the sampler assumes they will do badly,
/// which steers processes sharing a sweep away from the points others are trying).
/// Failed trials, and finished ones without a usable value, are left out.
struct TPESplit {
    /// Both sorted by trial number, so the weights' ramp favours recent trials.
    let below: [SweepTrial]
    let above: [SweepTrial]

    /// How many trials form l(x) out of `n`.
    static func gamma(_ n: Int) -> Int {
        Swift.min((n + 9) / 10, 25)
    }

    /// Optuna's default_weights: equal weights for the 25 most recent observations, and
    /// a ramp from 1/n up to 1 for the older ones, so the estimator follows the search.
    static func weights(_ n: Int) -> [Double] {
        guard n >= 25 else { return [Double](repeating: 1, count: n) }
        let ramp = n - 25
        let start = 1 / Double(n)
        let ramped = (0..<ramp).map { i in
            ramp == 1 ? start : start + (1 - start) * Double(i) / Double(ramp - 1)
        }
        return ramped + [Double](repeating: 1, count: 25)
    }

    init(_ trials: [SweepTrial], direction: SweepDirection) {
        // Ranks are sorted as plain numbers pointing into `trials`: sorting the records
        // themselves would copy their dictionaries, with every trial, for every trial.
        var finished: [(loss: Double, number: Int, index: Int)] = []
        var pruned: [(step: Int, loss: Double, number: Int, index: Int)] = []
        var running: [Int] = []
        for (index, trial) in trials.enumerated() {
            switch trial.state {
            case .finished:
                if let value = trial.value, !value.isNaN {
                    finished.append((direction.loss(value), trial.number, index))
                }
            case .pruned:
                if let step = trial.lastStep {
                    pruned.append((-step, direction.loss(trial.intermediate[step]!), trial.number, index))
                } else {
                    // Pruned before any report: below every pruned trial that reported (Optuna's score (1, 0)).
                    pruned.append((1, 0, trial.number, index))
                }
            case .running:
                running.append(index)
            case .failed:
                break
            }
        }
        // Ties break by trial number, so the split does not depend on the records' order.
        finished.sort { ($0.loss, $0.number) < ($1.loss, $1.number) }
        pruned.sort { ($0.step, $0.loss, $0.number) < ($1.step, $1.loss, $1.number) }

        let n = finished.count + pruned.count
        let belowFinished = Swift.min(Self.gamma(n), finished.count)
        let belowPruned = Swift.min(Self.gamma(n) - belowFinished, pruned.count)
        let byNumber = { (i: Int, j: Int) in trials[i].number < trials[j].number }
        let belowIndices = finished.prefix(belowFinished).map(\.index) + pruned.prefix(belowPruned).map(\.index)
        let aboveIndices =
            finished.dropFirst(belowFinished).map(\.index) + pruned.dropFirst(belowPruned).map(\.index)
            + running
        below = belowIndices.sorted(by: byNumber).map { trials[$0] }
        above = aboveIndices.sorted(by: byNumber).map { trials[$0] }
    }
}
