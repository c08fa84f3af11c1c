/// How a loss curve that did not reach `overfit`'s threshold misbehaved, with the
/// usual causes as the course's table of "overfit a single batch" lists them.
public enum OverfitSymptom: String, Sendable, CaseIterable {
    /// The loss ends higher than it started.
    case rises
    /// The loss becomes NaN or infinite, or grows by two orders of magnitude.
    case explodes
    /// The loss swings up and down instead of settling.
    case oscillates
    /// The loss stalls above the threshold.
    case plateaus

    /// The usual causes, most likely first.
    public var causes: [String] {
        switch self {
        case .rises:
            [
                "a learning rate too high", "a flipped loss sign (training climbs the loss instead of descending it)",
                "the wrong loss for the task (the model's outputs do not match what the loss expects)",
            ]
        case .explodes:
            [
                "numerical problems such as a log of zero, an exp that overflows or a division by zero",
                "a learning rate too high",
            ]
        case .oscillates:
            ["corrupt labels or data (shuffled, zeroed or preprocessed wrongly)", "a learning rate too high"]
        case .plateaus:
            [
                "a learning rate too low",
                "gradients not flowing through the whole model (a missing activation, dead units)",
                "too much regularization (dropout, weight decay)",
                "the wrong loss for the task, or the wrong input to it (an activation on the output)",
                "corrupt labels or data", "features on very different scales (standardize them)",
            ]
        }
    }

    /// The symptom of a curve that did not pass: one loss per pass through the fixed
    /// batches (so batch-to-batch differences are not mistaken for oscillation).
    /// Checked in the order of the table: explodes, rises, oscillates, plateaus.
    public static func classify(_ losses: [Double]) -> OverfitSymptom {
        guard let first = losses.first else { return .plateaus }
        if losses.contains(where: { !$0.isFinite }) { return .explodes }
        // Two orders of magnitude above where it started: exploding, not merely rising.
        if first > 0, let peak = losses.max(), peak >= 100 * first { return .explodes }
        let window = Swift.max(1, losses.count / 10)
        let head = mean(losses.prefix(window)), tail = mean(losses.suffix(window))
        if tail > head * 1.05 { return .rises }
        // Over the second half: direction changes at most steps, and swings that are
        // large beside the level the loss has reached.
        let late = Array(losses.suffix(Swift.max(losses.count / 2, 3)))
        let steps = zip(late.dropFirst(), late).map { $0 - $1 }
        if steps.count >= 2 {
            let turns = zip(steps.dropFirst(), steps).filter { $0 * $1 < 0 }.count
            let swing = mean(steps.map(abs)[...]) / Swift.max(mean(late[...]), .leastNormalMagnitude)
            if Double(turns) / Double(steps.count - 1) > 0.3 && swing > 0.05 { return .oscillates }
        }
        return .plateaus
    }

    private static func mean(_ values: ArraySlice<Double>) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
