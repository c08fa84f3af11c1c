/// Picks the next trial's parameters from the space and the trials so far.
///
/// A sampler holds no state between calls: everything it decides follows from its
/// settings (seed included), the trial number and the trial records, so a resumed sweep,
/// or several processes sharing one, sample as a single process would.
public protocol SweepSampler: Sendable {
    /// The params for trial `number`: a value for each of the space's distributions, plus
    /// its fixed values. nil when there is nothing left to try (every grid point taken),
    /// and the sweep should stop.
    ///
    /// - Parameters:
    ///   - trials: every trial recorded so far in any state; a record numbered `number`
    ///     (the new trial itself) is ignored.
    /// - Throws: `SweepSpaceError` when this sampler cannot search the space (a grid over
    ///   a continuous distribution).
    func sample(
        space: SearchSpace, trials: [SweepTrial], direction: SweepDirection,
        number: Int
    ) throws(SweepSpaceError) -> [String: SweepValue]?
}
