import Experiments
import Foundation
import Learn
import Render
import Store

/// The live output of a `fit`: one display, shown when training starts and updated in
/// place (at most four times a second, and once at the end) with a progress line
/// (`TrainProgressLine` words it) and, from the second epoch, the learning curves under it.
///
/// The curves are redrawn at most once a second, and never more often than keeps
/// drawing under 2% of the time (drawing them to SVG and PNG takes tens of
/// milliseconds, and a fast fit finishes hundreds of epochs a second). The final state
/// (what a saved notebook keeps) always has the complete curves.
final class TrainProgress {
    static let updateInterval: Duration = .milliseconds(250)
    static let curveInterval: Duration = .seconds(1)
    /// Training time per unit of drawing time: 50 keeps the live curves under 2%.
    static let curveBudget = 50

    private let host: Host
    let id: String
    private var shown = false
    private let epochs: Int
    private let batches: Int
    private let metrics: [Metric]
    private let words: TrainProgressLine
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastUpdate: ContinuousClock.Instant
    private var lastCurves: ContinuousClock.Instant?
    /// How long the curves may not be redrawn after the last drawing.
    private var curvePause: Duration = TrainProgress.curveInterval
    /// The learning curves as last drawn; after `finish`, the complete ones.
    private(set) var curves: MimeBundle?
    private var finished: [EpochRecord] = []
    private var latest: BatchProgress?

    init(host: Host, id: String, epochs: Int, batches: Int, metrics: [Metric]) {
        self.host = host
        self.id = id
        self.epochs = epochs
        self.batches = batches
        self.metrics = metrics
        words = TrainProgressLine(epochs: epochs, metrics: metrics)
        started = clock.now
        lastUpdate = started
    }

    /// Shows the display (once), when the first batch is done.
    func begin() {
        guard !shown else { return }
        shown = true
        let line = "epoch 1/\(epochs)  batch 0/\(batches)  starting"
        host.display(bundle(line, done: 0), id: id)
    }

    func batch(_ progress: BatchProgress) {
        latest = progress
        guard clock.now - lastUpdate >= TrainProgress.updateInterval else { return }
        refresh()
    }

    func epoch(_ record: EpochRecord) {
        finished.append(record)
        guard clock.now - lastUpdate >= TrainProgress.updateInterval else { return }
        refresh()
    }

    /// The final state: how training ended, the numbers of the epoch the run kept, the
    /// full curves (drawn once by the orchestrator, which stores the same ones with the run).
    func finish(_ outcome: RunOutcome, curves: MimeBundle?) {
        begin()
        self.curves = curves
        // The newest measurement: the last epoch's, or the last batch's after an interrupt.
        let throughput = [latest?.throughput, finished.last?.throughput].compactMap { $0 }
            .max { ($0.samples, $0.seconds) < ($1.samples, $1.seconds) }
        let line = words.finished(
            outcome, batches: batches, finished: finished, throughput: throughput,
            elapsed: seconds(clock.now - started))
        let done: Double = if case .completed = outcome { 1 } else { fraction }
        host.update(bundle(line, done: done, images: true), id: id)
    }

    // MARK: - The line

    private func refresh() {
        let now = clock.now
        lastUpdate = now
        if finished.count >= 2, lastCurves == nil || now - lastCurves! >= curvePause {
            curves = LearningCurves.render(finished, metrics: metrics)
            let end = clock.now
            lastCurves = end
            curvePause = max(TrainProgress.curveInterval, (end - now) * TrainProgress.curveBudget)
        }
        host.update(bundle(line, done: fraction), id: id)
    }

    /// Batches done over batches in all, from 0 to 1.
    private var fraction: Double {
        guard let latest else { return Double(finished.count) / Double(max(epochs, 1)) }
        let done = (latest.epoch - 1) * latest.batches + latest.batch
        return Double(done) / Double(max(epochs * latest.batches, 1))
    }

    private var line: String {
        let elapsed = seconds(clock.now - started)
        let left = fraction > 0 && fraction < 1 ? elapsed / fraction * (1 - fraction) : nil
        return words.running(latest: latest, finished: finished, left: left)
    }

    private func bundle(_ line: String, done: Double, images: Bool = false) -> MimeBundle {
        let percent = Int((done * 100).rounded())
        var html =
            "<div><progress value=\"\(percent)\" max=\"100\"></progress> <code>\(Table.escapeHTML(line))</code></div>"
        var extra: [String: String] = [:]
        var metadata: [String: [String: Double]] = [:]
        if let curves {
            html += "\n" + LearningCurves.htmlImage(curves, alt: "learning curves")
            // Only the final state carries the images on their own too (for converters
            // that skip HTML); updates while training stay small.
            if images {
                extra["image/png"] = curves.data["image/png"]
                extra["image/svg+xml"] = curves.data["image/svg+xml"]
                metadata = curves.metadata
            }
        }
        extra["text/html"] = html
        return MimeBundle(plain: line, extra: extra, metadata: metadata)
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

}
