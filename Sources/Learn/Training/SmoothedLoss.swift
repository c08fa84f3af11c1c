/// A training loss smoothed as fastai's `AvgSmoothLoss` does: an exponential moving
/// average started at 0 and de-biased (divided by 1 - beta^count), so the first values
/// are not pulled towards 0. `lr_find` stops on it and plots it; one implementation
/// serves both.
public struct SmoothedLoss: Sendable, Equatable {
    public let beta: Double
    private var average = 0.0
    private var count = 0
    /// The lowest smoothed value so far (infinity before the first).
    public private(set) var best = Double.infinity

    public init(beta: Double = 0.98) {
        self.beta = beta
    }

    /// Adds one step's loss and returns the smoothed value.
    @discardableResult
    public mutating func add(_ loss: Double) -> Double {
        count += 1
        average = beta * average + (1 - beta) * loss
        let smoothed = value
        if smoothed < best { best = smoothed }
        return smoothed
    }

    /// The de-biased average (NaN before the first loss).
    public var value: Double {
        var correction = 1.0
        for _ in 0..<count { correction *= beta }
        return average / (1 - correction)
    }

    /// Whether the smoothed loss has passed `factor` times its lowest, or is not a
    /// number (a step overflowed): where a rate sweep stops.
    public func hasDiverged(factor: Double) -> Bool {
        let smoothed = value
        return smoothed.isNaN || smoothed > factor * best
    }

    /// Each loss smoothed in turn.
    public static func smoothing(_ losses: [Double], beta: Double = 0.98) -> [Double] {
        var smoother = SmoothedLoss(beta: beta)
        return losses.map { smoother.add($0) }
    }
}
