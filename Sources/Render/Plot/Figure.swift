/// A plot as plain data: what to draw, with no knowledge of the language or the
/// kernel. `FigureRenderer` turns it into SVG, PNG and a text summary.
///
/// One figure is one set of axes (or a heatmap, a grid of images, or parallel
/// coordinates). Several figures side by side (a run's loss and accuracy) render
/// together with `FigureRenderer.render(panels:columns:title:)`.
public struct Figure: Sendable, Equatable {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var xScale: AxisScale
    public var yScale: AxisScale
    public var content: Content
    /// A line under the plot, e.g. "showing 5,000 of 100,000 points"; the renderer
    /// adds its own notes (capped points) to it.
    public var note: String?
    /// The size in CSS pixels; nil picks one that suits the content (640x400 for axes).
    public var size: Size?

    public init(
        title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
        xScale: AxisScale = .linear, yScale: AxisScale = .linear,
        content: Content, note: String? = nil, size: Size? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.content = content
        self.note = note
        self.size = size
    }

    /// What a figure shows.
    public enum Content: Sendable, Equatable {
        /// Lines, scatter points and histograms on shared numeric axes.
        case series([Series])
        /// One bar per label.
        case bars(BarChart)
        case heatmap(Heatmap)
        case images(ImageGrid)
        /// A sweep's trials across their parameters and objective; the figure's axis
        /// labels and scales are not used (each axis has its own).
        case parallel(ParallelCoordinates)
    }

    /// Width and height in CSS pixels (the PNG is drawn at twice this).
    public struct Size: Sendable, Equatable {
        public var width: Double
        public var height: Double

        public init(width: Double, height: Double) {
            self.width = width
            self.height = height
        }
    }
}

/// How values map onto an axis.
public enum AxisScale: Sendable, Equatable {
    case linear
    /// Base 10; values that are not positive are left out.
    case log
}

/// One thing drawn on numeric axes.
public enum Series: Sendable, Equatable {
    case line(LineSeries)
    case scatter(ScatterSeries)
    case histogram(Histogram)

    /// The legend entry, or nil when the series has none.
    public var label: String? {
        switch self {
        case .line(let line): return line.label
        case .scatter(let scatter): return scatter.label
        case .histogram(let histogram): return histogram.label
        }
    }
}

/// A line through points in order; a non-finite y breaks the line.
public struct LineSeries: Sendable, Equatable {
    public var label: String?
    public var x: [Double]
    public var y: [Double]
    public var style: LineStyle
    /// A palette index; nil takes the next colour in order.
    public var color: Int?

    /// `x` nil means 0, 1, 2, ...
    public init(label: String? = nil, x: [Double]? = nil, y: [Double], style: LineStyle = .solid, color: Int? = nil) {
        self.label = label
        self.x = x ?? (0..<y.count).map(Double.init)
        self.y = y
        self.style = style
        self.color = color
    }

    public enum LineStyle: Sendable, Equatable {
        case solid, dashed
    }
}

/// Points, optionally coloured by a category or by a number.
public struct ScatterSeries: Sendable, Equatable {
    public var label: String?
    public var x: [Double]
    public var y: [Double]
    public var coloring: Coloring
    public var color: Int?

    public init(label: String? = nil, x: [Double], y: [Double], coloring: Coloring = .none, color: Int? = nil) {
        self.label = label
        self.x = x
        self.y = y
        self.coloring = coloring
        self.color = color
    }

    public enum Coloring: Sendable, Equatable {
        case none
        /// One code per point into `names` (a legend entry each); a negative code is
        /// drawn grey as "missing".
        case categories(codes: [Int], names: [String])
        /// One number per point on a sequential colour scale, with a colour bar.
        case values([Double], label: String?)
    }
}

/// Counts of values in bins: `edges` has one more element than `counts`.
public struct Histogram: Sendable, Equatable {
    public var label: String?
    public var edges: [Double]
    public var counts: [Double]
    public var color: Int?

    public init(label: String? = nil, edges: [Double], counts: [Double], color: Int? = nil) {
        self.label = label
        self.edges = edges
        self.counts = counts
        self.color = color
    }

    /// `bins` equal-width bins from the smallest to the largest finite value; a single
    /// distinct value gets a bin of width 1 around it.
    public init(label: String? = nil, values: [Double], bins: Int, color: Int? = nil) {
        let finite = values.filter(\.isFinite)
        let bins = max(1, bins)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if low == high { low -= 0.5; high += 0.5 }
        let width = (high - low) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for value in finite {
            // The largest value belongs to the last bin, as in numpy.
            let index = min(bins - 1, Int((value - low) / width))
            counts[max(0, index)] += 1
        }
        self.init(label: label, edges: (0...bins).map { low + Double($0) * width }, counts: counts, color: color)
    }
}

/// A bar chart: one bar per label.
public struct BarChart: Sendable, Equatable {
    public var labels: [String]
    public var values: [Double]
    public var color: Int?

    public init(labels: [String], values: [Double], color: Int? = nil) {
        self.labels = labels
        self.values = values
        self.color = color
    }
}

/// A matrix of numbers as coloured cells (a confusion matrix, a correlation matrix).
public struct Heatmap: Sendable, Equatable {
    /// Rows of equal length.
    public var values: [[Double]]
    public var rowLabels: [String]?
    public var columnLabels: [String]?
    /// Write each cell's value in it; nil decides by size (up to 15x15 cells).
    public var showValues: Bool?
    public var colorBarLabel: String?

    public init(
        values: [[Double]], rowLabels: [String]? = nil, columnLabels: [String]? = nil,
        showValues: Bool? = nil, colorBarLabel: String? = nil
    ) {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.showValues = showValues
        self.colorBarLabel = colorBarLabel
    }

    public var rowCount: Int { values.count }
    public var columnCount: Int { values.map(\.count).max() ?? 0 }
}

/// Small images in a grid, each with a caption (a class name).
public struct ImageGrid: Sendable, Equatable {
    public var images: [Image]
    /// Images per row; nil picks one (up to 8).
    public var columns: Int?

    public init(images: [Image], columns: Int? = nil) {
        self.images = images
        self.columns = columns
    }

    /// One image: `channels * height * width` values, channel after channel (the
    /// `[channels, rows, cols]` layout of a dataset's sample shape). One channel is
    /// drawn as grey ink on white (dark = high); three as RGB. Values are scaled from
    /// the grid's overall minimum and maximum.
    public struct Image: Sendable, Equatable {
        public var pixels: [Float]
        public var channels: Int
        public var height: Int
        public var width: Int
        public var caption: String?

        public init(pixels: [Float], channels: Int, height: Int, width: Int, caption: String? = nil) {
            self.pixels = pixels
            self.channels = channels
            self.height = height
            self.width = width
            self.caption = caption
        }
    }
}
