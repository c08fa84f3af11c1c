import Foundation

/// How `lr_find` picks a learning rate from its curve, as fastai's suggestion
/// functions do. Each reads the smoothed losses against the rates.
public enum LRSuggestion: String, Sendable, CaseIterable {
    /// The longest valley of the loss curve (the longest run of points each below some
    /// earlier one), and a point partway down it: fastai's index, start + 1/3 + 1/6 of
    /// the valley's length, which lands in its steep part before the bottom.
    case valley
    /// Where the loss falls fastest against log(lr).
    case steep
    /// The rate at the lowest loss, divided by 10 (the lowest point is already too fast).
    case minimum

    /// The suggested rate and the index of the point that marks it on the curve; nil
    /// when there is no finite loss. As fastai does, the first tenth of the planned
    /// steps and the last five points are left out when enough remain, and everything
    /// from the first loss that is not a number.
    public func suggest(lrs: [Double], losses: [Double], plannedSteps: Int) -> (lr: Double, index: Int)? {
        let finite = losses.firstIndex { !$0.isFinite } ?? losses.count
        let first = plannedSteps / 10, last = Swift.min(finite, losses.count - 5)
        let range = last - first >= 2 ? first..<last : 0..<finite
        guard !range.isEmpty else { return nil }
        let x = Array(lrs[range]), y = Array(losses[range])
        let offset = range.lowerBound
        switch self {
        case .valley:
            let index = LRSuggestion.valleyIndex(y)
            return (x[index], offset + index)
        case .steep:
            guard y.count >= 2 else { return (x[0], offset) }
            let slopes = (1..<y.count).map { i in (y[i] - y[i - 1]) / (log10(x[i]) - log10(x[i - 1])) }
            let index = slopes.indices.min { slopes[$0] < slopes[$1] } ?? 0
            return (x[index], offset + index)
        case .minimum:
            let index = y.indices.min { y[$0] < y[$1] } ?? 0
            return (x[index] / 10, offset + index)
        }
    }

    /// fastai's `valley`: the longest decreasing subsequence ending at each point gives
    /// the longest valley; the suggestion sits 1/3 + 1/6 of the way into it.
    static func valleyIndex(_ losses: [Double]) -> Int {
        let n = losses.count
        var lengths = [Int](repeating: 1, count: n)
        var start = 0, end = 0
        for i in 1..<Swift.max(n, 1) {
            for j in 0..<i {
                if losses[i] < losses[j] && lengths[i] < lengths[j] + 1 { lengths[i] = lengths[j] + 1 }
                if lengths[end] < lengths[i] {
                    end = i
                    start = end - lengths[end]
                }
            }
        }
        let sections = Double(end - start) / 3
        return Swift.min(n - 1, Swift.max(0, start + Int(sections) + Int(sections / 2)))
    }
}
