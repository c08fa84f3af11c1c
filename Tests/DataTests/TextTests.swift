import Foundation
import Testing

@testable import Data

/// Free text: how it is split, told from categories when loaded, hashed, turned into
/// features by `vectorize` and applied again to raw text through the kept step.
@Suite struct TextTests {
    static func corpus(_ texts: [String], labels: [Int32]? = nil, name: String = "docs") -> Dataset {
        Dataset(
            name: name, columns: [Column(name: "text", values: .text(texts))],
            target: .classification(
                name: "y", labels: labels ?? texts.indices.map { Int32($0 % 2) }, classes: ["a", "b"]),
            rowCount: texts.count, lineage: Lineage(operation: "test"))
    }

    @Test("tokens: lowercased runs of letters and digits of any script; the rest separates")
    func tokenizer() {
        let tokenizer = TextTokenizer()
        #expect(tokenizer.tokens("Don't STOP, café 2day! 😀") == ["don", "t", "stop", "café", "2day"])
        #expect(tokenizer.tokens("ÜBER Straße Ωμέγα") == ["über", "straße", "ωμέγα"])
        #expect(tokenizer.tokens("東京に行く") == ["東京に行く"])
        #expect(tokenizer.tokens("") == [] && tokenizer.tokens("😀 !! ...") == [])
        #expect(tokenizer.tokens("e\u{301}te\u{301}") == ["e\u{301}te\u{301}"])  // combining marks stay in the word
        #expect(TextTokenizer(lowercase: false).tokens("Hi THERE") == ["Hi", "THERE"])
    }

    @Test("a column of long, mostly distinct texts loads as text; short repeated words stay categories")
    func detection() throws {
        let files = TestFiles()
        let path = files.write(
            "t.csv",
            """
            message,colour,label
            "Win a free prize now, call today",red,spam
            "Are we still meeting for lunch tomorrow",blue,ham
            "Your parcel is waiting at the depot",red,spam
            ,blue,ham
            "See you at the station at six",red,ham

            """)
        let detected = try CSVLoader.load(path: path, target: "label")
        #expect(detected.columns.map(\.isText) == [true, false])
        guard case .text(let texts) = detected.columns[0].values else { return }
        #expect(texts[3] == "" && texts[0] == "Win a free prize now, call today")
        let none = try CSVLoader.load(path: path, target: "label", text: .named([]))
        #expect(none.columns.allSatisfy { !$0.isText })
        let forced = try CSVLoader.load(path: path, target: "label", text: .named(["colour"]))
        #expect(forced.columns.map(\.isText) == [false, true])
        #expect(throws: DataError.self) { try CSVLoader.load(path: path, target: "label", text: .named(["nope"])) }
        #expect(throws: DataError.self) { try CSVLoader.load(path: path, target: "label", text: .named(["label"])) }
        let iris = try BundledDatasets.load("iris")
        #expect(iris.columns.allSatisfy { !$0.isText })
    }

    @Test("bytes that are not UTF-8 load as U+FFFD and are reported with their row")
    func invalidUTF8() throws {
        let files = TestFiles()
        let bytes =
            Array("text,label\n\"a fine message for you\",x\n\"bad ".utf8) + [0xFF, 0xFE]
            + Array(" bytes are here\",y\n".utf8)
        let path = files.write("bad.csv", bytes: bytes)
        var warnings: [String] = []
        let data = try CSVLoader.load(path: path, target: "label", text: .named(["text"])) { warnings.append($0) }
        #expect(warnings.count == 1 && warnings[0].contains("row 2") && warnings[0].contains("'text'"))
        guard case .text(let texts) = data.columns[0].values else { return }
        #expect(texts[1].contains("\u{FFFD}"))
    }

    @Test("the content id covers the text itself")
    func contentID() {
        let a = Self.corpus(["one two three", "four five"])
        #expect(a.contentID == Self.corpus(["one two three", "four five"]).contentID)
        #expect(a.contentID != Self.corpus(["one two three", "four fiv"]).contentID)
        #expect(a.contentID != Self.corpus(["one two thre", "efour five"]).contentID)
    }

    @Test("vocabulary: most frequent first, ties broken by token, from the statistics split only")
    func vocabulary() throws {
        let train = Self.corpus(["b a a c", "c d b", "z"])
        var options = Dataset.VectorizeOptions()
        options.mode = .count
        options.vocab = 3
        let counted = try train.vectorize(options, using: train)
        #expect(counted.columns.map(\.name) == ["text:a", "text:b", "text:c"])
        #expect(counted.columns[0].numbers == [2, 0, 0])
        let other = try Self.corpus(["a a a a z z z z z"]).vectorize(options, using: train)
        #expect(other.columns.map(\.name) == ["text:a", "text:b", "text:c"])
        #expect(other.columns[0].numbers == [4])
    }

