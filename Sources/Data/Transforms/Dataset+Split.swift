import Tensor
import TextFormat

/// `split`: partitions the rows into several datasets by fractions, shuffled by a seed,
/// keeping class proportions in each part for classification.
extension Dataset {
    /// How far the fractions' sum may stray from 1 (so `[0.7, 0.15, 0.15]` passes).
    public static let fractionTolerance = 1e-6

    /// Splits the rows into `fractions.count` datasets.
    ///
    /// Sizes: the rows are divided by the largest-remainder method, so they add up to
    /// the row count and each is within one row of `fraction * rows`. With `stratify`
    /// and a classification target, each class is divided in the same proportions
    /// (again by largest remainders, constrained so the splits keep the sizes above),
    /// so every split sees the classes as often as the whole does. Rows are drawn with
    /// `SeededRandom(seed:)` and each split's rows are shuffled, so classes come
    /// interleaved.
    ///
    /// - Throws: fractions that are not positive, fewer than two, not summing to 1
    ///   within `fractionTolerance`; a split that would be empty; when stratifying, a
    ///   class with fewer rows than there are splits.
    public func split(fractions: [Double], seed: UInt64, stratify: Bool = true) throws(TransformError) -> [Dataset] {
        guard fractions.count >= 2 else { throw .tooFewFractions(fractions.count) }
        for fraction in fractions where !(fraction > 0 && fraction.isFinite) { throw .badFraction(fraction) }
        let total = fractions.reduce(0, +)
        guard abs(total - 1) <= Dataset.fractionTolerance else { throw .fractionsSum(total) }
        let sizes = Dataset.apportion(rowCount, by: fractions.map { $0 / total })
        if let empty = sizes.firstIndex(of: 0) {
            throw .emptySplit(index: empty, fraction: fractions[empty], rows: rowCount)
        }

        var generator = SeededRandom(seed: seed)
        var parts: [[Int]]
        if stratify, case .classification(_, let labels, let classes) = target {
            parts = try Dataset.stratifiedParts(
                labels: labels, classes: classes, sizes: sizes,
                generator: &generator)
        } else {
            let order = generator.permutation(rowCount)
            parts = []
            var start = 0
            for size in sizes {
                parts.append(Array(order[start..<start + size]))
                start += size
            }
        }
        for index in parts.indices { generator.shuffle(&parts[index]) }

        let shared = [
            "fractions": fractions.map { NumberText.shortest($0) }.joined(separator: ","),
            "seed": "\(seed)", "stratify": "\(stratify)",
        ]
        let parentID = contentID
        let sources = lineage.sources
        return parts.enumerated().map { index, rows in
            var parameters = shared
            parameters["part"] = "\(index)"
            return gatherRows(
                rows,
                lineage: Lineage(
                    sources: sources, operation: "split", parameters: parameters,
                    parents: [parentID]))
        }
    }

    /// Divides `count` items by `weights` (summing to 1) with the largest-remainder
    /// method; ties go to the earlier weight.
    static func apportion(_ count: Int, by weights: [Double]) -> [Int] {
        let quotas = weights.map { Double(count) * $0 }
        var sizes = quotas.map { Int($0.rounded(.down)) }
        let order = quotas.indices.sorted { a, b in
            let ra = quotas[a] - Double(sizes[a]), rb = quotas[b] - Double(sizes[b])
            return ra != rb ? ra > rb : a < b
        }
        var left = count - sizes.reduce(0, +)
        for index in order where left > 0 {
            sizes[index] += 1
            left -= 1
        }
        return sizes
    }

    /// Row indices for each split, taking from each class in proportion to the split
    /// sizes. The class-by-split table is rounded so that its row sums are the class
    /// sizes and its column sums are `sizes` exactly.
    private static func stratifiedParts(
        labels: [Int32], classes: [String], sizes: [Int],
        generator: inout SeededRandom
    ) throws(TransformError) -> [[Int]] {
        var members = Array(repeating: [Int](), count: classes.count)
        var unlabelled: [Int] = []
        for (row, label) in labels.enumerated() {
            if label >= 0 { members[Int(label)].append(row) } else { unlabelled.append(row) }
        }
        for (index, rows) in members.enumerated() where !rows.isEmpty && rows.count < sizes.count {
            throw .classTooSmall(name: classes[index], count: rows.count, splits: sizes.count)
        }
        // Rows without a label are a group of their own, so they spread evenly too.
        if !unlabelled.isEmpty { members.append(unlabelled) }
        let counts = members.map(\.count)
        let table = roundedTable(rowTotals: counts, columnTotals: sizes)

        var parts = Array(repeating: [Int](), count: sizes.count)
        for (group, rows) in members.enumerated() where !rows.isEmpty {
            var shuffled = rows
            generator.shuffle(&shuffled)
            var start = 0
            for split in sizes.indices {
                let take = table[group][split]
                parts[split].append(contentsOf: shuffled[start..<start + take])
                start += take
            }
        }
        return parts
    }

    /// An integer table whose rows sum to `rowTotals` and columns to `columnTotals`
    /// (both adding up to the same total), each cell within about one of its
    /// proportional share `row * column / total`. Cells start at the share rounded
    /// down; the units left over go to the largest remainders first, then wherever
    /// both the row and the column still lack units.
    static func roundedTable(rowTotals: [Int], columnTotals: [Int]) -> [[Int]] {
        let total = rowTotals.reduce(0, +)
        guard total > 0 else { return rowTotals.map { _ in columnTotals.map { _ in 0 } } }
        var table = rowTotals.map { row in columnTotals.map { row * $0 / total } }
        var rowLeft = rowTotals.indices.map { rowTotals[$0] - table[$0].reduce(0, +) }
        var columnLeft = columnTotals.indices.map { column in
            columnTotals[column] - table.reduce(0) { $0 + $1[column] }
        }
        var cells: [(row: Int, column: Int, remainder: Int)] = []
        for row in rowTotals.indices {
            for column in columnTotals.indices {
                // Remainders compared as exact integers: (row * column) mod total.
                cells.append((row, column, rowTotals[row] * columnTotals[column] % total))
            }
        }
        cells.sort {
            $0.remainder != $1.remainder
                ? $0.remainder > $1.remainder
                : ($0.row, $0.column) < ($1.row, $1.column)
        }
        for cell in cells where rowLeft[cell.row] > 0 && columnLeft[cell.column] > 0 && cell.remainder > 0 {
            table[cell.row][cell.column] += 1
            rowLeft[cell.row] -= 1
            columnLeft[cell.column] -= 1
        }
        for row in rowTotals.indices {
            for column in columnTotals.indices where rowLeft[row] > 0 && columnLeft[column] > 0 {
                let units = min(rowLeft[row], columnLeft[column])
                table[row][column] += units
                rowLeft[row] -= units
                columnLeft[column] -= units
            }
        }
        return table
    }
}
