import Data
import Render

/// A dataset column as a plot reads it.
enum PlotColumn {
    /// Numbers; a missing cell is NaN.
    case numbers([Double])
    /// Codes into `names`; a missing cell is -1.
    case categories(codes: [Int], names: [String])
}

/// Argument reading shared by the plot builtins, with errors that name the builtin
/// and the argument: `scatter: unknown column 'sepal_lenght' (did you mean 'sepal_length'?)`.
extension BuiltinCall {
    /// Wraps drawn figures as the builtin's result; a drawing failure becomes this
    /// builtin's error.
    func plotValue(_ figures: [Figure], title: String? = nil) throws(RuntimeError) -> Value {
        do throws(RenderError) {
            return .native(try PlotValue(figures: figures, title: title))
        } catch {
            throw failure(error.description)
        }
    }

    /// A string label, or nil when absent or nil.
    func optionalText(_ name: String) throws(RuntimeError) -> String? {
        switch argument(name) {
        case .nil: return nil
        case .string(let text): return text
        default: throw mismatch(name, expected: "a string")
        }
    }

    /// The numbers of a list or range; nil elements become gaps (NaN).
    func lineValues(_ value: Value, argument name: String, field: String?) throws(RuntimeError) -> [Double] {
        let place = field.map { "field '\($0)' of \(shown(name))" } ?? shown(name)
        let items: [Value]
        switch value {
        case .list(let list): items = list
        case .range(let range):
            guard range.count <= BuiltinCall.materialiseLimit else {
                throw invalid(name, "range of \(range.count) numbers is too long to plot")
            }
            items = value.sequenceElements ?? []
        default:
            throw invalid(name, "\(place) must be a list of numbers, got \(value.typePhrase)")
        }
        var numbers: [Double] = []
        numbers.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            switch item {
            case .number(let number): numbers.append(number)
            case .nil: numbers.append(.nan)
            default: throw invalid(name, "\(place) must hold numbers, got a \(item.typeName) at element \(index)")
            }
        }
        guard !numbers.isEmpty else { throw invalid(name, "\(place) is empty; there is nothing to plot") }
        return numbers
    }

    /// The axes `log:` asks for: false, true (y), "x", "y" or "xy".
    func logScales() throws(RuntimeError) -> (x: AxisScale, y: AxisScale) {
        switch argument("log") {
        case .bool(let flag): return (.linear, flag ? .log : .linear)
        case .string(let axes) where ["x", "y", "xy", "yx"].contains(axes):
            return (axes.contains("x") ? .log : .linear, axes.contains("y") ? .log : .linear)
        default:
            throw invalid(
                "log", "'log' must be true, false, \"x\", \"y\" or \"xy\", got \(argument("log").plainText())")
        }
    }

    /// A feature column or the target, by name.
    func column(_ dataset: Dataset, named name: String, argument: String) throws(RuntimeError) -> PlotColumn {
        if let column = dataset.columns.first(where: { $0.name == name }) {
            switch column.values {
            case .numeric, .sparse: return .numbers((column.numbers ?? []).map(DatasetValue.decimal))
            case .categorical(let codes, let categories):
                return .categories(codes: codes.map(Int.init), names: categories)
            case .text(let strings):
                // Free text is plotted through its lengths, in characters.
                return .numbers(strings.map { Double($0.count) })
            }
        }
        switch dataset.target {
        case .classification(let targetName, let labels, let classes) where targetName == name:
            return .categories(codes: labels.map(Int.init), names: classes)
        case .regression(let targetName, let values) where targetName == name:
            return .numbers(values.map(DatasetValue.decimal))
        default:
            let available = dataset.columns.map(\.name) + (dataset.target.map { [$0.columnName] } ?? [])
            var message = "unknown column '\(name)'"
            if let suggestion = Suggestion.closest(to: name, among: available) {
                message += " (did you mean '\(suggestion)'?)"
            } else if available.count <= 12 {
                message += "; columns are " + available.map { "'\($0)'" }.joined(separator: ", ")
            }
            throw invalid(argument, message)
        }
    }

    /// A column that must hold numbers (an axis).
    func numericColumn(_ dataset: Dataset, named name: String, argument: String) throws(RuntimeError) -> [Double] {
        switch try column(dataset, named: name, argument: argument) {
        case .numbers(let values): return values
        case .categories:
            throw invalid(argument, "column '\(name)' holds categories, not numbers; use it as color: instead")
        }
    }

    /// How `color:` colours points: by category, or on a scale for numbers.
    func coloring(_ dataset: Dataset, named name: String) throws(RuntimeError) -> ScatterSeries.Coloring {
        switch try column(dataset, named: name, argument: "color") {
        case .categories(let codes, let names): return .categories(codes: codes, names: names)
        case .numbers(let values): return .values(values, label: name)
        }
    }

    /// A list of rows of numbers, all the same length.
    func matrix(_ name: String) throws(RuntimeError) -> [[Double]] {
        let rows = try list(name)
        guard !rows.isEmpty else { throw invalid(name, "\(shown(name)) is empty; give a list of rows of numbers") }
        var matrix: [[Double]] = []
        for (index, row) in rows.enumerated() {
            guard let items = row.sequenceElements, case .list = row else {
                throw invalid(
                    name,
                    "\(shown(name)) must be a list of rows (lists of numbers), got a \(row.typeName) at row \(index)")
            }
            var numbers: [Double] = []
            for (column, item) in items.enumerated() {
                switch item {
                case .number(let number): numbers.append(number)
                case .nil: numbers.append(.nan)
                default:
                    throw invalid(
                        name,
                        "\(shown(name)) must hold numbers, got a \(item.typeName) at row \(index), column \(column)")
                }
            }
            if let first = matrix.first, first.count != numbers.count {
                throw invalid(
                    name,
                    "rows of \(shown(name)) differ in length: row 0 has \(first.count), row \(index) has \(numbers.count)"
                )
            }
            matrix.append(numbers)
        }
        guard !matrix[0].isEmpty else { throw invalid(name, "the rows of \(shown(name)) are empty") }
        return matrix
    }

    /// `labels:` of a heatmap: one list for both axes, or `[rows: ..., columns: ...]`.
    func matrixLabels(rows: Int, columns: Int) throws(RuntimeError) -> ([String]?, [String]?) {
        func names(_ value: Value, count: Int, what: String) throws(RuntimeError) -> [String] {
            guard case .list(let items) = value else {
                throw invalid("labels", "'labels' \(what) must be a list, got \(value.typePhrase)")
            }
            guard items.count == count else {
                throw invalid(
                    "labels",
                    "'labels' \(what) has \(items.count) names for \(count) \(what == "rows" ? "rows" : "columns")")
            }
            return items.map { if case .string(let text) = $0 { text } else { $0.plainText(quoted: false) } }
        }
        switch argument("labels") {
        case .nil: return (nil, nil)
        case .record(let record):
            let unknown = record.names.filter { $0 != "rows" && $0 != "columns" }
            guard unknown.isEmpty else {
                throw invalid("labels", "'labels' takes fields 'rows' and 'columns', got '\(unknown[0])'")
            }
            return (
                try record["rows"].map { v throws(RuntimeError) in try names(v, count: rows, what: "rows") },
                try record["columns"].map { v throws(RuntimeError) in try names(v, count: columns, what: "columns") }
            )
        case .list(let items):
            guard rows == columns else {
                throw invalid(
                    "labels",
                    "one list of labels needs a square matrix, got \(rows)x\(columns); "
                        + "pass [rows: [...], columns: [...]]")
            }
            let list = try names(.list(items), count: rows, what: "rows")
            return (list, list)
        default:
            throw mismatch("labels", expected: "a list of names or a record [rows: ..., columns: ...]")
        }
    }

    /// The first `count` rows of an image dataset, captioned with their class (or
    /// target value, or row number).
    func imageGrid(_ dataset: Dataset, shape: [Int], count: Int) throws(RuntimeError) -> ImageGrid {
        let (channels, height, width) = (shape[0], shape[1], shape[2])
        let matrix = dataset.featureMatrix()
        guard matrix.features == channels * height * width else {
            throw failure(
                "dataset '\(dataset.name)' has \(matrix.features) features, not the \(channels)x\(height)x\(width) its image shape says"
            )
        }
        var images: [ImageGrid.Image] = []
        for row in 0..<count {
            let pixels = Array(matrix.values[row * matrix.features..<(row + 1) * matrix.features])
            let caption: String
            switch dataset.target {
            case .classification(_, let labels, let classes):
                caption = labels[row] >= 0 ? classes[Int(labels[row])] : "?"
            case .regression(_, let values):
                caption = NumberLabel.compact(Double(values[row]))
            case nil:
                caption = "#\(row)"
            }
            images.append(
                ImageGrid.Image(pixels: pixels, channels: channels, height: height, width: width, caption: caption))
        }
        return ImageGrid(images: images)
    }
}
