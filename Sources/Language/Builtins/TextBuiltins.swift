import Data

/// The text section of the language: `vectorize` (a free-text column into token ids or
/// a bag of words, kept with the run like scaling), `tokens` (how a string is split)
/// and `vocabulary` (what a vectorization learned).
enum TextBuiltins {
    static var all: [Builtin] { [vectorize, tokens, vocabulary] }

    static var vectorize: Builtin {
        Builtin(
            "vectorize",
            parameters: [
                .positional("ds"), .labelled("column", shown: "auto"), .labelled("mode", default: .string("sequence")),
                .labelled("vocab", default: .number(20000)), .labelled("length", default: .number(64)),
                .labelled("ngrams", default: .number(1)), .labelled("lowercase", default: .bool(true)),
                .labelled("using", shown: "ds"), .labelled("sublinear", default: .bool(false)),
                .labelled("min_df", default: .number(1)),
            ],
            summary: "A free-text column turned into features: token ids for embedding, or a bag of words.",
            details: """
                column: the text column (the only one by default). mode: "sequence" gives `length` columns of token \
                ids (0 pads, 1 is a token outside the vocabulary), cut or padded at the end; "tfidf" (raw counts times \
                smooth idf, rows scaled to unit length, as scikit-learn's TfidfVectorizer), "count" and "binary" give \
                one column per vocabulary entry, a token or (ngrams: 2, 3...) a run of tokens. vocab: how many ids \
                (padding and unknown included) or columns. Tokens: tokens(text) shows the split (lowercased, runs of \
                letters and digits of any script). The vocabulary (most frequent first, ties by token) and idf come \
                from `using`, the training split: val = vectorize(val_raw, using: train). A model trained on the \
                result keeps them, so predict, evaluate and serve take raw text. sublinear: true counts \
                1 + ln(count) for tf-idf (scikit-learn's sublinear_tf). min_df: an entry must occur in at least this \
                many texts of `using` (scikit-learn's min_df as a count).
                """
        ) { call throws(RuntimeError) in
            let source = try call.dataset("ds")
            let statistics = call.has("using") ? try call.dataset("using") : source
            var options = Dataset.VectorizeOptions()
            if call.has("column") { options.column = try call.string("column") }
            let mode = try call.string("mode")
            guard let parsed = TextVectorization.Mode(rawValue: mode) else {
                throw call.invalid(
                    "mode",
                    "mode must be one of "
                        + TextVectorization.Mode.allCases.map { "\"\($0.rawValue)\"" }
                        .joined(separator: ", ") + ", got \(Value.quote(mode))")
            }
            options.mode = parsed
            options.vocab = try positive(call, "vocab", atLeast: parsed == .sequence ? 3 : 1)
            options.length = try positive(call, "length", atLeast: 1)
            options.ngrams = try positive(call, "ngrams", atLeast: 1)
            if parsed == .sequence, options.ngrams > 1 {
                throw call.invalid("ngrams", "ngrams apply to bags of words; mode \"sequence\" gives single tokens")
            }
            options.lowercase = try call.bool("lowercase")
            options.sublinear = try call.bool("sublinear")
            if options.sublinear, parsed != .tfidf {
                throw call.invalid("sublinear", "sublinear applies to mode \"tfidf\", got mode \"\(mode)\"")
            }
            options.minDocuments = try positive(call, "min_df", atLeast: 1)
            do throws(TransformError) {
                return .native(DatasetValue(try source.dataset.vectorize(options, using: statistics.dataset)))
            } catch {
                switch error {
                case .statisticsColumn: throw call.failure(error, argument: "using")
                case .unknownColumn: throw call.failure(error, argument: "column")
                case .notText where options.column != nil: throw call.failure(error, argument: "column")
                default: throw call.failure(error, argument: "ds")
                }
            }
        }
    }

    /// A whole number of at least `minimum`, or an error naming the argument.
    private static func positive(_ call: BuiltinCall, _ name: String, atLeast minimum: Int) throws(RuntimeError) -> Int
    {
        guard case .number(let number) = call.argument(name) else {
            throw call.mismatch(name, expected: "a whole number")
        }
        guard number == number.rounded(), number >= Double(minimum), number < 1e9 else {
            throw call.invalid(
                name, "\(name) must be a whole number of at least \(minimum), got \(call.argument(name).plainText())")
        }
        return Int(number)
    }

    static var tokens: Builtin {
        Builtin(
            "tokens", parameters: [.positional("text"), .labelled("lowercase", default: .bool(true))],
            summary: "How vectorize splits a string: lowercased, runs of letters and digits (any script).",
            details: """
                Everything else (spaces, punctuation, symbols, emoji) separates tokens and is dropped: \
                tokens("Don't STOP, café 2day!") is ["don", "t", "stop", "café", "2day"].
                """
        ) { call throws(RuntimeError) in
            let text = try call.string("text")
            return .list(TextTokenizer(lowercase: try call.bool("lowercase")).tokens(text).map(Value.string))
        }
    }

    static var vocabulary: Builtin {
        Builtin(
            "vocabulary", parameters: [.positional("source"), .labelled("n", default: .number(20))],
            summary: "The first n entries a vectorization learned, most frequent first, from a dataset or a run.",
            details: """
                In mode "sequence" entry i has id i + 2 (0 pads, 1 is unknown). Pass n: nil for all of them.
                """
        ) { call throws(RuntimeError) in
            let steps: [PreprocessingStep]
            switch call.argument("source") {
            case .native(let native as DatasetValue): steps = native.dataset.preprocessing.map(\.step)
            case .native(let native as RunValue): steps = native.schema.preprocessing.steps
            case .native(let native as ModelValue): steps = native.schema?.preprocessing.steps ?? []
            default: throw call.mismatch("source", expected: "a vectorized dataset, a run or a model")
            }
            guard case .vectorize(let vectorization)? = steps.last(where: { $0.operation == "vectorize" }) else {
                throw call.invalid("source", "it went through no vectorize(...)")
            }
            let count = call.argument("n").isNil ? vectorization.vocabulary.count : try positive(call, "n", atLeast: 1)
            return .list(vectorization.vocabulary.prefix(count).map(Value.string))
        }
    }
}
