import Foundation
import Testing

@testable import Data

/// Bag-of-words columns are stored sparse: they must read, split, join, hash and become
/// features exactly as the same numbers written out in full would.
@Suite struct SparseBagOfWordsTests {
    /// Counts as the plain definition gives them: `TextTokenizer.tokens` (Strings),
    /// n-grams joined by a space, a vocabulary of the `vocab` most frequent terms (ties
    /// by token), one dense column each.
    static func referenceCounts(_ texts: [String], ngrams: Int, vocab: Int) -> (names: [String], columns: [[Float]]) {
        let tokenizer = TextTokenizer()
        func terms(_ text: String) -> [String] {
            let tokens = tokenizer.tokens(text)
            var result = tokens
            for n in stride(from: 2, through: ngrams, by: 1) where tokens.count >= n {
                for start in 0...(tokens.count - n) {
                    result.append(tokens[start..<(start + n)].joined(separator: " "))
                }
            }
            return result
        }
        var frequency: [String: Int] = [:]
        for text in texts { for term in terms(text) { frequency[term, default: 0] += 1 } }
        let vocabulary = frequency.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(vocab).map(\.key)
        let index = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
        var columns = [[Float]](repeating: [Float](repeating: 0, count: texts.count), count: vocabulary.count)
        for (row, text) in texts.enumerated() {
            for term in terms(text) { if let feature = index[term] { columns[feature][row] += 1 } }
        }
        return (vocabulary.map { "text:" + $0 }, columns)
    }

    static func options(_ mode: TextVectorization.Mode, ngrams: Int = 1, vocab: Int = 20000) -> Dataset.VectorizeOptions
    {
        var options = Dataset.VectorizeOptions()
        options.mode = mode
        options.ngrams = ngrams
        options.vocab = vocab
        return options
    }

    @Test("counts of the SMS messages (1-2-grams, a vocabulary cut among ties) equal the plain definition's")
    func smsCountsMatchTheDefinition() throws {
        let sms = try BundledDatasets.load("sms_spam")
        guard case .text(let texts) = sms.columns[0].values else { throw CancellationError() }
        let counted = try sms.vectorize(Self.options(.count, ngrams: 2, vocab: 5000), using: sms)
        let reference = Self.referenceCounts(texts, ngrams: 2, vocab: 5000)
        #expect(counted.columns.map(\.name) == reference.names)
        #expect(counted.columns.allSatisfy { if case .sparse = $0.values { true } else { false } })
        let differing = zip(counted.columns, reference.columns).filter { $0.numbers != $1 }.map(\.0.name)
        #expect(differing.isEmpty, "columns differing from the definition: \(differing.prefix(5))")
        // The same step applied to the texts again (as `predict` does) gives the same columns.
        guard case .vectorize(let step)? = counted.preprocessing.last?.step else { throw CancellationError() }
        #expect(step.transform(texts) == counted.columns.map(\.values))
    }

    @Test("texts beyond ASCII: case-folded, composed and decomposed accents count as one token")
    func unicodeTokensCountAsStrings() throws {
        let texts = [
            "École ÉCOLE e\u{301}cole", "école Straße 東京 😀 café", "CAFE\u{301} straße", "",
            "ΟΔΟΣ ΣΑΣ. İstanbul—it's £5,déjà-vu", "naïve…naïve’s x²",
        ]
        let docs = TextTests.corpus(texts)
        let counted = try docs.vectorize(Self.options(.count), using: docs)
        let reference = Self.referenceCounts(texts, ngrams: 1, vocab: 100)
        #expect(counted.columns.map(\.name) == reference.names)
        #expect(counted.columns.map(\.numbers) == reference.columns.map { Optional($0) })
        #expect(counted.column(named: "text:école")?.numbers == [3, 1, 0, 0, 0, 0])
    }

