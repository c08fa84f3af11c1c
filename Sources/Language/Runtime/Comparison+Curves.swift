import Experiments
import Render

extension Comparison {
    /// The curves of every run overlaid (`LearningCurves.overlaid`).
    static func figures(_ runs: [RunValue], labels: [String]) -> [Figure] {
        LearningCurves.overlaid(
            zip(runs, labels).map { run, label in
                LearningCurves.Overlaid(label: label, epochs: run.epochs, metrics: run.metrics)
            })
    }
}
