@testable import Data

/// Small hand-made datasets for the transform tests.
enum TransformFixtures {
    /// `rows` rows of two numeric columns and a categorical one, with a classification
    /// target cycling through `classes` (so class sizes differ by at most one).
    static func classified(rows: Int, classes: [String] = ["a", "b", "c"]) -> Dataset {
        let x = (0..<rows).map { Float($0) }
        let y = (0..<rows).map { Float($0 * $0 % 7) }
        let colors = (0..<rows).map { Int32($0 % 2) }
        let labels = (0..<rows).map { Int32($0 % classes.count) }
        return Dataset(
            name: "fixture",
            columns: [
                Column(name: "x", values: .numeric(x)),
                Column(name: "y", values: .numeric(y)),
                Column(name: "color", values: .categorical(codes: colors, categories: ["blue", "red"])),
            ],
            target: .classification(name: "label", labels: labels, classes: classes),
            rowCount: rows, lineage: Lineage(operation: "fixture"))
    }

    /// A dataset with given class sizes (rows of class 0 first, then class 1, ...).
    static func withClassSizes(_ sizes: [Int], classes: [String]) -> Dataset {
        let labels = sizes.enumerated().flatMap { index, size in Array(repeating: Int32(index), count: size) }
        let x = labels.indices.map { Float($0) }
        return Dataset(
            name: "sized", columns: [Column(name: "x", values: .numeric(x))],
            target: .classification(name: "label", labels: labels, classes: classes),
            rowCount: labels.count, lineage: Lineage(operation: "fixture"))
    }

    /// Numeric and categorical columns with missing cells, and a regression target.
    static func withMissing() -> Dataset {
        let nan = Float.nan
        return Dataset(
            name: "gaps",
            columns: [
                Column(name: "a", values: .numeric([1, nan, 3, 4])),
                Column(name: "b", values: .numeric([10, 20, 30, 40])),
                Column(name: "kind", values: .categorical(codes: [0, 1, -1, 1], categories: ["p", "q"])),
            ],
            target: .regression(name: "price", values: [1.5, 2.5, 3.5, nan]),
            rowCount: 4, lineage: Lineage(operation: "fixture"))
    }

    static func numbers(_ dataset: Dataset, _ column: String) -> [Float] {
        guard case .numeric(let values) = dataset.column(named: column)?.values else { return [] }
        return values
    }

    static func labels(_ dataset: Dataset) -> [Int32] {
        guard case .classification(_, let labels, _) = dataset.target else { return [] }
        return labels
    }
}
