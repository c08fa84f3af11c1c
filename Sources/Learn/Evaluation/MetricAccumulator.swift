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

    init(targets: Targets) {
        if case .classes(_, let classes) = targets { confusion = ConfusionMatrix(classCount: classes) }
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

    /// The mean loss.
    var meanLoss: Double { count == 0 ? 0 : lossSum / Double(count) }

    /// The value of each metric, in the order asked.
    func values(_ metrics: [Metric]) -> [MetricValue] {
        metrics.map { metric in
            let value: Double
            switch metric {
            case .accuracy: value = confusion?.accuracy ?? 0
            case .precision: value = confusion?.macroPrecision ?? 0
            case .recall: value = confusion?.macroRecall ?? 0
            case .f1: value = confusion?.macroF1 ?? 0
            case .rmse: value = errorCount == 0 ? 0 : (squaredError / Double(errorCount)).squareRoot()
            case .mae: value = errorCount == 0 ? 0 : absoluteError / Double(errorCount)
            }
            return MetricValue(metric: metric, value: value)
        }
    }
}
