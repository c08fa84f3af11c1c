/// What `describe` reports: a summary per feature column (and the target), and how
/// the rows fall into classes.
public struct DatasetDescription: Sendable, Equatable {
    /// The summary of one column.
    public struct ColumnSummary: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// Statistics over the present cells; nil when no cell is present.
            /// `standardDeviation` is the population deviation (divided by n), the one
            /// `standardize` divides by (as scikit-learn's scaler), so a standardized
            /// column describes as std 1; pandas' describe divides by n - 1 instead.
            case numeric(mean: Double?, standardDeviation: Double?, minimum: Double?, maximum: Double?)
            /// How many categories the schema has, and the most frequent one with its
            /// count (nil when no cell is present).
            case categorical(categories: Int, top: String?, topCount: Int)
            /// Free text: how many distinct texts, their lengths in characters (mean,
            /// shortest, longest; nil when there are no rows) and the most frequent
            /// tokens (`TextTokenizer`) with their counts, most frequent first (ties by token).
            case text(
                distinct: Int, meanLength: Double?, minimumLength: Int?, maximumLength: Int?,
                topTokens: [TokenCount])
        }

        /// A token and how many times it occurs.
        public struct TokenCount: Sendable, Equatable {
            public var token: String
            public var count: Int
        }

        public var name: String
        /// Whether this is the target column.
        public var isTarget: Bool
        /// Cells present (not missing).
        public var count: Int
        public var missing: Int
        public var kind: Kind
    }

    /// One class of a classification target and how many rows have it.
    public struct ClassShare: Sendable, Equatable {
        public var name: String
        public var count: Int
        /// `count` over the rows that have a label (0 when none has).
        public var fraction: Double
    }

    public var rowCount: Int
    /// The features in order, then the target.
    public var columns: [ColumnSummary]
    /// Per class, in class order; empty for regression or no target.
    public var classBalance: [ClassShare]
}

extension Dataset {
    /// Count, missing, mean, standard deviation, minimum and maximum of each numeric
    /// column; count, missing, number of categories and most frequent category of each
    /// categorical one; the same for the target; and the class balance.
    public func describe() -> DatasetDescription {
        var summaries = columns.map { column -> DatasetDescription.ColumnSummary in
            switch column.values {
            case .numeric(let values):
                return Dataset.numericSummary(column.name, values, isTarget: false)
            case .categorical(let codes, let categories):
                return Dataset.categoricalSummary(column.name, codes, categories, isTarget: false)
            case .text(let strings):
                return Dataset.textSummary(column.name, strings)
            case .sparse(let sparse):
                return Dataset.numericSummary(column.name, sparse.dense, isTarget: false)
            }
        }
        var balance: [DatasetDescription.ClassShare] = []
        switch target {
        case .classification(let name, let labels, let classes):
            summaries.append(Dataset.categoricalSummary(name, labels, classes, isTarget: true))
            var tally = Array(repeating: 0, count: classes.count)
            for label in labels where label >= 0 { tally[Int(label)] += 1 }
            let labelled = tally.reduce(0, +)
            balance = classes.indices.map { index in
                DatasetDescription.ClassShare(
                    name: classes[index], count: tally[index],
                    fraction: labelled > 0 ? Double(tally[index]) / Double(labelled) : 0)
            }
        case .regression(let name, let values):
            summaries.append(Dataset.numericSummary(name, values, isTarget: true))
        case nil:
            break
        }
        return DatasetDescription(rowCount: rowCount, columns: summaries, classBalance: balance)
    }

    private static func numericSummary(_ name: String, _ values: [Float], isTarget: Bool)
        -> DatasetDescription.ColumnSummary
    {
        let statistics = ColumnStatistics(values)
        let present = statistics.count > 0
        return .init(
            name: name, isTarget: isTarget, count: statistics.count, missing: values.count - statistics.count,
            kind: .numeric(
                mean: present ? statistics.mean : nil,
                standardDeviation: present ? statistics.standardDeviation : nil,
                minimum: present ? statistics.minimum : nil,
                maximum: present ? statistics.maximum : nil))
    }

    /// How many tokens `describe` lists for a text column.
    static let describedTokens = 5

    private static func textSummary(_ name: String, _ strings: [String]) -> DatasetDescription.ColumnSummary {
        let lengths = strings.map(\.count)
        var counts: [String: Int] = [:]
        let tokenizer = TextTokenizer()
        for text in strings { tokenizer.forEachToken(text) { counts[$0, default: 0] += 1 } }
        let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(describedTokens).map { DatasetDescription.ColumnSummary.TokenCount(token: $0.key, count: $0.value) }
        return .init(
            name: name, isTarget: false, count: strings.count, missing: 0,
            kind: .text(
                distinct: Set(strings).count,
                meanLength: lengths.isEmpty ? nil : Double(lengths.reduce(0, +)) / Double(lengths.count),
                minimumLength: lengths.min(), maximumLength: lengths.max(), topTokens: top))
    }

    private static func categoricalSummary(
        _ name: String, _ codes: [Int32], _ categories: [String],
        isTarget: Bool
    ) -> DatasetDescription.ColumnSummary {
        var tally = Array(repeating: 0, count: categories.count)
        var missing = 0
        for code in codes {
            if code >= 0 { tally[Int(code)] += 1 } else { missing += 1 }
        }
        let top = mostFrequent(codes, categories.count)
        return .init(
            name: name, isTarget: isTarget, count: codes.count - missing, missing: missing,
            kind: .categorical(
                categories: categories.count, top: top.map { categories[$0] },
                topCount: top.map { tally[$0] } ?? 0))
    }
}
