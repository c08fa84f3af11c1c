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
