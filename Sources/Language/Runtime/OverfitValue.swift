import Experiments
import Render

/// What `overfit` returns (`type(x)` is `"overfit"`): `.passed`, `.final_loss`,
/// `.steps`, `.symptom` (nil when it passed), `.causes`, `.losses` (one per step) and
/// `.run` (the run's id). It displays the loss curve under a one-line verdict; the
/// verdict alone is its plain text.
public final class OverfitValue: NativeValue, PlotSource {
    let report: OverfitReport
    let runID: String
    private let bundle: MimeBundle

    init(report: OverfitReport, runID: String) {
        self.report = report
        self.runID = runID
        bundle = DebugStepDisplay.bundle(verdict: report.verdict, figure: report.figure)
    }

    public var typeName: String { "overfit" }

    public var memberNames: [String] { ["passed", "final_loss", "steps", "symptom", "causes", "losses", "run"] }

    public func member(named name: String) -> Value? {
        switch name {
        case "passed": .bool(report.passed)
        case "final_loss": .number(report.finalLoss)
        case "steps": .number(Double(report.steps))
        case "symptom": report.symptom.map { .string($0.rawValue) } ?? .nil
        case "causes": .list(report.causes.map(Value.string))
        case "losses": .list(report.losses.map(Value.number))
        case "run": .string(runID)
        default: nil
        }
    }

    public func display() -> MimeBundle { bundle }

    public var summary: String { report.verdict }

    public func plotFigures() -> [Figure] { [report.figure] }
}

/// The display both debugging steps share: the verdict as plain text, and in HTML
/// above the plot; the plot's SVG and PNG too for front ends that skip HTML.
enum DebugStepDisplay {
    static func bundle(verdict: String, figure: Figure) -> MimeBundle {
        var html = "<div><code>\(Table.escapeHTML(verdict))</code></div>"
        var extra: [String: String] = [:]
        var metadata: [String: [String: Double]] = [:]
        // The plot is an extra: the verdict and fields stand without it.
        if let plot = try? FigureRenderer.render(panels: [figure]) {
            html += "\n" + LearningCurves.htmlImage(plot, alt: figure.title ?? "plot")
            extra["image/png"] = plot.data["image/png"]
            extra["image/svg+xml"] = plot.data["image/svg+xml"]
            metadata = plot.metadata
        }
        extra["text/html"] = html
        return MimeBundle(plain: verdict, extra: extra, metadata: metadata)
    }
}
