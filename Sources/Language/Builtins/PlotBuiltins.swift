import Data
import Render

/// The Plots section of the language: `plot`, `scatter`, `hist`, `bar`, `heatmap`,
/// `images`. Each returns a plot value that displays as SVG, PNG and text.
enum PlotBuiltins {
    static var all: [Builtin] { [plot, scatter, hist, bar, heatmap, images] }

    static var titleParameter: Parameter { .labelled("title", default: .nil) }

    static var plot: Builtin {
        Builtin(
            "plot",
            parameters: [
                .positional("x"), titleParameter, .labelled("xlabel", default: .nil),
                .labelled("ylabel", default: .nil), .labelled("log", default: .bool(false)),
            ],
            summary:
                "Plots a run's learning curves, a list of numbers as a line, or a record of lists as several lines.",
            details: """
                Lines are drawn against their index (0, 1, 2, ...); nil in a list leaves a gap. log: true (or "y")
                draws the y axis on a log scale, "x" the x axis, "xy" both. Long lines are reduced to each pixel
                column's extremes, so spikes stay visible.
                """
        ) { call throws(RuntimeError) in
            let value = call.argument("x")
            if case .native(let native) = value, let source = native as? any PlotSource {
                return try call.plotValue(source.plotFigures(), title: call.optionalText("title") ?? source.plotTitle)
            }
            var series: [Series] = []
            switch value {
            case .record(let record):
                guard !record.isEmpty else {
                    throw call.invalid("x", "\(call.shown("x")) is an empty record; give it lists of numbers")
                }
                for (name, field) in record.fields {
                    series.append(
                        .line(LineSeries(label: name, y: try call.lineValues(field, argument: "x", field: name))))
                }
            default:
                series.append(.line(LineSeries(y: try call.lineValues(value, argument: "x", field: nil))))
            }
            let scales = try call.logScales()
            let figure = Figure(
                title: try call.optionalText("title"), xLabel: try call.optionalText("xlabel"),
                yLabel: try call.optionalText("ylabel"), xScale: scales.x, yScale: scales.y,
                content: .series(series))
            return try call.plotValue([figure])
        }
    }

    static var scatter: Builtin {
        Builtin(
            "scatter",
            parameters: [
                .positional("ds"), .requiredLabel("x", placeholder: "column"),
                .requiredLabel("y", placeholder: "column"), .labelled("color", default: .nil), titleParameter,
            ],
            summary: "Plots two columns of a dataset against each other, optionally coloured by a third.",
            details: """
                color: a text column or a classification target colours by category (with a legend); a numeric one
                on a colour scale. More than 5,000 rows are drawn as a fixed sample of 5,000, noted under the plot.
                """
        ) { call throws(RuntimeError) in
            let source = try call.dataset("ds")
            let dataset = source.dataset
            let xName = try call.string("x"), yName = try call.string("y")
            let x = try call.numericColumn(dataset, named: xName, argument: "x")
            let y = try call.numericColumn(dataset, named: yName, argument: "y")
            var coloring = ScatterSeries.Coloring.none
            if !call.argument("color").isNil {
                coloring = try call.coloring(dataset, named: try call.string("color"))
            }
            let figure = Figure(
                title: try call.optionalText("title") ?? dataset.name, xLabel: xName, yLabel: yName,
                content: .series([.scatter(ScatterSeries(x: x, y: y, coloring: coloring))]))
            return try call.plotValue([figure])
        }
    }

    static var hist: Builtin {
        Builtin(
            "hist",
            parameters: [
                .positional("data"), .optional("column"), .labelled("bins", default: .number(20)), titleParameter,
            ],
            summary: "A histogram of a dataset's column, or of a list of numbers.",
            details: """
                hist(ds, "sepal_length", bins: 30) or hist([1.5, 2, 2.5]). A text column or a classification target
                is shown as a bar of counts per category. Missing values are left out.
                """
        ) { call throws(RuntimeError) in
            let bins = try call.wholeNumber("bins")
            guard (1...1_000).contains(bins) else {
                throw call.invalid("bins", "'bins' must be a whole number from 1 to 1000, got \(bins)")
            }
            let title = try call.optionalText("title")
            switch call.argument("data") {
            case .native(let native) where native is DatasetValue:
                let dataset = (native as! DatasetValue).dataset
                guard call.has("column") else {
                    throw call.failure(
                        "name the column to count, e.g. hist(ds, \"\(dataset.columns.first?.name ?? "x")\")")
                }
                let name = try call.string("column")
                switch try call.column(dataset, named: name, argument: "column") {
                case .numbers(let values):
                    let histogram = Histogram(values: values, bins: bins)
                    return try call.plotValue([
                        Figure(
                            title: title ?? name, xLabel: name, yLabel: "count",
                            content: .series([.histogram(histogram)]))
                    ])
                case .categories(let codes, let names):
                    var counts = [Double](repeating: 0, count: names.count)
                    for code in codes where code >= 0 { counts[code] += 1 }
                    return try call.plotValue([
                        Figure(
                            title: title ?? name, yLabel: "count",
                            content: .bars(BarChart(labels: names, values: counts)))
                    ])
                }
            default:
                if call.has("column") {
                    throw call.invalid(
                        "column", "a column is only given with a dataset; hist(list) counts the list itself")
                }
                let values = try call.lineValues(call.argument("data"), argument: "data", field: nil)
                return try call.plotValue([
                    Figure(
                        title: title, yLabel: "count",
                        content: .series([.histogram(Histogram(values: values, bins: bins))]))
                ])
            }
        }
    }

