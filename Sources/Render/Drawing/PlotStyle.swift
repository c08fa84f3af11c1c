/// Sizes and weights of a plot's parts, in CSS pixels: close to matplotlib's and
/// seaborn's defaults at notebook width, so plots look the way data scientists expect.
enum PlotStyle {
    static let defaultSize = Figure.Size(width: 640, height: 400)
    static let heatmapSize = Figure.Size(width: 600, height: 480)
    /// One panel when several sit side by side.
    static let panelSize = Figure.Size(width: 440, height: 320)

    static let padding = 10.0
    static let titleSize = 13.5
    static let labelSize = 11.5
    static let tickSize = 10.0
    static let legendSize = 10.0
    static let noteSize = 9.5

    static let tickLength = 4.0
    static let tickPad = 3.0
    static let lineWidth = 1.75
    static let spineWidth = 1.0

    /// Lines with at most this many points get a dot at each.
    static let markerMaxPoints = 25
    /// Scatter plots draw at most this many points (a fixed sample of the rest).
    static let scatterLimit = 5_000
    /// Heatmaps write values in cells up to this many rows and columns.
    static let heatmapValueLimit = 15
    /// Legends list at most this many entries, then "+ n more".
    static let legendLimit = 12
    static let colorBarWidth = 12.0
    /// Small matrices get cells no larger than this, so a 2x2 matrix is not a wall of colour.
    static let heatmapMaxCell = 72.0
    /// Parallel coordinates widen with their axes up to this.
    static let parallelMaxWidth = 1_100.0
}
