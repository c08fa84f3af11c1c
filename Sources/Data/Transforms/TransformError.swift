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
        }
    }

}
