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
///   counts times `ln((1 + n) / (1 + df)) + 1`, each row scaled to unit l2 norm).
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
    public var fittedOn: DataReference

    enum CodingKeys: String, CodingKey {
        case column, mode, vocabulary, idf, length, ngrams, lowercase
        case fittedOn = "fitted_on"
    }

    public var tokenizer: TextTokenizer { TextTokenizer(lowercase: lowercase) }

    /// The names of the columns the text column becomes, in order.
    public var outputNames: [String] {
        switch mode {
        case .sequence: (0..<(length ?? 0)).map { "\(column)[\($0)]" }
        case .tfidf, .count, .binary: vocabulary.map { "\(column):\($0)" }
        }
    }

    /// Learns the vocabulary (and idf) from `texts`. `vocab` counts every id in
    /// sequence mode (padding and unknown included, as Keras' `max_tokens`), every
    /// column in the others.
    public static func fit(
        _ texts: [String], column: String, mode: Mode, vocab: Int, length: Int, ngrams: Int, lowercase: Bool,
        fittedOn: DataReference
    ) -> TextVectorization {
        let tokenizer = TextTokenizer(lowercase: lowercase)
        var frequency: [String: Int] = [:]
        var documents: [String: Int] = [:]
        var seen = Set<String>()
        for text in texts {
            seen.removeAll(keepingCapacity: true)
            forEachTerm(of: text, tokenizer: tokenizer, ngrams: mode == .sequence ? 1 : ngrams) { term in
                frequency[term, default: 0] += 1
                if seen.insert(term).inserted { documents[term, default: 0] += 1 }
            }
        }
        let capacity = mode == .sequence ? max(0, vocab - 2) : vocab
        let vocabulary = frequency.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(capacity).map(\.key)
        var idf: [Double]?
        if mode == .tfidf {
            let n = Double(texts.count)
            idf = vocabulary.map { log((1 + n) / (1 + Double(documents[$0] ?? 0))) + 1 }
        }
        return TextVectorization(
            column: column, mode: mode, vocabulary: vocabulary, idf: idf, length: mode == .sequence ? length : nil,
            ngrams: mode == .sequence ? 1 : ngrams, lowercase: lowercase, fittedOn: fittedOn)
    }

    /// The features of `texts`, one array per output column (column-major, as a
    /// dataset holds them).
    public func transform(_ texts: [String]) -> [[Float]] {
        let index = Dictionary(
            vocabulary.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let tokenizer = self.tokenizer
        switch mode {
        case .sequence:
            let length = self.length ?? 0
            var columns = [[Float]](repeating: [Float](repeating: Self.paddingID, count: texts.count), count: length)
            for (row, text) in texts.enumerated() {
                var position = 0
                tokenizer.forEachToken(text) { token in
                    guard position < length else { return }
                    columns[position][row] = index[token].map { Float($0 + 2) } ?? Self.unknownID
                    position += 1
                }
            }
            return columns
        case .tfidf, .count, .binary:
            var columns = [[Float]](repeating: [Float](repeating: 0, count: texts.count), count: vocabulary.count)
            var counts: [Int: Double] = [:]
            for (row, text) in texts.enumerated() {
                counts.removeAll(keepingCapacity: true)
                Self.forEachTerm(of: text, tokenizer: tokenizer, ngrams: ngrams) { term in
                    if let feature = index[term] { counts[feature, default: 0] += 1 }
                }
                switch mode {
                case .binary:
                    for feature in counts.keys { columns[feature][row] = 1 }
                case .count:
                    for (feature, count) in counts { columns[feature][row] = Float(count) }
                default:
                    let idf = self.idf ?? []
                    var weights = counts.map { (feature: $0.key, weight: $0.value * idf[$0.key]) }
                    let norm = weights.reduce(0) { $0 + $1.weight * $1.weight }.squareRoot()
                    if norm > 0 { weights = weights.map { ($0.feature, $0.weight / norm) } }
                    for (feature, weight) in weights { columns[feature][row] = Float(weight) }
                }
            }
            return columns
        }
    }

    /// Every term of `text`: its tokens, then (for `ngrams` > 1) each run of 2, 3, ...
    /// consecutive tokens joined by a space, as scikit-learn's `ngram_range=(1, n)`.
    static func forEachTerm(of text: String, tokenizer: TextTokenizer, ngrams: Int, _ body: (String) -> Void) {
        guard ngrams > 1 else {
            tokenizer.forEachToken(text, body)
            return
        }
        let tokens = tokenizer.tokens(text)
        for token in tokens { body(token) }
        for n in stride(from: 2, through: ngrams, by: 1) where tokens.count >= n {
            for start in 0...(tokens.count - n) { body(tokens[start..<(start + n)].joined(separator: " ")) }
        }
    }
}
