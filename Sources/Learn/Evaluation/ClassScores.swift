/// The class scores a model gave every sample of a split, with the true classes: what
/// the metrics that rank rather than count (ROC AUC, top-k accuracy) need. Collected
/// over the whole split, since neither is an average of per-batch values.
///
/// Both follow scikit-learn to the tie: `roc_auc_score` (binary, or `multi_class="ovr"`,
/// `average="macro"`) and `top_k_accuracy_score`.
public struct ClassScores: Sendable, Equatable {
    /// The number of classes the model tells apart.
    public let classCount: Int
    /// Scores per sample: 1 (the probability of class 1, a single bce output) or
    /// `classCount`; set by the first `add`.
    public private(set) var width = 0
    /// The true class of each sample.
    public private(set) var labels: [Int] = []
    /// `width` scores per sample, row-major.
    public private(set) var scores: [Double] = []

    public init(classCount: Int) {
        self.classCount = classCount
    }

    /// Adds samples: their true classes and the same number of scores for each.
    public mutating func add(labels: [Int], scores: [Float]) {
        guard !labels.isEmpty else { return }
        if width == 0 { width = scores.count / labels.count }
        self.labels += labels
        self.scores += scores.map(Double.init)
    }

    public var count: Int { labels.count }

    /// Two classes are scikit-learn's binary case: one score, class 1's, ranks the samples.
    private var isBinary: Bool { classCount == 2 }

    private func score(_ sample: Int, _ column: Int) -> Double { scores[sample * width + column] }

    /// The positive class's score of each sample in the binary case.
    private var positiveScores: [Double] {
        (0..<count).map { score($0, width == 1 ? 0 : 1) }
    }

    private var hasNaN: Bool { scores.contains { $0.isNaN } }

    /// ROC AUC: for two classes, of class 1's score; for more, the mean over classes of
    /// each class's one-vs-rest AUC. Ties count half (the trapezoid rule). Not a number
    /// where it is undefined: a split holding one class only, or a NaN score.
    ///
    /// A class absent from the split has no one-vs-rest AUC and is left out of the
    /// mean (scikit-learn refuses such a split; with every class present they agree).
    public var auc: Double {
        guard !hasNaN else { return .nan }
        if isBinary { return ClassScores.binaryAUC(positiveScores, positive: labels.map { $0 == 1 }) }
        let perClass = (0..<Swift.min(classCount, width)).map { c in
            ClassScores.binaryAUC((0..<count).map { score($0, c) }, positive: labels.map { $0 == c })
        }.filter { !$0.isNaN }
        return perClass.isEmpty ? .nan : perClass.reduce(0, +) / Double(perClass.count)
    }

    /// The fraction of samples whose true class is among the `k` highest scores. As in
    /// scikit-learn, a tie goes to the class with the higher index; with two classes and
    /// k = 1 a sample counts as class 1 when its score is above 0.5; k at or above the
    /// number of classes gives 1. 0 for no samples; NaN for a NaN score.
    public func topKAccuracy(_ k: Int) -> Double {
        guard count > 0 else { return 0 }
        guard !hasNaN else { return .nan }
        if k >= classCount { return 1 }
        var hits = 0
        if isBinary {
            for (label, score) in zip(labels, positiveScores) where (score > 0.5 ? 1 : 0) == label { hits += 1 }
        } else {
            for sample in 0..<count {
                let label = labels[sample], own = score(sample, label)
                var ahead = 0
                for c in 0..<width where c != label {
                    let other = score(sample, c)
                    if other > own || (other == own && c > label) { ahead += 1 }
                }
                if ahead < k { hits += 1 }
            }
        }
        return Double(hits) / Double(count)
    }

    /// The Mann-Whitney form of the area under the ROC curve: the chance that a random
    /// positive scores above a random negative, ties counting half (average ranks), which
    /// is exactly the trapezoid area scikit-learn computes. NaN without both kinds.
    static func binaryAUC(_ scores: [Double], positive: [Bool]) -> Double {
        let positives = positive.filter { $0 }.count
        let negatives = positive.count - positives
        guard positives > 0, negatives > 0 else { return .nan }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            // Ranks start+1 ... end+1 share their average.
            let rank = Double(start + end + 2) / 2
            for i in start...end where positive[order[i]] { positiveRankSum += rank }
            start = end + 1
        }
        let p = Double(positives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }
}
