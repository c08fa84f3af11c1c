import Store

extension RunOutcome {
    /// How the run ended, in words, when it did not simply complete: `stopped early at
    /// epoch 12, kept epoch 9`, `interrupted at epoch 3, batch 5 of 7`, `process 4242
    /// ended after epoch 2 without finishing the run (killed or crashed)`, `failed: ...`,
    /// `pruned after epoch 4`.
    /// `pid` is the process that wrote the run, `error` why it failed.
    public func note(pid: Int?, error: String?) -> String? {
        switch self {
        case .completed:
            return nil
        case .stoppedEarly(let stopped, let kept):
            return "stopped early at epoch \(stopped), kept epoch \(kept)"
        case .interrupted(let epoch, let batch, let batches):
            return "interrupted at epoch \(epoch), batch \(batch) of \(batches)"
        case .processGone(let last):
            return "process " + (pid.map(String.init) ?? "?") + " ended "
                + (last.map { "after epoch \($0)" } ?? "before the first epoch ended")
                + " without finishing the run (killed or crashed)"
        case .failed:
            return error.map { "failed: " + $0 } ?? "failed"
        case .pruned(let epoch):
            return "pruned after epoch \(epoch)"
        }
    }
}
