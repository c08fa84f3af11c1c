import Tensor
import Testing

@testable import Learn

/// auc, top_k and r2 against scikit-learn 1.x on fixed predictions with ties (the
/// expected values are what `roc_auc_score`, `top_k_accuracy_score` and `r2_score`
/// return for these very inputs).
@Suite("Ranking and regression metrics")
struct RankingMetricTests {
    static func scores(_ labels: [Int], _ rows: [[Float]], classes: Int) -> ClassScores {
        var scores = ClassScores(classCount: classes)
        scores.add(labels: labels, scores: rows.flatMap { $0 })
        return scores
    }

    static let threeClasses = scores(
        [0, 1, 2, 2, 1, 0, 2, 1],
        [
            [0.5, 0.25, 0.25], [0.2, 0.6, 0.2], [0.25, 0.25, 0.5], [0.4, 0.4, 0.2], [0.3, 0.3, 0.4], [0.2, 0.4, 0.4],
            [0.1, 0.45, 0.45], [0.5, 0.25, 0.25],
        ],
        classes: 3)

    @Test func binaryAUCCountsTiesHalf() {
        // roc_auc_score([0,0,1,1,0,1,1,0], [0.1,0.4,0.35,0.8,0.4,0.4,0.9,0.2]) = 0.8125
        let single = Self.scores(
            [0, 0, 1, 1, 0, 1, 1, 0], [[0.1], [0.4], [0.35], [0.8], [0.4], [0.4], [0.9], [0.2]], classes: 2)
        #expect(abs(single.auc - 0.8125) < 1e-12)
        // Two columns: class 1's is the score.
        let pairs = Self.scores(
            [0, 0, 1, 1, 0, 1, 1, 0],
            [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2].map { [1 - $0, $0] }, classes: 2)
        #expect(abs(pairs.auc - 0.8125) < 1e-6)
        // top_k_accuracy_score(..., k=1) = 0.75 (class 1 above 0.5); k = 2 is every sample.
        #expect(single.topKAccuracy(1) == 0.75)
        #expect(single.topKAccuracy(2) == 1)
    }

    @Test func oneVersusRestMacroAUC() {
        // roc_auc_score(y, P, multi_class="ovr", average="macro") = 0.6055555555555555
        #expect(abs(Self.threeClasses.auc - 0.6055555555555555) < 1e-12)
    }

    @Test(
        "top_k breaks ties towards the higher class index, as scikit-learn",
        arguments: [(1, 0.5), (2, 0.625), (3, 1.0), (7, 1.0)])
    func topK(k: Int, expected: Double) {
        #expect(Self.threeClasses.topKAccuracy(k) == expected)
    }

    @Test func undefinedAUCIsNotANumber() {
        #expect(Self.scores([1, 1], [[0.2], [0.7]], classes: 2).auc.isNaN)
        #expect(Self.scores([0, 1], [[Float.nan], [0.7]], classes: 2).auc.isNaN)
        // A class missing from the split is left out of the mean: classes 0 and 1 only.
        let partial = Self.scores(
            [0, 1, 0, 1], [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.1, 0.4], [0.4, 0.5, 0.1]],
            classes: 3)
        #expect(partial.auc == 1)
        #expect(ClassScores(classCount: 3).topKAccuracy(1) == 0)
    }

    static func regression(_ targets: [[Float]], _ predictions: [[Float]]) -> RegressionValues {
        var values = RegressionValues()
        values.add(targets: targets.flatMap { $0 }, predictions: predictions.flatMap { $0 }, width: targets[0].count)
        return values
    }

    @Test func r2AveragesOutputsUniformly() {
        // r2_score([[1,2],[2,3],[3,5],[4,4]], [[1.1,2.5],[1.9,2.5],[3.2,4.4],[3.7,4.6]]) = 0.863
        let values = Self.regression(
            [[1, 2], [2, 3], [3, 5], [4, 4]], [[1.1, 2.5], [1.9, 2.5], [3.2, 4.4], [3.7, 4.6]])
        #expect(abs(values.r2 - 0.863) < 1e-6)
        // A constant target: 1 when predicted exactly, else 0 (force_finite): 0.875, 0.375.
        #expect(abs(Self.regression([[1, 3], [2, 3], [3, 3]], [[1.5, 3], [2, 3], [2.5, 3]]).r2 - 0.875) < 1e-6)
        #expect(
            abs(Self.regression([[1, 3], [2, 3], [3, 3]], [[1.5, 3], [2, 3], [2.5, 3.1]]).r2 - 0.375) < 1e-6)
        #expect(Self.regression([[1]], [[1]]).r2.isNaN)
    }

    /// Whole-split values: evaluating in batches of 3 or all at once gives the same
    /// auc, top_k and r2 (an average of per-batch values would not).
    @Test func metricsDoNotDependOnTheBatchSize() throws {
        var random = SeededRandom(seed: 5)
        let features = (0..<40 * 4).map { _ in random.uniform(-1, 1) }
        let labels = (0..<40).map { Int32($0 % 3) }
        let data = try Samples(features: features, sampleShape: [4], targets: .classes(labels, count: 3))
        var model = try Sequential([.dense(units: 3, activation: nil)])
        try model.build(sampleShape: [4], seed: 1)
        let small = try Evaluation.evaluate(
            model, on: data, loss: .crossEntropy, metrics: [.auc, .topK], batchSize: 3, topK: 2)
        let whole = try Evaluation.evaluate(
            model, on: data, loss: .crossEntropy, metrics: [.auc, .topK], batchSize: 64, topK: 2)
        #expect(small.metrics == whole.metrics)
        #expect(whole.metrics[.auc]!.isFinite && whole.metrics[.topK]! < 1)

        let targets = Tensor(shape: [40, 1], values: (0..<40).map { Float($0) / 10 })
        let regression = try Samples(features: features, sampleShape: [4], targets: .values(targets))
        var linear = try Sequential([.dense(units: 1, activation: nil)])
        try linear.build(sampleShape: [4], seed: 2)
        let r2Small = try Evaluation.evaluate(linear, on: regression, loss: .mse, metrics: [.r2], batchSize: 3)
        let r2Whole = try Evaluation.evaluate(linear, on: regression, loss: .mse, metrics: [.r2], batchSize: 64)
        #expect(abs(r2Small.metrics[.r2]! - r2Whole.metrics[.r2]!) < 1e-9)
    }
}
