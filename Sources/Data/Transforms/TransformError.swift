import TextFormat

/// Why a transform refused its input. Each case carries what a message needs; the
/// language adds its own context (the builtin, the argument, a did-you-mean hint from
/// `available`) when it reports one.
public enum TransformError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A column name that the dataset does not have; `available` are the names it has.
    case unknownColumn(String, available: [String])
    /// The same column named twice in one list.
    case duplicateColumn(String)
    /// `drop` was asked to remove the target.
    case cannotDropTarget(String)
    /// Removing the columns would leave no features.
    case noColumnsLeft
    /// Split fractions that do not add up to 1 (within 1e-6).
    case fractionsSum(Double)
    /// A split fraction that is not a positive finite number.
    case badFraction(Double)
    /// Fewer than two fractions, or none at all.
    case tooFewFractions(Int)
    /// A fraction so small that its split would get no rows.
    case emptySplit(index: Int, fraction: Double, rows: Int)
    /// A class with fewer rows than splits, so stratifying cannot give it to each one.
    case classTooSmall(name: String, count: Int, splits: Int)
    /// A row count that is negative or larger than the dataset (`sample`).
    case badCount(requested: Int, available: Int)
    /// `standardize`/`minmax` statistics source lacks a column or has it as text.
    case statisticsColumn(String, reason: String)
    /// A fill value of the wrong kind for its column: a number for a categorical
    /// column, or a category for a numeric one.
    case fillKind(String, isCategorical: Bool)
    /// `concat` of no datasets.
    case nothingToConcatenate
    /// Dataset number `dataset` (1-based) lacks columns the first has, or has others.
    case columnsDiffer(dataset: Int, missing: [String], extra: [String])
    /// A column holding numbers in one dataset and text in another (1-based numbers).
    case columnKindsDiffer(String, numericIn: Int, textIn: Int)
    /// Dataset number `dataset` has another target column (or none) than the first.
    case targetsDiffer(dataset: Int, first: String?, other: String?)
    /// The target holds classes in one dataset and numbers in another.
    case targetKindsDiffer(String, dataset: Int)
    /// Dataset number `dataset` has examples of another shape (images) than the first.
    case sampleShapesDiffer(dataset: Int, first: [Int]?, other: [Int]?)
    /// `vectorize` on a dataset without a free-text column (`column` nil), or naming a
    /// column that is not text; `text` are the dataset's text columns.
    case notText(column: String?, text: [String])
    /// `vectorize` found several text columns and was not told which.
    case severalTextColumns([String])
    /// `concat` of datasets that went through different fills or scaling: their rows
    /// are on different scales, and no model could read the result one way.
    case preprocessingDiffers(dataset: Int, first: String, other: String)

    public var description: String {
        switch self {
        case .unknownColumn(let name, _):
            return "unknown column '\(name)'"
        case .duplicateColumn(let name):
            return "column '\(name)' is named twice"
        case .cannotDropTarget(let name):
            return "cannot drop the target column '\(name)'"
        case .noColumnsLeft:
            return "no feature columns would be left"
        case .fractionsSum(let sum):
            // 0.7 + 0.2 is 0.8999999999999999 in binary; the user wrote 0.9.
            return "fractions must sum to 1, got \(NumberText.shortest((sum * 1e9).rounded() / 1e9))"
        case .badFraction(let fraction):
            return "each fraction must be a number above 0, got \(NumberText.shortest(fraction))"
        case .tooFewFractions(let count):
            return "expected at least 2 fractions, got \(count)"
        case .emptySplit(let index, let fraction, let rows):
            return "fraction \(NumberText.shortest(fraction)) (split \(index + 1)) gives no rows of \(rows)"
        case .classTooSmall(let name, let count, let splits):
            let rows = count == 1 ? "1 row" : "\(count) rows"
            return "class '\(name)' has \(rows), too few to stratify into \(splits) splits "
                + "(pass stratify: false, or use fewer splits)"
        case .badCount(let requested, let available):
            if requested < 0 { return "the number of rows must not be negative, got \(requested)" }
            return "asked for \(requested) rows, the dataset has \(available)"
        case .statisticsColumn(let name, let reason):
            return "the statistics dataset \(reason) column '\(name)'"
        case .fillKind(let name, let isCategorical):
            return isCategorical
                ? "column '\(name)' holds categories; fill it with a string"
                : "column '\(name)' holds numbers; fill it with a number"
        case .notText(let column, let text):
            let listed = text.map { "'\($0)'" }.joined(separator: ", ")
            guard let column else {
                return "the dataset has no free-text column (load_csv(path, text: [\"column\"]) makes one)"
            }
            return "column '\(column)' is not free text"
                + (text.isEmpty ? "; the dataset has no text column" : "; text columns: \(listed)")
        case .severalTextColumns(let names):
            return "the dataset has several text columns (" + names.map { "'\($0)'" }.joined(separator: ", ")
                + "); name one with column:"
        case .nothingToConcatenate:
            return "give the datasets to join: concat(a, b) or concat([a, b, c])"
        case .columnsDiffer(let dataset, let missing, let extra):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("lacks " + TransformError.quoted(missing)) }
            if !extra.isEmpty { parts.append("has " + TransformError.quoted(extra) + ", which dataset 1 lacks") }
            return "dataset \(dataset) " + parts.joined(separator: " and ")
                + "; the datasets must have the same columns (use select or drop first)"
        case .columnKindsDiffer(let name, let numericIn, let textIn):
            return "column '\(name)' holds numbers in dataset \(numericIn) and text in dataset \(textIn)"
        case .targetsDiffer(let dataset, let first, let other):
            let firstText = first.map { "the target '\($0)'" } ?? "no target"
            let otherText = other.map { "the target '\($0)'" } ?? "no target"
            return "dataset 1 has \(firstText) but dataset \(dataset) has \(otherText)"
        case .targetKindsDiffer(let name, let dataset):
            return "the target '\(name)' holds classes in one dataset and numbers in another (dataset \(dataset))"
        case .preprocessingDiffers(let dataset, let first, let other):
            return "dataset 1 went through \(first) but dataset \(dataset) through \(other); "
                + "concatenate the data as loaded, then preprocess it once"
        case .sampleShapesDiffer(let dataset, let first, let other):
            func shape(_ value: [Int]?) -> String {
                value.map { "images " + $0.map(String.init).joined(separator: "x") } ?? "plain rows"
            }
            return "dataset 1 holds \(shape(first)) but dataset \(dataset) holds \(shape(other))"
        }
    }

    /// `'a', 'b'`.
    private static func quoted(_ names: [String]) -> String {
        names.map { "'\($0)'" }.joined(separator: ", ")
    }
}