    static var bar: Builtin {
        Builtin(
            "bar",
            parameters: [.positional("labels"), .optional("values"), titleParameter],
            summary: "A bar chart: one bar per label, or one per field of a record of numbers.",
            details: "bar([\"a\", \"b\"], [3, 5]) or bar([a: 3, b: 5]). Each bar's value is written above it."
        ) { call throws(RuntimeError) in
            var labels: [String] = [], values: [Double] = []
            if case .record(let record) = call.argument("labels") {
                guard !call.has("values") else {
                    throw call.invalid("values", "'values' is not needed when 'labels' is a record of numbers")
                }
                for (name, field) in record.fields {
                    guard case .number(let number) = field else {
                        throw call.invalid("labels", "field '\(name)' must be a number, got \(field.typePhrase)")
                    }
                    labels.append(name)
                    values.append(number)
                }
            } else {
                labels = try call.list("labels").map { item in
                    if case .string(let text) = item { return text }
                    return item.plainText(quoted: false)
                }
                guard call.has("values") else {
                    throw call.failure("missing argument 'values' (or pass a record of numbers)")
                }
                values = try call.lineValues(call.argument("values"), argument: "values", field: nil)
                guard labels.count == values.count else {
                    throw call.failure("\(labels.count) labels but \(values.count) values; give one value per label")
                }
            }
            guard !labels.isEmpty else { throw call.invalid("labels", "'labels' is empty; give at least one bar") }
            return try call.plotValue([
                Figure(
                    title: try call.optionalText("title"),
                    content: .bars(BarChart(labels: labels, values: values)))
            ])
        }
    }

    static var heatmap: Builtin {
        Builtin(
            "heatmap",
            parameters: [.positional("matrix"), .labelled("labels", default: .nil), titleParameter],
            summary: "A matrix (a list of rows of numbers) as coloured cells, values written in small ones.",
            details: """
                labels: names for the rows and columns (one list for a square matrix such as a confusion matrix), or
                a record [rows: [...], columns: [...]]. Data with both signs uses a blue-red scale centred on 0.
                """
        ) { call throws(RuntimeError) in
            let matrix = try call.matrix("matrix")
            let (rowLabels, columnLabels) = try call.matrixLabels(rows: matrix.count, columns: matrix.first?.count ?? 0)
            return try call.plotValue([
                Figure(
                    title: try call.optionalText("title"),
                    content: .heatmap(
                        Heatmap(values: matrix, rowLabels: rowLabels, columnLabels: columnLabels)))
            ])
        }
    }

    static var images: Builtin {
        Builtin(
            "images",
            parameters: [.positional("ds"), .labelled("n", default: .number(16)), titleParameter],
            summary: "The first n rows of an image dataset as pictures, captioned with their class.",
            details: "Uses the dataset's image shape (digits: 1x8x8; IDX files: 1xRxC). n is at most 100."
        ) { call throws(RuntimeError) in
            let dataset = try call.dataset("ds").dataset
            let n = try call.wholeNumber("n")
            guard (1...100).contains(n) else {
                throw call.invalid("n", "'n' must be a whole number from 1 to 100, got \(n)")
            }
            guard let shape = dataset.sampleShape, shape.count == 3 else {
                throw call.invalid(
                    "ds",
                    "dataset '\(dataset.name)' has no image shape; images needs image rows "
                        + "such as dataset(\"digits\") or load_idx(...)")
            }
            let grid = try call.imageGrid(dataset, shape: shape, count: min(n, dataset.rowCount))
            return try call.plotValue([
                Figure(title: try call.optionalText("title") ?? dataset.name, content: .images(grid))
            ])
        }
    }
}
