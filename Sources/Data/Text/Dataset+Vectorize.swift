extension Dataset {
    /// Choices for `vectorize`; the defaults are the language's.
    public struct VectorizeOptions: Sendable {
        public var column: String?
        public var mode: TextVectorization.Mode = .sequence
        public var vocab = 20000
        public var length = 64
        public var ngrams = 1
        public var lowercase = true
        /// Tf-idf only: `1 + ln(count)` in place of the count (scikit-learn's `sublinear_tf`).
        public var sublinear = false
        /// The fewest training texts an entry must occur in (scikit-learn's `min_df`).
        public var minDocuments = 1

        public init() {}
    }

    /// The free-text column `options.column` (or the only one) turned into features
    /// (`TextVectorization`), with the vocabulary and idf learned from the same column
    /// of `statistics` (the training split); a `statistics` that was itself vectorized
    /// lends the vectorization that made it. The step is recorded, so a model trained on
    /// the result takes raw text.
    ///
    /// - Throws: no text column, a named column that is not text, or several text
    ///   columns and none named; `statistics` lacking the column as text.
    public func vectorize(_ options: VectorizeOptions, using statistics: Dataset) throws(TransformError) -> Dataset {
        let text = columns.filter(\.isText).map(\.name)
        let name: String
        if let wanted = options.column {
            guard let column = self.column(named: wanted) else {
                throw .unknownColumn(wanted, available: columns.map(\.name))
            }
            guard column.isText else { throw .notText(column: wanted, text: text) }
            name = wanted
        } else {
            guard let only = text.first else { throw .notText(column: nil, text: []) }
            guard text.count == 1 else { throw .severalTextColumns(text) }
            name = only
        }
        if let made = statistics.preprocessing.last(where: {
            if case .vectorize(let vectorization) = $0.step { vectorization.column == name } else { false }
        }) {
            return applying(made.step, statistics: statistics)
        }
        guard let source = statistics.column(named: name) else { throw .statisticsColumn(name, reason: "has no") }
        guard case .text(let texts) = source.values else { throw .statisticsColumn(name, reason: "has no text in") }
        // Vectorizing the training split itself (the usual call) splits its texts once.
        let same: Bool
        if case .text(let own)? = column(named: name)?.values { same = own == texts } else { same = false }
        let fittedOn = statistics.reference
        let (vectorization, features) = TextVectorization.fitTransform(
            texts, column: name, options: options, fittedOn: fittedOn, transforming: same)
        return applying(
            .vectorize(vectorization), statistics: statistics, statisticsID: fittedOn.version,
            vectorized: same ? features : nil)
    }
}