    @Test("sequence mode: ids from 2, 1 outside the vocabulary, 0 pads; cut after `length`")
    func sequences() throws {
        let train = Self.corpus(["the cat sat", "the dog sat down"])
        var options = Dataset.VectorizeOptions()
        options.length = 3
        options.vocab = 5  // padding, unknown, and three tokens: sat and the (twice each, by token), cat
        let ids = try train.vectorize(options, using: train)
        #expect(ids.columns.map(\.name) == ["text[0]", "text[1]", "text[2]"])
        let rows = (0..<2).map { row in
            ids.columns.map { column -> Float in
                guard case .numeric(let values) = column.values else { return -1 }
                return values[row]
            }
        }
        #expect(rows == [[3, 4, 2], [3, 1, 2]])  // "sat"=2 "the"=3 "cat"=4; "dog" is unknown; "down" is cut
        let short = try Self.corpus(["sat"]).vectorize(options, using: train)
        #expect(short.columns.map { $0.values } == [.numeric([2]), .numeric([0]), .numeric([0])])
    }

    @Test("tf-idf as scikit-learn's TfidfVectorizer defaults: smooth idf, l2 rows")
    func tfidf() throws {
        let docs = Self.corpus(["the cat sat", "the dog sat down", "a cat and a dog"])
        var options = Dataset.VectorizeOptions()
        options.mode = .tfidf
        let weights = try docs.vectorize(options, using: docs)
        func value(_ token: String, _ row: Int) -> Double {
            guard let values = weights.column(named: "text:" + token)?.numbers else { return .nan }
            return Double(values[row])
        }
        // Reference values from scikit-learn 1.9 with token_pattern r"(?u)\b\w+\b".
        #expect(abs(value("cat", 0) - 0.577350269) < 1e-6)
        #expect(abs(value("down", 1) - 0.604652128) < 1e-6)
        #expect(abs(value("a", 2) - 0.806032422) < 1e-6)
        #expect(abs(value("and", 2) - 0.403016211) < 1e-6)
        #expect(value("dog", 0) == 0)
        guard case .vectorize(let kept)? = weights.preprocessing.last?.step else { Issue.record("no step"); return }
        let idf = Dictionary(uniqueKeysWithValues: zip(kept.vocabulary, kept.idf ?? []))
        #expect(abs(idf["a"]! - 1.693147181) < 1e-9 && abs(idf["the"]! - 1.287682072) < 1e-9)
    }

    @Test("n-grams: runs of tokens joined by a space")
    func ngrams() throws {
        let docs = Self.corpus(["new york city", "new york"])
        var options = Dataset.VectorizeOptions()
        options.mode = .binary
        options.ngrams = 3
        let bag = try docs.vectorize(options, using: docs)
        #expect(
            Set(bag.columns.map(\.name))
                == ["text:new", "text:york", "text:city", "text:new york", "text:york city", "text:new york city"])
    }

    @Test("the step is kept: raw text is prepared as the training split was, and the spec reads back")
    func preparation() throws {
        let train = Self.corpus(["win cash now", "lunch at noon", "win a prize"])
        var options = Dataset.VectorizeOptions()
        options.mode = .tfidf
        let vectorized = try train.vectorize(options, using: train)
        let spec = Preprocessing(of: vectorized)
        #expect(spec.rawColumns == [Preprocessing.InputColumn(name: "text", categories: nil, text: true)])
        #expect(try Preprocessing.decode(json: spec.json()).get() == spec)
        let raw = Self.corpus(["win win", "noon"])
        let (prepared, report) = try raw.prepared(for: spec)
        #expect(report.appliedSteps == 1)
        #expect(prepared.columns.map(\.name) == vectorized.columns.map(\.name))
        #expect(prepared.columns == (try raw.vectorize(options, using: vectorized)).columns)
        // Data already vectorized with the same step is used as it is.
        let again = try raw.vectorize(options, using: vectorized)
        #expect(try again.prepared(for: spec).report.appliedSteps == 0)
        // Numbers where the model reads text.
        let numbers = Dataset(
            name: "n", columns: [Column(name: "text", values: .numeric([1]))], target: nil, rowCount: 1,
            lineage: Lineage(operation: "test"))
        #expect(throws: PreparationError.columnKind("text", expected: "free text")) { try numbers.prepared(for: spec) }
    }

    @Test("vectorize refuses data without text, and names the column it cannot use")
    func refusals() throws {
        let iris = try BundledDatasets.load("iris")
        #expect(throws: TransformError.notText(column: nil, text: [])) {
            try iris.vectorize(Dataset.VectorizeOptions(), using: iris)
        }
        var options = Dataset.VectorizeOptions()
        options.column = "sepal_length"
        #expect(throws: TransformError.notText(column: "sepal_length", text: [])) {
            try iris.vectorize(options, using: iris)
        }
    }

    @Test("sms_spam is bundled: 5,574 messages, text and a ham/spam target")
    func smsSpam() throws {
        let sms = try BundledDatasets.load("sms_spam")
        #expect(sms.rowCount == 5574 && sms.columns.map(\.name) == ["text"] && sms.columns[0].isText)
        #expect(sms.target?.classNames == ["ham", "spam"])
        let description = sms.describe()
        guard case .text(let distinct, _, _, _, let top) = description.columns[0].kind else {
            Issue.record("not described as text")
            return
        }
        #expect(distinct > 5000 && top.first?.token == "i")
    }
}
