/// Every target and prediction of a split, for the regression metrics that are not
/// sums of per-sample errors: r2 needs the targets' mean over the whole split.
public struct RegressionValues: Sendable, Equatable {
    /// Outputs per sample; set by the first `add`.
    public private(set) var width = 1
    /// `width` values per sample, row-major.
    public private(set) var targets: [Double] = []
    public private(set) var predictions: [Double] = []

    public init() {}

    /// Adds samples: their targets and the model's outputs, `width` each.
    public mutating func add(targets: [Float], predictions: [Float], width: Int) {
        if self.targets.isEmpty { self.width = Swift.max(width, 1) }
        self.targets += targets.map(Double.init)
        self.predictions += predictions.map(Double.init)
    }

    /// The coefficient of determination as scikit-learn's `r2_score`: per output,
    /// 1 - (squared error) / (squared deviation of the targets from their mean), then the
    /// plain mean over outputs. A constant target scores 1 when predicted exactly, else
    /// 0 (scikit-learn's `force_finite`); fewer than two samples give NaN.
    public var r2: Double {
        let count = Swift.min(targets.count, predictions.count) / width
        guard count >= 2 else { return .nan }
        var total = 0.0
        for column in 0..<width {
            var mean = 0.0
            for row in 0..<count { mean += targets[row * width + column] }
            mean /= Double(count)
            var residual = 0.0, spread = 0.0
            for row in 0..<count {
                let y = targets[row * width + column]
                let d = y - predictions[row * width + column]
                residual += d * d
                spread += (y - mean) * (y - mean)
            }
            switch (residual == 0, spread == 0) {
            case (true, _): total += 1
            case (false, true): total += 0
            case (false, false): total += 1 - residual / spread
            }
        }
        return total / Double(width)
    }
}
