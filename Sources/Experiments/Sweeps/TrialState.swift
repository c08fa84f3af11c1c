/// Where a sweep's trial stands. The raw values are the words the trials table shows.
public enum TrialState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sampled and not yet over (or its process died; the store decides which).
    case running
    /// Over, with a value.
    case finished
    /// Stopped early by the pruner at its last step.
    case pruned
    /// Its closure threw, or it gave no usable value; samplers leave it out.
    case failed
}