    @Test("rows taken from sparse columns (shuffled, repeated, split) hold the same numbers as dense ones")
    func gatheringRows() throws {
        let sms = try BundledDatasets.load("sms_spam").head(300)
        let bag = try sms.vectorize(Self.options(.tfidf, ngrams: 2), using: sms)
        let dense = Dataset(
            name: bag.name, columns: bag.columns.map { Column(name: $0.name, values: .numeric($0.numbers!)) },
            target: bag.target, rowCount: bag.rowCount, lineage: bag.lineage)
        var random = SystemRandomNumberGenerator()
        let picks = (0..<500).map { _ in Int.random(in: 0..<bag.rowCount, using: &random) }
        for indices in [picks, Array(stride(from: 0, to: 300, by: 7)), [], [299, 0, 0]] {
            let sparseRows = bag.gatherRows(indices, lineage: bag.lineage)
            let denseRows = dense.gatherRows(indices, lineage: bag.lineage)
            #expect(sparseRows.columns.map(\.numbers) == denseRows.columns.map(\.numbers))
            #expect(sparseRows.featureMatrix() == denseRows.featureMatrix())
        }
        let parts = try bag.split(fractions: [0.5, 0.5], seed: 3)
        let joined = try Dataset.concat(parts)
        let order = try dense.split(fractions: [0.5, 0.5], seed: 3)
        #expect(joined.columns.map(\.numbers) == (try Dataset.concat(order)).columns.map(\.numbers))
        #expect(joined.columns.allSatisfy { if case .sparse = $0.values { true } else { false } })
        // Cells read as numbers, with zeros where nothing is stored.
        let column = bag.columns[0]
        #expect((0..<bag.rowCount).map { column.cell(at: $0) } == column.numbers!.map { CellValue.number($0) })
    }

    @Test("a sparse dataset's content id covers every stored value and the row count")
    func contentIDOfSparseColumns() throws {
        func dataset(_ rows: [Int32], _ values: [Float], count: Int) -> Dataset {
            Dataset(
                name: "s",
                columns: [
                    Column(
                        name: "text:a",
                        values: .sparse(SparseValues(rows: rows[...], values: values[...], count: count)))
                ],
                target: nil, rowCount: count, lineage: Lineage(operation: "test"))
        }
        let base = dataset([1, 3], [0.5, 2], count: 5)
        #expect(base.contentID == dataset([1, 3], [0.5, 2], count: 5).contentID)
        #expect(base.contentID != dataset([1, 3], [0.5, 3], count: 5).contentID)
        #expect(base.contentID != dataset([1, 4], [0.5, 2], count: 5).contentID)
        #expect(base.contentID != dataset([1, 3], [0.5, 2], count: 6).contentID)
        // A slice of a larger buffer hashes as its own cells.
        let shared: [Int32] = [9, 1, 3], sharedValues: [Float] = [7, 0.5, 2]
        let sliced = Dataset(
            name: "s",
            columns: [
                Column(
                    name: "text:a",
                    values: .sparse(SparseValues(rows: shared[1...], values: sharedValues[1...], count: 5)))
            ],
            target: nil, rowCount: 5, lineage: Lineage(operation: "test"))
        #expect(sliced.contentID == base.contentID)
    }

