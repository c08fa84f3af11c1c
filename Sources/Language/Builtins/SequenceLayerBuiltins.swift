import Learn
import Tensor
import TextFormat

/// The layers for token sequences (LANGUAGE.md, "Text and sequences"): `embedding`
/// reads the token ids `vectorize` writes, the global pools turn a sequence into one
/// vector, leaving padding out.
enum SequenceLayerBuiltins {
    static var all: [Builtin] {
        [
            embedding, conv1d, maxpool1d, layernorm, globalAvgPool, globalMaxPool, recurrent(.lstm), recurrent(.gru),
            transformer,
        ]
    }

    static var transformer: Builtin {
        Builtin(
            "transformer",
            parameters: [
                .positional("heads"), .labelled("ff", shown: "4 * dim"), .labelled("dropout", default: .number(0.1)),
            ],
            summary: "A pre-norm transformer encoder block: learned positions, multi-head self-attention with padding "
                + "masked, a GELU feed-forward of `ff` units: [length, dim] -> [length, dim].",
            details: """
                As PyTorch's nn.TransformerEncoderLayer(norm_first: true, activation: "gelu"), with learned \
                positions (one vector per position, N(0, 0.02)) added to its input. dim must be divisible by \
                heads. dropout acts after the attention, inside the feed-forward and after it, in training only. \
                Follow it with global_avgpool() or global_maxpool() to classify a sequence; stack blocks for depth.
                """
        ) { call throws(RuntimeError) in
            let heads = try call.positiveInteger("heads")
            let feedForward = call.has("ff") && !call.argument("ff").isNil ? try call.positiveInteger("ff") : nil
            let rate = try call.number("dropout")
            guard rate >= 0 && rate < 1 else {
                throw call.invalid(
                    "dropout", "dropout must be at least 0 and below 1, got \(NumberText.shortest(rate))")
            }
            return ModelBuiltins.layer(.transformer(heads: heads, feedForward: feedForward, dropout: rate))
        }
    }

    /// `lstm` and `gru`: the same labels, the cell named by the builtin.
    static func recurrent(_ cell: RecurrentCell) -> Builtin {
        let upper = cell.rawValue.uppercased()
        return Builtin(
            cell.rawValue,
            parameters: [
                .positional("units"), .labelled("sequences", default: .bool(false)),
                .labelled("bidirectional", default: .bool(false)),
            ],
            summary: "An \(upper) over a sequence: [length, features] -> [units] (its final state), or [length, units] "
                + "with sequences: true.",
            details: """
                As PyTorch's nn.\(upper) (batch first): its gate layout (\(cell == .lstm ? "input, forget, cell, output" : "reset, update, new")) \
                and initialisation, U(-1/sqrt(units), 1/sqrt(units)). Padding leaves the state as it was, so the final \
                state is the one after the last token. bidirectional: true reads the sequence both ways and joins \
                the two (2 * units). sequences: true keeps every position's state (zeros at padding), for another \
                recurrent layer, a transformer or a global pool after it.
                """
        ) { call throws(RuntimeError) in
            ModelBuiltins.layer(
                .recurrent(
                    cell, units: try call.positiveInteger("units"), sequences: try call.bool("sequences"),
                    bidirectional: try call.bool("bidirectional")))
        }
    }

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
