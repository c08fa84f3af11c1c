import Learn

/// The layers for token sequences (LANGUAGE.md, "Text and sequences"): `embedding`
/// reads the token ids `vectorize` writes, the global pools turn a sequence into one
/// vector, leaving padding out.
enum SequenceLayerBuiltins {
    static var all: [Builtin] { [embedding, conv1d, maxpool1d, layernorm, globalAvgPool, globalMaxPool] }

    static var layernorm: Builtin {
        Builtin(
            "layernorm", parameters: [],
            summary: "Normalises each sample's (or each position's) features to mean 0 and variance 1, then a learned "
                + "scale and shift, as PyTorch's nn.LayerNorm (eps 1e-5)."
        ) { _ throws(RuntimeError) in ModelBuiltins.layer(.layerNorm) }
    }

    static var conv1d: Builtin {
        Builtin(
            "conv1d",
            parameters: [
                .positional("filters"), .labelled("kernel", default: .number(3)),
                .labelled("stride", default: .number(1)),
                .labelled("padding", default: .string("same")), .labelled("activation", default: .nil),
            ],
            summary: "A convolution along a sequence: `filters` windows of `kernel` positions, [length, channels] -> "
                + "[length, filters].",
            details: """
                As Keras' Conv1D (channels last; weights [kernel, channels, filters]). padding: "same" keeps the \
                length (at stride 1), "valid" uses only windows inside the sequence. A position whose window holds \
                only padding stays padding for the pooling after it.
                """
        ) { call throws(RuntimeError) in
            ModelBuiltins.layer(
                .conv1d(
                    filters: try call.positiveInteger("filters"), kernel: try call.positiveInteger("kernel"),
                    stride: try call.positiveInteger("stride"), padding: try call.padding("padding"),
                    activation: try call.activation("activation")))
        }
    }

    static var maxpool1d: Builtin {
        Builtin(
            "maxpool1d", parameters: [.labelled("size", default: .number(2))],
            summary: "Max pooling along a sequence over windows of `size` positions (stride = size)."
        ) { call throws(RuntimeError) in
            ModelBuiltins.layer(.maxPool1d(size: try call.positiveInteger("size")))
        }
    }

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