    @Test("sublinear tf-idf and min_df as scikit-learn's sublinear_tf and min_df (a count)")
    func sublinearAndMinimumDocuments() throws {
        let docs = TextTests.corpus(["the cat sat", "the dog sat down", "a cat and a dog"])
        var options = Self.options(.tfidf)
        options.sublinear = true
        let weights = try docs.vectorize(options, using: docs)
        func value(_ token: String, _ row: Int) -> Double {
            Double(weights.column(named: "text:" + token)!.numbers![row])
        }
        // scikit-learn 1.9, TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", sublinear_tf=True).
        #expect(abs(value("a", 2) - 0.75542179) < 1e-6)
        #expect(abs(value("and", 2) - 0.446164278) < 1e-6)
        #expect(abs(value("the", 1) - 0.459853529) < 1e-6)
        options.sublinear = false
        options.minDocuments = 2
        let common = try docs.vectorize(options, using: docs)
        #expect(Set(common.columns.map(\.name)) == ["text:cat", "text:dog", "text:sat", "text:the"])
        options.minDocuments = 4
        #expect(try docs.vectorize(options, using: docs).columns.isEmpty)
        // The settings travel with the step, and a step without them reads as before.
        guard case .vectorize(let step)? = weights.preprocessing.last?.step else { throw CancellationError() }
        let json = try JSONEncoder().encode(PreprocessingStep.vectorize(step))
        #expect(try JSONDecoder().decode(PreprocessingStep.self, from: json) == .vectorize(step))
        #expect(String(decoding: json, as: UTF8.self).contains("\"sublinear\":true"))
        guard case .vectorize(let plain)? = common.preprocessing.last?.step else { throw CancellationError() }
        var older = plain
        older.minDocuments = 1
        #expect(
            !String(decoding: try JSONEncoder().encode(PreprocessingStep.vectorize(older)), as: UTF8.self).contains(
                "min_df"))
    }

    @Test("empty messages, emoji, a 100 KB message and bytes that are not UTF-8 load and vectorize in every mode")
    func awkwardMessages() throws {
        let files = TestFiles()
        var long = ""
        for index in 0..<10000 { long += index % 7 == 0 ? "Ünïcode-\(index % 50) " : "word\(index % 300) x " }
        #expect(long.utf8.count > 100_000)
        let bytes =
            Array("text,label\n\"\",ham\n\"😀😀 🎉\",spam\n\"\(long)\",ham\n\"bad ".utf8) + [0xFF, 0xC3]
            + Array(" bytes, fine words\",spam\n\"call now for a prize\",spam\n".utf8)
        let data = try CSVLoader.load(
            path: files.write("awkward.csv", bytes: bytes), target: "label", text: .named(["text"])
        ) { _ in }
        #expect(data.rowCount == 5)
        guard case .text(let texts) = data.columns[0].values else { throw CancellationError() }
        for mode in TextVectorization.Mode.allCases {
            var options = Self.options(mode, ngrams: mode == .sequence ? 1 : 2, vocab: 400)
            options.length = 16
            let features = try data.vectorize(options, using: data)
            #expect(features.rowCount == 5 && !features.columns.isEmpty)
            // The same step on the raw texts again, one at a time, gives the same rows.
            guard case .vectorize(let step)? = features.preprocessing.last?.step else { throw CancellationError() }
            for row in texts.indices {
                let alone = step.transform([texts[row]]).map { Column(name: "", values: $0).numbers![0] }
                #expect(alone == features.columns.map { $0.numbers![row] }, "\(mode) row \(row)")
            }
        }
        // The long message is counted as the plain definition counts it.
        let counted = try data.vectorize(Self.options(.count, vocab: 400), using: data)
        let reference = Self.referenceCounts(texts, ngrams: 1, vocab: 400)
        #expect(counted.columns.map(\.name) == reference.names)
        #expect(counted.columns.map { $0.numbers! } == reference.columns)
        #expect(counted.column(named: "text:ünïcode")?.numbers?[2] ?? 0 > 1000)
    }

    @Test("a sparse column profiles as its numbers written out; a 20,000-entry bag keeps a small profile")
    func profiles() throws {
        // Negative, zero (stored and not), positive and missing cells.
        let rows: [Int32] = [0, 2, 3, 5, 8, 9], values: [Float] = [-2, 0, 3, .nan, 0.5, -1]
        let sparse = Column(name: "x", values: .sparse(SparseValues(rows: rows[...], values: values[...], count: 12)))
        let dense = Column(name: "x", values: .numeric(sparse.numbers!))
        for points in [3, 5, 11, 1001] {
            #expect(
                DataProfile.ColumnProfile(column: sparse, points: points)
                    == DataProfile.ColumnProfile(column: dense, points: points))
        }
        let sms = try BundledDatasets.load("sms_spam")
        let bag = try sms.vectorize(Self.options(.tfidf, ngrams: 2), using: sms)
        #expect(bag.columns.count == 20000)
        let profile = DataProfile(of: bag)
        guard case .numeric(let sketch, let count, _) = profile.columns[0].distribution else {
            throw CancellationError()
        }
        #expect(sketch.count == DataProfile.fewestPoints && count == 5574)
        #expect(profile.json().utf8.count < 3_500_000)  // 6.6 MB with 101 points a column
        // Narrower data keeps more of each column, as before: 64 columns of 1,797 digits, 1,001 points.
        let digits = DataProfile(of: try BundledDatasets.load("digits"))
        #expect(
            digits.columns.allSatisfy {
                if case .numeric(let sketch, _, _) = $0.distribution {
                    sketch.count == DataProfile.sketchSize
                } else {
                    false
                }
            })
    }
}
