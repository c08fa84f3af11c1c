import Experiments
import Render

/// What `lr_find` returns (`type(x)` is `"lr_find"`): `.lr` (the suggestion, nil when
/// the loss was never finite), `.lrs` (the rate of each step), `.losses` (the smoothed,
/// de-biased loss of each step, the curve fastai plots), `.raw_losses`, `.suggest` (the
/// method) and `.run`. It displays the curve on a log axis with the suggestion marked.
public final class LRFinderValue: NativeValue, PlotSource {
    let report: LRFinderReport
    let runID: String
    private let bundle: MimeBundle

    init(report: LRFinderReport, runID: String) {
        self.report = report
        self.runID = runID
        bundle = DebugStepDisplay.bundle(verdict: report.verdict, figure: report.figure)
    }

    public var typeName: String { "lr_find" }

    public var memberNames: [String] { ["lr", "lrs", "losses", "raw_losses", "suggest", "run"] }

    public func member(named name: String) -> Value? {
        switch name {
        case "lr": report.suggestion.map { .number($0.lr) } ?? .nil
        case "lrs": .list(report.lrs.map(Value.number))
        case "losses": .list(report.losses.map(Value.number))
        case "raw_losses": .list(report.rawLosses.map(Value.number))
        case "suggest": .string(report.method.rawValue)
        case "run": .string(runID)
        default: nil
        }
    }

    public func display() -> MimeBundle { bundle }

    public var summary: String { report.verdict }

    public func plotFigures() -> [Figure] { [report.figure] }
}
