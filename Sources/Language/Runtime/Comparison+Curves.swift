import Learn
import Render

extension Comparison {
    /// The curves of every run overlaid: one panel for the loss and one for the main
    /// metric (the first run's first metric), each with one colour per run, training
    /// solid and validation dashed. Empty when no run has two epochs.
    static func figures(_ runs: [RunValue], labels: [String]) -> [Figure] {
        guard runs.contains(where: { $0.epochs.count >= 2 }) else { return [] }
        var panels = [panel("loss", runs: runs, labels: labels, train: { $0.loss }, validation: { $0.validationLoss })]
        if let metric = runs.lazy.compactMap({ $0.metrics.first }).first {
            let usable = runs.map { $0.metrics.contains(metric) }
            panels.append(
                panel(
                    metric.rawValue, runs: runs, labels: labels, only: usable,
                    train: { $0.metrics[metric] }, validation: { $0.validationMetrics[metric] }))
        }
        return panels
    }

    private static func panel(
        _ title: String, runs: [RunValue], labels: [String], only usable: [Bool]? = nil,
        train: (EpochRecord) -> Double?,
        validation: (EpochRecord) -> Double?
    ) -> Figure {
        var series: [Series] = []
        for (index, run) in runs.enumerated() where usable?[index] ?? true {
            let x = run.epochs.map { Double($0.epoch) }
            series.append(
                .line(
                    LineSeries(
                        label: labels[index], x: x, y: run.epochs.map { train($0) ?? .nan },
                        color: index)))
            let values = run.epochs.map(validation)
            if values.contains(where: { $0 != nil }) {
                series.append(
                    .line(
                        LineSeries(
                            label: labels[index] + " (val)", x: x, y: values.map { $0 ?? .nan },
                            style: .dashed, color: index)))
            }
        }
        return Figure(title: title, xLabel: "epoch", content: .series(series))
    }
}
