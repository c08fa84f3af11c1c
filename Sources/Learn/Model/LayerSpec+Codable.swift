import Tensor

// A layer spec as JSON, the form a run's model spec is stored in (Docs/StoreFormat.md,
// "Model specs"): an object whose "kind" names the layer, with every setting written
// out, defaults included, so a reader needs no table of defaults:
//
//   {"kind": "dense", "units": 16, "activation": "relu"}
//   {"kind": "conv2d", "filters": 8, "kernel": 3, "stride": 1, "padding": "same", "activation": null}
//   {"kind": "maxpool2d", "size": 2}     {"kind": "avgpool2d", "size": 2}     {"kind": "flatten"}
//   {"kind": "reshape", "shape": [1, 8, 8]}     {"kind": "dropout", "rate": 0.25}
//   {"kind": "batchnorm"}     {"kind": "activation", "function": "relu"}
//   {"kind": "conv1d", "filters": 8, "kernel": 3, "stride": 1, "padding": "same", "activation": "relu"}
//   {"kind": "maxpool1d", "size": 2}     {"kind": "layernorm"}     {"kind": "embedding", "dim": 64, "vocab": 20000}     {"kind": "global_avgpool"}     {"kind": "global_maxpool"}
//   {"kind": "lstm", "units": 64, "sequences": false, "bidirectional": false}     (and "gru", alike)
//   {"kind": "transformer", "heads": 4, "ff": null, "rate": 0.1}

extension LayerSpec: Codable {
    /// The layer kinds as JSON names them.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case dense, conv2d, maxpool2d, avgpool2d, flatten, reshape, dropout, batchnorm, activation, embedding, conv1d
        case maxpool1d, layernorm, lstm, gru, transformer
        case globalAvgPool = "global_avgpool"
        case globalMaxPool = "global_maxpool"
    }

    private enum Key: String, CodingKey {
        case kind, units, activation, filters, kernel, stride, padding, size, shape, rate, function, dim, vocab
        case sequences, bidirectional, heads, ff
    }

    /// The kind, as the JSON's "kind" field.
    public var kind: Kind {
        switch self {
        case .dense: .dense
        case .conv2d: .conv2d
        case .maxPool2d: .maxpool2d
        case .avgPool2d: .avgpool2d
        case .flatten: .flatten
        case .reshape: .reshape
        case .dropout: .dropout
        case .batchNorm: .batchnorm
        case .activation: .activation
        case .embedding: .embedding
        case .conv1d: .conv1d
        case .maxPool1d: .maxpool1d
        case .layerNorm: .layernorm
        case .globalAvgPool: .globalAvgPool
        case .globalMaxPool: .globalMaxPool
        case .recurrent(.lstm, _, _, _): .lstm
        case .recurrent(.gru, _, _, _): .gru
        case .transformer: .transformer
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .dense(let units, let activation):
            try c.encode(units, forKey: .units)
            try c.encode(activation, forKey: .activation)
        case .conv2d(let filters, let kernel, let stride, let padding, let activation):
            try c.encode(filters, forKey: .filters)
            try c.encode(kernel, forKey: .kernel)
            try c.encode(stride, forKey: .stride)
            try c.encode(padding, forKey: .padding)
            try c.encode(activation, forKey: .activation)
        case .maxPool2d(let size), .avgPool2d(let size), .maxPool1d(let size):
            try c.encode(size, forKey: .size)
        case .conv1d(let filters, let kernel, let stride, let padding, let activation):
            try c.encode(filters, forKey: .filters)
            try c.encode(kernel, forKey: .kernel)
            try c.encode(stride, forKey: .stride)
            try c.encode(padding, forKey: .padding)
            try c.encode(activation, forKey: .activation)
        case .flatten, .batchNorm, .globalAvgPool, .globalMaxPool, .layerNorm:
            break
        case .embedding(let dim, let vocab):
            try c.encode(dim, forKey: .dim)
            try c.encode(vocab, forKey: .vocab)
        case .recurrent(_, let units, let sequences, let bidirectional):
            try c.encode(units, forKey: .units)
            try c.encode(sequences, forKey: .sequences)
            try c.encode(bidirectional, forKey: .bidirectional)
        case .transformer(let heads, let feedForward, let rate):
            try c.encode(heads, forKey: .heads)
            try c.encode(feedForward, forKey: .ff)
            try c.encode(rate, forKey: .rate)
        case .reshape(let shape):
            try c.encode(shape, forKey: .shape)
        case .dropout(let rate):
            try c.encode(rate, forKey: .rate)
        case .activation(let function):
            try c.encode(function, forKey: .function)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let kind = try c.decode(Kind.self, forKey: .kind)
        switch kind {
        case .dense:
            self = .dense(
                units: try c.decode(Int.self, forKey: .units),
                activation: try c.decodeIfPresent(Activation.self, forKey: .activation))
        case .conv2d:
            self = .conv2d(
                filters: try c.decode(Int.self, forKey: .filters), kernel: try c.decode(Int.self, forKey: .kernel),
                stride: try c.decode(Int.self, forKey: .stride),
                padding: try c.decode(Padding.self, forKey: .padding),
                activation: try c.decodeIfPresent(Activation.self, forKey: .activation))
        case .maxpool2d: self = .maxPool2d(size: try c.decode(Int.self, forKey: .size))
        case .avgpool2d: self = .avgPool2d(size: try c.decode(Int.self, forKey: .size))
        case .flatten: self = .flatten
        case .reshape: self = .reshape(try c.decode([Int].self, forKey: .shape))
        case .dropout: self = .dropout(rate: try c.decode(Double.self, forKey: .rate))
        case .batchnorm: self = .batchNorm
        case .activation: self = .activation(try c.decode(Activation.self, forKey: .function))
        case .embedding:
            self = .embedding(
                dim: try c.decode(Int.self, forKey: .dim), vocab: try c.decodeIfPresent(Int.self, forKey: .vocab))
        case .conv1d:
            self = .conv1d(
                filters: try c.decode(Int.self, forKey: .filters), kernel: try c.decode(Int.self, forKey: .kernel),
                stride: try c.decode(Int.self, forKey: .stride),
                padding: try c.decode(Padding.self, forKey: .padding),
                activation: try c.decodeIfPresent(Activation.self, forKey: .activation))
        case .maxpool1d: self = .maxPool1d(size: try c.decode(Int.self, forKey: .size))
        case .layernorm: self = .layerNorm
        case .globalAvgPool: self = .globalAvgPool
        case .globalMaxPool: self = .globalMaxPool
        case .lstm, .gru:
            self = .recurrent(
                kind == .lstm ? .lstm : .gru, units: try c.decode(Int.self, forKey: .units),
                sequences: try c.decodeIfPresent(Bool.self, forKey: .sequences) ?? false,
                bidirectional: try c.decodeIfPresent(Bool.self, forKey: .bidirectional) ?? false)
        case .transformer:
            self = .transformer(
                heads: try c.decode(Int.self, forKey: .heads),
                feedForward: try c.decodeIfPresent(Int.self, forKey: .ff),
                dropout: try c.decode(Double.self, forKey: .rate))
        }
    }
}

extension Activation: Codable {}
extension Padding: Codable {}
