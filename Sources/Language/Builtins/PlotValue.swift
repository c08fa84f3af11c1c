import Render

/// A native value `plot(x)` can draw. A run adopts it to give its learning curves
/// (one panel per metric, train and val lines in each); anything else that has a
/// natural picture (a confusion matrix) can too.
public protocol PlotSource: NativeValue {
    /// The panels to draw side by side, at least one.
    func plotFigures() -> [Figure]
    /// A title over all the panels, or nil.
    var plotTitle: String? { get }
}

extension PlotSource {
    public var plotTitle: String? { nil }
}

/// A drawn plot as a Strata value: `type(p)` is `"plot"`. It is rendered once, when
/// made, and displays as SVG, PNG and a text summary.
public final class PlotValue: NativeValue {
    /// What was drawn, panel by panel.
    public let figures: [Figure]
    public let title: String?
    private let bundle: MimeBundle

    /// Renders `figures` now, so a drawing failure is reported by the builtin that
    /// asked for the plot rather than when the cell's result is shown.
    public init(figures: [Figure], title: String? = nil) throws(RenderError) {
        self.figures = figures
        self.title = title
        bundle = try FigureRenderer.render(panels: figures, title: title)
    }

    public var typeName: String { "plot" }

    public func display() -> MimeBundle { bundle }

    public var summary: String { bundle.plainText.split(separator: "\n").first.map(String.init) ?? "plot" }
}
