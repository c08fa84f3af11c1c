/// Training throughput, defined once for everything that shows it (the live progress
/// line, the final line, a run's `.epochs`): the training samples processed since
/// training started over the wall time since then. Validation, callbacks and drawing
/// count as time, so the figure is the rate a user waits at, not the inner loop's.
public struct Throughput: Sendable, Equatable {
    /// Training samples processed since training started (every epoch counts its rows again).
    public let samples: Int
    /// Wall time since training started, in seconds.
    public let seconds: Double
    /// Epochs finished (validation included) by then.
    public let epochs: Int

    /// No figure before this much wall time: over a few milliseconds the clock's
    /// resolution and the first batch's start-up dominate (iris, 105 rows, read as
    /// millions of samples a second).
    public static let minimumSeconds = 0.5
    /// Nor, before the first epoch ends, before this many samples: a part of an epoch
    /// that short has not yet paid for its validation.
    public static let minimumSamples = 2_000

    public init(samples: Int, seconds: Double, epochs: Int) {
        self.samples = samples
        self.seconds = seconds
        self.epochs = epochs
    }

    /// Samples per second, or nil until the measurement means something: at least
    /// `minimumSeconds` of training, and a full epoch or `minimumSamples` samples.
    public var samplesPerSecond: Double? {
        guard seconds >= Throughput.minimumSeconds, seconds.isFinite,
            epochs >= 1 || samples >= Throughput.minimumSamples
        else { return nil }
        return Double(samples) / seconds
    }
}
