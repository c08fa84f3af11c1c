import Learn
import Render
import Store

/// What a training path shows while it trains: the notebook adapts its live display to
/// this, the command line prints lines, tests record the events. Every call comes on
/// the training thread, in order: `started` once, then batches and epochs, then
/// `finished` once (also after an interrupt; not when training could not start).
public protocol TrainingObserver: AnyObject {
    /// Training has begun (its first batch is done, or it was interrupted before one);
    /// `run` is the run's id (the store's, or a local one when the store is unavailable).
    func started(run: RunID)
    func batchFinished(_ progress: BatchProgress)
    func epochFinished(_ record: EpochRecord)
    /// Training has ended. `curves` are the final learning curves, drawn once (nil with
    /// fewer than two epochs).
    func finished(_ result: TrainingResult, curves: MimeBundle?)
    /// Asked before every batch: true stops training there (an interrupt).
    var shouldStop: Bool { get }
    /// Whether a stop asked for through `shouldStop` was a sweep's pruner (the run then
    /// ends `pruned` after its last finished epoch, not `interrupted`).
    var pruned: Bool { get }
}

extension TrainingObserver {
    public var pruned: Bool { false }
}
