/// How a run ended, with what each ending needs to be told apart and shown: stored as
/// columns (`outcome`, `outcome_epoch`, `outcome_batch`, `outcome_batches`,
/// `best_epoch`), never as prose that is parsed back (Docs/StoreFormat.md).
public enum RunOutcome: Sendable, Hashable {
    /// Ran every epoch.
    case completed
    /// Early stopping ended training after `stoppedEpoch`; the model kept the weights
    /// (and the run the metrics) of `keptEpoch`.
    case stoppedEarly(stoppedEpoch: Int, keptEpoch: Int)
    /// The user interrupted it before batch `batch` of `batches` in `epoch` (1-based).
    case interrupted(epoch: Int, batch: Int, batches: Int)
    /// Its process ended (killed, crashed) without finishing the run; `lastEpoch` is the
    /// last epoch it recorded, nil when it recorded none.
    case processGone(lastEpoch: Int?)
    /// Training failed; the run's `error` says why.
    case failed
    /// A sweep's pruner stopped the trial after `epoch`, its value there being worse
    /// than other trials' at the same step. The run keeps its history and ends with
    /// that epoch's metrics.
    case pruned(epoch: Int)

    /// The status a run with this outcome has (`running` runs have no outcome yet).
    public var status: RunStatus {
        switch self {
        case .completed, .stoppedEarly: .finished
        case .interrupted, .processGone: .interrupted
        case .failed: .failed
        case .pruned: .pruned
        }
    }

    /// The epoch whose weights and metrics the run ended with, when it is not the last
    /// recorded one.
    public var keptEpoch: Int? {
        if case .stoppedEarly(_, let kept) = self { return kept }
        return nil
    }

    /// The `outcome` column's value (also the outcome's name in JSON).
    public var columnName: String {
        switch self {
        case .completed: "completed"
        case .stoppedEarly: "stopped_early"
        case .interrupted: "interrupted"
        case .processGone: "process_gone"
        case .failed: "failed"
        case .pruned: "pruned"
        }
    }

    /// The values of the outcome columns, in the order of `RunOutcome.columns`.
    package var columnValues: (name: String, epoch: Int?, batch: Int?, batches: Int?, bestEpoch: Int?) {
        switch self {
        case .completed, .failed: (columnName, nil, nil, nil, nil)
        case .stoppedEarly(let stopped, let kept): (columnName, stopped, nil, nil, kept)
        case .interrupted(let epoch, let batch, let batches): (columnName, epoch, batch, batches, nil)
        case .processGone(let last): (columnName, last, nil, nil, nil)
        case .pruned(let epoch): (columnName, epoch, nil, nil, nil)
        }
    }

    /// The outcome the columns hold; nil for a running run (or columns that do not make
    /// one, which a reader treats the same way).
    package init?(name: String?, epoch: Int?, batch: Int?, batches: Int?, bestEpoch: Int?) {
        switch name {
        case "completed": self = .completed
        case "stopped_early":
            guard let epoch, let bestEpoch else { return nil }
            self = .stoppedEarly(stoppedEpoch: epoch, keptEpoch: bestEpoch)
        case "interrupted":
            guard let epoch, let batch, let batches else { return nil }
            self = .interrupted(epoch: epoch, batch: batch, batches: batches)
        case "process_gone": self = .processGone(lastEpoch: epoch)
        case "failed": self = .failed
        case "pruned":
            guard let epoch else { return nil }
            self = .pruned(epoch: epoch)
        default: return nil
        }
    }
}
