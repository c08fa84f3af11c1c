import Experiments
import Learn
import Store
import TextFormat

/// The words of a `fit`'s live display, apart from when they are shown (`TrainProgress`
/// decides that). Every number says which epoch it belongs to:
///
/// - during an epoch, its running loss; the previous epoch's metrics labelled with
///   that epoch: `epoch 2/5  batch 39/90  loss 0.07361  |  epoch 1: accuracy 0.8616
///   val_loss 0.1582  |  12345 samples/s  ~4s left`;
/// - once an epoch ends, its numbers: `epoch 2/5: loss 0.06  accuracy 0.87 ...`;
/// - at the end, the numbers of the epoch the run kept: `stopped early at epoch
///   108/200, kept epoch 93: loss 2326  val_loss 3980  |  ...  done in 12s`.
///
/// Only the epoch being trained is written `E/N`, so readers (and the kernel tests)
/// find it with `epoch (\d+)/`.
struct TrainProgressLine {
    let epochs: Int
    let metrics: [Metric]

    /// The line while training. `latest` is the last batch done, `finished` the epochs
    /// ended, `left` the estimated seconds to go.
    func running(latest: BatchProgress?, finished: [EpochRecord], left: Double?) -> String {
        var groups: [String] = []
        let last = finished.last
        // Within an epoch, after its first batch (not yet ended).
        let within = latest.map { $0.epoch > (last?.epoch ?? 0) } ?? false
        if let latest, within {
            groups.append(
                "epoch \(latest.epoch)/\(epochs)  batch \(latest.batch)/\(latest.batches)  loss "
                    + NumberText.metric(latest.loss))
            if let last {
                // The metrics are computed once per epoch: these are the previous one's.
                let values = values(of: last).filter { !$0.hasPrefix("loss ") }
                if !values.isEmpty { groups.append("epoch \(last.epoch): " + values.joined(separator: "  ")) }
            }
        } else if let last {
            groups.append("epoch \(last.epoch)/\(epochs): " + values(of: last).joined(separator: "  "))
        } else {
            groups.append("epoch 1/\(epochs)  starting")
        }
        var tail: [String] = []
        // The newest measurement: an ended epoch's includes its validation.
        let throughput = within ? latest?.throughput : last?.throughput
        if let rate = throughput?.samplesPerSecond { tail.append(TrainProgressLine.rate(rate)) }
        if let left { tail.append("~" + DurationText.short(left) + " left") }
        if !tail.isEmpty { groups.append(tail.joined(separator: "  ")) }
        return groups.joined(separator: "  |  ")
    }

    /// The final line: how training ended, the numbers of the epoch the run kept (the
    /// kept epoch under early stopping, else the last finished), the throughput and
    /// the time taken.
    func finished(
        _ outcome: RunOutcome, batches: Int, finished: [EpochRecord], throughput: Throughput?,
        elapsed: Double
    ) -> String {
        var groups: [String] = []
        let kept = finished.finalEpoch(kept: outcome.keptEpoch)
        let keptValues = kept.map { values(of: $0).joined(separator: "  ") }
        switch outcome {
        case .completed, .processGone, .failed:
            groups.append("epoch \(finished.count)/\(epochs)" + (keptValues.map { ": " + $0 } ?? ""))
        case .stoppedEarly(let stopped, let keptEpoch):
            groups.append(
                "stopped early at epoch \(stopped)/\(epochs), kept epoch \(keptEpoch)"
                    + (keptValues.map { ": " + $0 } ?? ""))
        case .pruned(let epoch):
            groups.append("pruned after epoch \(epoch)/\(epochs)" + (keptValues.map { ": " + $0 } ?? ""))
        case .interrupted(let epoch, let batch, _):
            groups.append("interrupted at epoch \(epoch)/\(epochs), batch \(batch)/\(batches)")
            // The run keeps the last finished epoch's metrics; say which epoch they are.
            if let kept, let keptValues { groups.append("epoch \(kept.epoch): " + keptValues) }
        }
        var tail: [String] = []
        if let rate = throughput?.samplesPerSecond { tail.append(TrainProgressLine.rate(rate)) }
        tail.append("done in " + DurationText.short(elapsed))
        groups.append(tail.joined(separator: "  "))
        return groups.joined(separator: "  |  ")
    }

    /// `loss 0.4121`, `accuracy 0.87`, `val_loss 0.3512`...
    private func values(of record: EpochRecord) -> [String] {
        record.namedValues(metrics: metrics).map { "\($0.name) \(NumberText.metric($0.value))" }
    }

    private static func rate(_ samplesPerSecond: Double) -> String {
        "\(Int(samplesPerSecond.rounded())) samples/s"
    }
}
