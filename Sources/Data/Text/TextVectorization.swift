import Foundation

/// What `vectorize` learned from the training split, kept with the run's preprocessing
/// so new raw text (in `predict`, `evaluate`, a server) becomes the same features: the
/// text column it reads, the mode, the vocabulary (most frequent first, ties broken by
/// token) and, for tf-idf, each entry's idf.
///
/// - `sequence`: `length` columns `text[0]`, `text[1]`, ... holding token ids: 0 pads,
///   1 is a token outside the vocabulary, `2 + i` is `vocabulary[i]`. Longer texts are
///   cut after `length` tokens, shorter ones padded at the end (Keras'
///   `TextVectorization(output_sequence_length:)`).
/// - `count`, `binary`, `tfidf`: one column `text:ENTRY` per vocabulary entry (a token,
///   or an n-gram of up to `ngrams` tokens joined by spaces): how often it occurs, whether
///   it does, or tf-idf as scikit-learn's `TfidfVectorizer` defaults compute it (raw
///   counts times `ln((1 + n) / (1 + df)) + 1`, each row scaled to unit l2 norm);
///   `sublinear` counts `1 + ln(count)` instead, as its `sublinear_tf`.
///
/// An entry must occur in at least `minDocuments` texts of the training split
/// (scikit-learn's `min_df` as a count); rarer ones are left out of the vocabulary.
public struct TextVectorization: Sendable, Equatable, Codable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case sequence, tfidf, count, binary
    }

    /// The id of padding in sequence mode.
    public static let paddingID: Float = 0
    /// The id of a token outside the vocabulary in sequence mode.
    public static let unknownID: Float = 1

    public var column: String
    public var mode: Mode
    public var vocabulary: [String]
    /// Per vocabulary entry, for tf-idf; nil otherwise.
    public var idf: [Double]?
    /// Sequence mode: the number of token ids per text.
    public var length: Int?
    public var ngrams: Int
    public var lowercase: Bool
    /// Tf-idf: `1 + ln(count)` in place of the count.
    public var sublinear = false
    /// How many training texts an entry had to occur in to enter the vocabulary.
    public var minDocuments = 1
    public var fittedOn: DataReference

    enum CodingKeys: String, CodingKey {
        case column, mode, vocabulary, idf, length, ngrams, lowercase, sublinear
        case minDocuments = "min_df"
        case fittedOn = "fitted_on"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        column = try c.decode(String.self, forKey: .column)
        mode = try c.decode(Mode.self, forKey: .mode)
        vocabulary = try c.decode([String].self, forKey: .vocabulary)
        idf = try c.decodeIfPresent([Double].self, forKey: .idf)
        length = try c.decodeIfPresent(Int.self, forKey: .length)
        ngrams = try c.decode(Int.self, forKey: .ngrams)
        lowercase = try c.decode(Bool.self, forKey: .lowercase)
        // Absent in steps recorded before they existed.
        sublinear = try c.decodeIfPresent(Bool.self, forKey: .sublinear) ?? false
        minDocuments = try c.decodeIfPresent(Int.self, forKey: .minDocuments) ?? 1
        fittedOn = try c.decode(DataReference.self, forKey: .fittedOn)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(column, forKey: .column)
        try c.encode(mode, forKey: .mode)
        try c.encode(vocabulary, forKey: .vocabulary)
        try c.encodeIfPresent(idf, forKey: .idf)
        try c.encodeIfPresent(length, forKey: .length)
        try c.encode(ngrams, forKey: .ngrams)
        try c.encode(lowercase, forKey: .lowercase)
        // Only when set: a step without them reads (and hashes) as it always did.
        if sublinear { try c.encode(sublinear, forKey: .sublinear) }
        if minDocuments != 1 { try c.encode(minDocuments, forKey: .minDocuments) }
        try c.encode(fittedOn, forKey: .fittedOn)
    }

    init(
        column: String, mode: Mode, vocabulary: [String], idf: [Double]?, length: Int?, ngrams: Int, lowercase: Bool,
        sublinear: Bool, minDocuments: Int, fittedOn: DataReference
    ) {
        self.column = column
        self.mode = mode
        self.vocabulary = vocabulary
        self.idf = idf
        self.length = length
        self.ngrams = ngrams
        self.lowercase = lowercase
        self.sublinear = sublinear
        self.minDocuments = minDocuments
        self.fittedOn = fittedOn
    }

    public var tokenizer: TextTokenizer { TextTokenizer(lowercase: lowercase) }

    /// The names of the columns the text column becomes, in order.
    public var outputNames: [String] {
        switch mode {
        case .sequence: (0..<(length ?? 0)).map { "\(column)[\($0)]" }
        case .tfidf, .count, .binary: vocabulary.map { "\(column):\($0)" }
        }
    }

    /// Learns the vocabulary (and idf) from `texts` (the column `column` of the data
    /// `fittedOn` names) with `options`, and when `transforming`, the features of the
    /// same texts from the same pass over them (as scikit-learn's `fit_transform`): each
    /// text is split and its terms numbered once. `options.vocab` counts every id in
    /// sequence mode (padding and unknown included, as Keras' `max_tokens`), every
    /// column in the others.
    static func fitTransform(
        _ texts: [String], column: String, options: Dataset.VectorizeOptions, fittedOn: DataReference,
        transforming: Bool
    ) -> (vectorization: TextVectorization, features: [ColumnValues]) {
        let mode = options.mode
        let ngrams = mode == .sequence ? 1 : options.ngrams
        let tokenizer = TextTokenizer(lowercase: options.lowercase)
        // Every term of every text, numbered; `ends[row]` is where the row's terms end.
        var table = TermTable()
        var terms: [Int32] = []
        var ends: [Int] = []
        ends.reserveCapacity(texts.count)
        var scratch = TermScratch()
        for text in texts {
            forEachTerm(of: text, tokenizer: tokenizer, ngrams: ngrams, scratch: &scratch) {
                terms.append(table.intern($0))
            }
            ends.append(terms.count)
        }
        var frequency = [Int](repeating: 0, count: table.count)
        var documents = [Int](repeating: 0, count: table.count)
        var lastRow = [Int](repeating: -1, count: table.count)
        var start = 0
        for (row, end) in ends.enumerated() {
            for term in terms[start..<end] {
                frequency[Int(term)] += 1
                if lastRow[Int(term)] != row {
                    lastRow[Int(term)] = row
                    documents[Int(term)] += 1
                }
            }
            start = end
        }
        // Too rare: left out as a term that never occurred.
        for term in frequency.indices where documents[term] < options.minDocuments { frequency[term] = 0 }
        let capacity = mode == .sequence ? max(0, options.vocab - 2) : options.vocab
        let chosen = mostFrequent(capacity, frequency: frequency, table: table)
        var idf: [Double]?
        if mode == .tfidf {
            let n = Double(texts.count)
            idf = chosen.map { log((1 + n) / (1 + Double(documents[Int($0)]))) + 1 }
        }
        let vectorization = TextVectorization(
            column: column, mode: mode, vocabulary: chosen.map(table.term), idf: idf,
            length: mode == .sequence ? options.length : nil, ngrams: ngrams, lowercase: options.lowercase,
            sublinear: mode == .tfidf && options.sublinear, minDocuments: options.minDocuments, fittedOn: fittedOn)
        guard transforming else { return (vectorization, []) }
        var feature = [Int32](repeating: -1, count: table.count)
        for (index, term) in chosen.enumerated() { feature[Int(term)] = Int32(index) }
        let features = vectorization.features(rows: texts.count) { row, emit in
            for term in terms[(row == 0 ? 0 : ends[row - 1])..<ends[row]] { emit(feature[Int(term)]) }
        }
        return (vectorization, features)
    }

    /// The `capacity` most frequent terms, most frequent first, ties broken by the
    /// term's bytes: the candidates (terms at least as frequent as the last one taken)
    /// sorted by bytes, then placed by frequency with a counting sort, which keeps that
    /// order within each frequency.
    private static func mostFrequent(_ capacity: Int, frequency: [Int], table: TermTable) -> [Int32] {
        guard capacity > 0, !frequency.isEmpty else { return [] }
        var histogram = [Int](repeating: 0, count: (frequency.max() ?? 0) + 1)
        for count in frequency { histogram[count] += 1 }
        // The lowest frequency taken: the highest f with at least `capacity` terms
        // occurring f times or more (a term occurs at least once, unless left out as 0).
        var cut = histogram.count - 1, taken = histogram[cut]
        while taken < capacity && cut > 1 {
            cut -= 1
            taken += histogram[cut]
        }
        // Terms set to 0 (too rare) are never candidates, even when all are.
        var candidates = (0..<Int32(frequency.count)).filter { frequency[Int($0)] >= max(cut, 1) }
        table.sortByBytes(&candidates)
        // Most frequent first: where each frequency's run starts.
        var next = [Int](repeating: 0, count: histogram.count + 1)
        for frequency in stride(from: histogram.count - 1, to: 0, by: -1) where frequency > cut {
            next[frequency - 1] = next[frequency] + histogram[frequency]
        }
        var ordered = [Int32](repeating: 0, count: candidates.count)
        for term in candidates {
            let count = frequency[Int(term)]
            ordered[next[count]] = term
            next[count] += 1
        }
        return Array(ordered.prefix(capacity))
    }

    /// The features of `texts`, one column per output name (column-major, as a dataset
    /// holds them): numbers in sequence mode, sparse columns in the bag-of-words modes.
    public func transform(_ texts: [String]) -> [ColumnValues] {
        let index = TermTable(vocabulary)
        let tokenizer = self.tokenizer
        var scratch = TermScratch()
        return features(rows: texts.count) { row, emit in
            Self.forEachTerm(of: texts[row], tokenizer: tokenizer, ngrams: ngrams, scratch: &scratch) { term in
                emit(index.find(term) ?? -1)
            }
        }
    }

    /// The output columns for `rows` texts, given each text's terms as vocabulary
    /// indices (-1 outside the vocabulary), in order: `termsOf(row, emit)` emits them.
    private func features(rows: Int, termsOf: (Int, (Int32) -> Void) -> Void) -> [ColumnValues] {
        switch mode {
        case .sequence:
            let length = self.length ?? 0
            var columns = [[Float]](repeating: [Float](repeating: Self.paddingID, count: rows), count: length)
            for row in 0..<rows {
                var position = 0
                termsOf(row) { index in
                    guard position < length else { return }
                    columns[position][row] = index >= 0 ? Float(index + 2) : Self.unknownID
                    position += 1
                }
            }
            return columns.map { .numeric($0) }
        case .tfidf, .count, .binary:
            return bagOfWords(rows: rows, termsOf: termsOf)
        }
    }

    /// Counts, presence or tf-idf per vocabulary entry, built a row at a time (the
    /// nonzero cells of each row, as CSR) and then turned into one sparse column per
    /// entry, all sharing two buffers.
    private func bagOfWords(rows: Int, termsOf: (Int, (Int32) -> Void) -> Void) -> [ColumnValues] {
        let width = vocabulary.count
        var counts = [Double](repeating: 0, count: width)
        var present: [Int32] = []
        var cellFeatures: [Int32] = [], cellValues: [Float] = [], rowEnds: [Int] = []
        rowEnds.reserveCapacity(rows)
        let idf = self.idf ?? []
        for row in 0..<rows {
            termsOf(row) { index in
                guard index >= 0 else { return }
                if counts[Int(index)] == 0 { present.append(index) }
                counts[Int(index)] += 1
            }
            var norm = 0.0
            if mode == .tfidf {
                for index in present {
                    if sublinear { counts[Int(index)] = 1 + log(counts[Int(index)]) }
                    counts[Int(index)] *= idf[Int(index)]
                    norm += counts[Int(index)] * counts[Int(index)]
                }
                norm = norm.squareRoot()
            }
            for index in present {
                let value: Double =
                    switch mode {
                    case .binary: 1
                    case .tfidf: norm > 0 ? counts[Int(index)] / norm : 0
                    default: counts[Int(index)]
                    }
                cellFeatures.append(index)
                cellValues.append(Float(value))
                counts[Int(index)] = 0
            }
            present.removeAll(keepingCapacity: true)
            rowEnds.append(cellFeatures.count)
        }
        // Rows to columns: count each column's cells, then place them in row order.
        var columnStarts = [Int](repeating: 0, count: width + 1)
        for feature in cellFeatures { columnStarts[Int(feature) + 1] += 1 }
        for feature in 0..<width { columnStarts[feature + 1] += columnStarts[feature] }
        var next = columnStarts
        var columnRows = [Int32](repeating: 0, count: cellFeatures.count)
        var columnValues = [Float](repeating: 0, count: cellFeatures.count)
        var start = 0
        for (row, end) in rowEnds.enumerated() {
            for cell in start..<end {
                let feature = Int(cellFeatures[cell])
                columnRows[next[feature]] = Int32(row)
                columnValues[next[feature]] = cellValues[cell]
                next[feature] += 1
            }
            start = end
        }
        return (0..<width).map { feature in
            let cells = columnStarts[feature]..<columnStarts[feature + 1]
            return .sparse(SparseValues(rows: columnRows[cells], values: columnValues[cells], count: rows))
        }
    }

    /// Calls `body` with the bytes of every term of `text`: its tokens, then (for
    /// `ngrams` > 1) each run of 2, 3, ... consecutive tokens joined by a space, as
    /// scikit-learn's `ngram_range=(1, n)`.
    static func forEachTerm(
        of text: String, tokenizer: TextTokenizer, ngrams: Int, scratch: inout TermScratch,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        guard ngrams > 1 else {
            tokenizer.forEachTokenBytes(text, body)
            return
        }
        scratch.tokens.removeAll(keepingCapacity: true)
        scratch.ends.removeAll(keepingCapacity: true)
        tokenizer.forEachTokenBytes(text) { token in
            body(token)
            scratch.tokens.append(contentsOf: token)
            scratch.ends.append(scratch.tokens.count)
        }
        let count = scratch.ends.count
        for n in stride(from: 2, through: ngrams, by: 1) where count >= n {
            for first in 0...(count - n) {
                scratch.joined.removeAll(keepingCapacity: true)
                for position in first..<(first + n) {
                    if position > first { scratch.joined.append(0x20) }
                    let start = position == 0 ? 0 : scratch.ends[position - 1]
                    scratch.joined.append(contentsOf: scratch.tokens[start..<scratch.ends[position]])
                }
                scratch.joined.withUnsafeBufferPointer(body)
            }
        }
    }
}

/// Buffers `forEachTerm` reuses from text to text: the tokens of the current text, one
/// after another, where each ends, and the n-gram being joined.
struct TermScratch {
    var tokens: [UInt8] = []
    var ends: [Int] = []
    var joined: [UInt8] = []
}
