import Learn

/// The layers for token sequences (LANGUAGE.md, "Text and sequences"): `embedding`
/// reads the token ids `vectorize` writes, the global pools turn a sequence into one
/// vector, leaving padding out.
enum SequenceLayerBuiltins {
    static var all: [Builtin] { [embedding, globalAvgPool, globalMaxPool] }

    static var embedding: Builtin {
        Builtin(
            "embedding", parameters: [.positional("dim"), .labelled("vocab", shown: "auto")],
            summary: "A learned vector of `dim` numbers per token id: [length] ids -> [length, dim].",
            details: """
                Takes the ids vectorize(ds) writes (mode "sequence"): 0 pads, 1 is a token outside the vocabulary. \
                vocab: the number of ids, auto (the data's vectorization: its vocabulary, padding and unknown). An \
                id outside the table reads the unknown token's row. Padding is left out by global_avgpool and \
                global_maxpool after it. Initialised N(0, 1), as PyTorch's nn.Embedding.
                """
        ) { call throws(RuntimeError) in
            let dim = try call.positiveInteger("dim")
            let vocab = call.has("vocab") && !call.argument("vocab").isNil ? try call.positiveInteger("vocab") : nil
            if let vocab, vocab < 2 {
                throw call.invalid("vocab", "vocab must be at least 2 (padding and the unknown token are ids 0 and 1)")
            }
            return ModelBuiltins.layer(.embedding(dim: dim, vocab: vocab))
        }
    }

    static var globalAvgPool: Builtin {
        Builtin(
            "global_avgpool", parameters: [],
            summary: "The mean over a sequence's positions, padding left out: [length, features] -> [features]."
        ) { _ throws(RuntimeError) in ModelBuiltins.layer(.globalAvgPool) }
    }

    static var globalMaxPool: Builtin {
        Builtin(
            "global_maxpool", parameters: [],
            summary: "The maximum over a sequence's positions, padding left out: [length, features] -> [features]."
        ) { _ throws(RuntimeError) in ModelBuiltins.layer(.globalMaxPool) }
    }
}
