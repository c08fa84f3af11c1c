import Foundation
import Learn
import Render

/// Learning curves of a fit: one panel for the loss and one per metric, each with the
/// training line and, when there is validation data, the validation line (dashed).
/// The live progress display and a run's display draw the same figures.
public enum LearningCurves {
    /// The panels for `epochs` so far; empty until there are two epochs (one point is
    /// not a curve).
    public static func figures(_ epochs: [EpochRecord], metrics: [Metric], xLabel: String = "epoch") -> [Figure] {
        guard epochs.count >= 2 else { return [] }
        let x = epochs.map { Double($0.epoch) }
        func panel(_ title: String, train: [Double], validation: [Double?]) -> Figure {
            var series: [Series] = [.line(LineSeries(label: "train", x: x, y: train, color: 0))]
            if validation.contains(where: { $0 != nil }) {
                series.append(
                    .line(
                        LineSeries(
                            label: "val", x: x, y: validation.map { $0 ?? .nan },
                            style: .dashed, color: 1)))
            }
            return Figure(title: title, xLabel: xLabel, content: .series(series))
        }
        var panels = [panel("loss", train: epochs.map(\.loss), validation: epochs.map(\.validationLoss))]
        for metric in metrics {
            panels.append(
                panel(
                    metric.rawValue, train: epochs.map { $0.metrics[metric] ?? .nan },
                    validation: epochs.map { $0.validationMetrics[metric] }))
        }
        return panels
    }

    /// A finished run's panels: `figures`, or for a one-epoch run its single points,
    /// one per panel (a run's page always has its curves to show).
    public static func runFigures(_ epochs: [EpochRecord], metrics: [Metric]) -> [Figure] {
        let panels = figures(epochs, metrics: metrics)
        if !panels.isEmpty || epochs.isEmpty { return panels }
        return figures(epochs + epochs, metrics: metrics).map { figure in
            var single = figure
            if case .series(let series) = figure.content {
                single.content = .series(
                    series.map { item in
                        guard case .line(var line) = item else { return item }
                        line.x = Array(line.x.prefix(1))
                        line.y = Array(line.y.prefix(1))
                        return .line(line)
                    })
            }
            return single
        }
    }

    /// One run's curves among others overlaid (`compare`).
    public struct Overlaid: Sendable {
        public var label: String
        public var epochs: [EpochRecord]
        public var metrics: [Metric]

        public init(label: String, epochs: [EpochRecord], metrics: [Metric]) {
            self.label = label
            self.epochs = epochs
            self.metrics = metrics
        }
    }

    /// The curves of several runs overlaid: one panel for the loss and one for the main
    /// metric (the first run's first metric), each with one colour per run, training
    /// solid and validation dashed. Empty when no run has two epochs.
    public static func overlaid(_ runs: [Overlaid]) -> [Figure] {
        guard runs.contains(where: { $0.epochs.count >= 2 }) else { return [] }
        var panels = [overlaidPanel("loss", runs: runs, train: { $0.loss }, validation: { $0.validationLoss })]
        if let metric = runs.lazy.compactMap({ $0.metrics.first }).first {
            panels.append(
                overlaidPanel(
                    metric.rawValue, runs: runs.map { $0.metrics.contains(metric) ? $0 : nil },
                    train: { $0.metrics[metric] }, validation: { $0.validationMetrics[metric] }))
        }
        return panels
    }

    /// A panel of `overlaid`; a nil run keeps its colour but draws nothing.
    private static func overlaidPanel(
        _ title: String, runs: [Overlaid?], train: (EpochRecord) -> Double?, validation: (EpochRecord) -> Double?
    ) -> Figure {
        var series: [Series] = []
        for (index, run) in runs.enumerated() {
            guard let run else { continue }
            let x = run.epochs.map { Double($0.epoch) }
            series.append(
                .line(LineSeries(label: run.label, x: x, y: run.epochs.map { train($0) ?? .nan }, color: index)))
            let values = run.epochs.map(validation)
            if values.contains(where: { $0 != nil }) {
                series.append(
                    .line(
                        LineSeries(
                            label: run.label + " (val)", x: x, y: values.map { $0 ?? .nan }, style: .dashed,
                            color: index)))
            }
        }
        return Figure(title: title, xLabel: "epoch", content: .series(series))
    }

    /// The panels drawn as one image bundle (SVG, PNG, text), or nil when there is
    /// nothing to draw yet or drawing failed (the curves are an extra: a fit never
    /// fails because of them).
    public static func render(_ epochs: [EpochRecord], metrics: [Metric], xLabel: String = "epoch") -> MimeBundle? {
        let panels = figures(epochs, metrics: metrics, xLabel: xLabel)
        guard !panels.isEmpty else { return nil }
        return try? FigureRenderer.render(panels: panels, columns: min(panels.count, 3))
    }

    /// An `<img>` showing a rendered bundle's PNG at its CSS size, for HTML displays
    /// that put text and curves together (front ends show one MIME type per output,
    /// and HTML ranks above images, so the curves must be inside the HTML).
    public static func htmlImage(_ bundle: MimeBundle, alt: String) -> String {
        guard let png = bundle.data["image/png"] else { return "" }
        var size = ""
        if let metadata = bundle.metadata["image/png"], let width = metadata["width"], let height = metadata["height"] {
            size = " width=\"\(Int(width))\" height=\"\(Int(height))\""
        }
        return "<img src=\"data:image/png;base64,\(png)\"\(size) alt=\"\(Table.escapeHTML(alt))\">"
    }
}
