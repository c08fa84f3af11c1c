import Tensor

/// Accumulates a loss and the statistics metrics need over the batches of an epoch,
/// so epoch metrics are exact (not averages of batch metrics).
struct MetricAccumulator {
    private(set) var lossSum: Double = 0
    private(set) var count = 0
    private(set) var confusion: ConfusionMatrix?
    private var squaredError: Double = 0
    private var absoluteError: Double = 0
    private var errorCount = 0
    /// Kept only when a metric needs them (auc, top_k; r2): the whole split's scores or values.
    private var scores: ClassScores?
    private var regression: RegressionValues?
    /// How outputs become the probabilities `scores` holds (the loss's fused activation).
    private let scoring: Activation?

    /// An empty accumulator; `metrics` and `loss` say whether to keep every score
    /// (auc and top_k read the probabilities `Sequential.predict` gives, r2 every value).
    init(targets: Targets, metrics: [Metric] = [], loss: Loss? = nil) {
        scoring = loss?.fusedActivation
        switch targets {
        case .classes(_, let classes):
            confusion = ConfusionMatrix(classCount: classes)
            if metrics.contains(where: \.needsScores) { scores = ClassScores(classCount: classes) }
        case .values:
            if metrics.contains(.r2) { regression = RegressionValues() }
        }
    }

    /// Adds a batch: its mean loss, the model outputs [n, width] (logits or values) and targets.
    mutating func add(loss: Float, outputs: Tensor, targets: BatchTargets) {
        let n = outputs.shape.first ?? 0
        lossSum += Double(loss) * Double(n)
        count += n
        switch targets {
        case .classes(let labels, _):
            let predicted = MetricAccumulator.predictedClasses(outputs)
            for (actual, guess) in zip(labels, predicted) { confusion?.add(actual: Int(actual), predicted: guess) }
            if scores != nil {
                let probabilities = probabilities(outputs).scalars
                scores?.add(labels: labels.map(Int.init), scores: probabilities)
            }
        case .values(let t):
            outputs.withUnsafeBufferPointer { p in
                t.withUnsafeBufferPointer { y in
                    for i in 0..<Swift.min(p.count, y.count) {
                        let d = Double(p[i]) - Double(y[i])
                        squaredError += d * d
                        absoluteError += abs(d)
                    }
                }
            }
            errorCount += Swift.min(outputs.count, t.count)
            regression?.add(targets: t.scalars, predictions: outputs.scalars, width: n == 0 ? 1 : outputs.count / n)
        }
    }

    /// Class predictions from outputs: argmax of each row, or for a single output
    /// (a BCE logit or probability threshold) class 1 when it is above the midpoint.
    static func predictedClasses(_ outputs: Tensor, threshold: Float = 0) -> [Int] {
        if outputs.rank == 2 && outputs.shape[1] == 1 {
            return outputs.scalars.map { $0 > threshold ? 1 : 0 }
        }
        return outputs.argmaxRows()
    }

    /// Class probabilities from outputs [n, width] that the loss's activation was left
    /// out of: the same transform as `Sequential.predict`, so exported predictions and
    /// these metrics see the same numbers.
    private func probabilities(_ outputs: Tensor) -> Tensor {
        switch scoring {
        case .softmax?: outputs.softmaxRows()
        case .sigmoid?: outputs.sigmoid()
        default: outputs
        }
    }

    /// The mean loss.
    var meanLoss: Double { count == 0 ? 0 : lossSum / Double(count) }

    /// The value of each metric, in the order asked; `top_k` counts the `topK` best
    /// classes. A score metric the accumulator was not told of at `init` is NaN.
    func values(_ metrics: [Metric], topK: Int = Metric.defaultTopK) -> [MetricValue] {
        metrics.map { metric in
            let value: Double
            switch metric {
            case .accuracy: value = confusion?.accuracy ?? 0
            case .precision: value = confusion?.macroPrecision ?? 0
            case .recall: value = confusion?.macroRecall ?? 0
            case .f1: value = confusion?.macroF1 ?? 0
            case .mcc: value = confusion?.matthews ?? 0
            case .rmse: value = errorCount == 0 ? 0 : (squaredError / Double(errorCount)).squareRoot()
            case .mae: value = errorCount == 0 ? 0 : absoluteError / Double(errorCount)
            case .auc: value = scores?.auc ?? .nan
            case .topK: value = scores?.topKAccuracy(topK) ?? .nan
            case .r2: value = regression?.r2 ?? .nan
            }
            return MetricValue(metric: metric, value: value)
        }
    }
}
