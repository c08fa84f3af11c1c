import Tensor
import TextFormat

/// A layer as the user writes it: its kind and settings, without weights.
///
/// A `Sequential` turns specs into built layers (with shapes and parameters) when it
/// first sees the data's sample shape. Settings follow Keras: `dense` acts on flat
/// samples, `conv2d` and the pools on [channels, height, width] samples (NCHW batches),
/// pools use stride = size, `dropout` is inverted dropout, `batchnorm` normalises each
/// feature (after dense) or channel (after conv2d) with PyTorch's momentum 0.1, eps 1e-5.
public enum LayerSpec: Sendable, Hashable {
    case dense(units: Int, activation: Activation?)
    case conv2d(filters: Int, kernel: Int, stride: Int, padding: Padding, activation: Activation?)
    case maxPool2d(size: Int)
    case avgPool2d(size: Int)
    case flatten
    /// The target sample shape (without the batch axis); one extent may be -1, inferred.
    case reshape([Int])
    case dropout(rate: Double)
    case batchNorm
    case activation(Activation)
    /// A table of `dim` numbers per token id, for samples of token ids ([length] ->
    /// [length, dim]); `vocab` rows (nil until fit sets it from the data's vectorization).
    /// Padding (id 0) is masked for the pooling after it.
    case embedding(dim: Int, vocab: Int?)
    /// A convolution along a sequence ([length, channels] -> [positions, filters]),
    /// weights [kernel, channels, filters], as Keras' Conv1D.
    case conv1d(filters: Int, kernel: Int, stride: Int, padding: Padding, activation: Activation?)
    /// Max pooling along a sequence over windows of `size` positions (stride = size).
    case maxPool1d(size: Int)
    /// Each sample's (or each position's) features normalised to mean 0 and variance 1,
    /// then scaled and shifted by learned [features], as PyTorch's nn.LayerNorm (eps 1e-5).
    case layerNorm
    /// The mean over a sequence's positions ([length, features] -> [features]), padding left out.
    case globalAvgPool
    /// The maximum over a sequence's positions, padding left out.
    case globalMaxPool
    /// An LSTM or GRU over a sequence ([length, features] -> [units], or [length, units]
    /// with `sequences`; twice the units when `bidirectional`), with PyTorch's gate layout
    /// and initialisation U(-1/sqrt(units), 1/sqrt(units)). Padding leaves the state as it was.
    case recurrent(RecurrentCell, units: Int, sequences: Bool, bidirectional: Bool)
    /// A pre-norm transformer encoder block over a sequence ([length, width] -> the same):
    /// learned positions, multi-head self-attention with padding masked, a GELU feed-forward
    /// of `feedForward` units (nil: 4 * width), dropout `dropout` (see Sequential+Transformer.swift).
    case transformer(heads: Int, feedForward: Int?, dropout: Double)

    /// The layer's builtin name: `dense`, `conv2d`, `maxpool2d`, `avgpool2d`, `flatten`,
    /// `reshape`, `dropout`, `batchnorm`, or the activation's name.
    public var name: String {
        switch self {
        case .dense: "dense"
        case .conv2d: "conv2d"
        case .maxPool2d: "maxpool2d"
        case .avgPool2d: "avgpool2d"
        case .flatten: "flatten"
        case .reshape: "reshape"
        case .dropout: "dropout"
        case .batchNorm: "batchnorm"
        case .activation(let a): a.rawValue
        case .embedding: "embedding"
        case .conv1d: "conv1d"
        case .maxPool1d: "maxpool1d"
        case .layerNorm: "layernorm"
        case .globalAvgPool: "global_avgpool"
        case .globalMaxPool: "global_maxpool"
        case .recurrent(let cell, _, _, _): cell.rawValue
        case .transformer: "transformer"
        }
    }

    /// The activation applied at the end of the layer, if any.
    public var activation: Activation? {
        switch self {
        case .dense(_, let a), .conv2d(_, _, _, _, let a), .conv1d(_, _, _, _, let a): a
        case .activation(let a): a
        case .maxPool2d, .avgPool2d, .flatten, .reshape, .dropout, .batchNorm, .embedding, .globalAvgPool,
            .globalMaxPool, .maxPool1d, .layerNorm, .recurrent, .transformer:
            nil
        }
    }

    /// Checks every setting.
    /// - Throws: `SettingError` naming the setting (`units`, `rate`...).
    public func validate() throws(SettingError) {
        switch self {
        case .dense(let units, _):
            try SettingError.check("units", units)
        case .conv2d(let filters, let kernel, let stride, _, _):
            try SettingError.check("filters", filters)
            try SettingError.check("kernel", kernel)
            try SettingError.check("stride", stride)
        case .maxPool2d(let size), .avgPool2d(let size), .maxPool1d(let size):
            try SettingError.check("size", size)
        case .conv1d(let filters, let kernel, let stride, _, _):
            try SettingError.check("filters", filters)
            try SettingError.check("kernel", kernel)
            try SettingError.check("stride", stride)
        case .reshape(let shape):
            if shape.isEmpty || shape.contains(where: { $0 == 0 || $0 < -1 }) || shape.filter({ $0 == -1 }).count > 1 {
                throw SettingError("shape", .shape, value: "[" + shape.map(String.init).joined(separator: ", ") + "]")
            }
        case .dropout(let rate):
            try SettingError.check("rate", rate, .fraction)
        case .recurrent(_, let units, _, _):
            try SettingError.check("units", units)
        case .transformer(let heads, let feedForward, let rate):
            try SettingError.check("heads", heads)
            if let feedForward { try SettingError.check("ff", feedForward) }
            try SettingError.check("dropout", rate, .fraction)
        case .embedding(let dim, let vocab):
            try SettingError.check("dim", dim)
            if let vocab { try SettingError.check("vocab", vocab) }
        case .flatten, .batchNorm, .activation, .globalAvgPool, .globalMaxPool, .layerNorm:
            break
        }
    }
}

extension LayerSpec: CustomStringConvertible {
    /// The layer as a user writes it, with only the labels that differ from their
    /// defaults: `dense(16, activation: "relu")`, `conv2d(8)`, `maxpool2d()`. Summaries,
    /// errors, a layer value's display and a run's recorded params all read so.
    public var description: String {
        func activation(_ a: Activation?) -> String { a.map { ", activation: \"\($0.rawValue)\"" } ?? "" }
        switch self {
        case .dense(let units, let a):
            return "dense(\(units)\(activation(a)))"
        case .conv2d(let filters, let kernel, let stride, let padding, let a):
            var text = "conv2d(\(filters)"
            if kernel != 3 { text += ", kernel: \(kernel)" }
            if stride != 1 { text += ", stride: \(stride)" }
            if padding != .same { text += ", padding: \"\(padding.rawValue)\"" }
            return text + activation(a) + ")"
        case .maxPool2d(let size):
            return size == 2 ? "maxpool2d()" : "maxpool2d(size: \(size))"
        case .avgPool2d(let size):
            return size == 2 ? "avgpool2d()" : "avgpool2d(size: \(size))"
        case .flatten:
            return "flatten()"
        case .reshape(let shape):
            return "reshape([" + shape.map(String.init).joined(separator: ", ") + "])"
        case .dropout(let rate):
            return "dropout(\(NumberText.shortest(rate)))"
        case .batchNorm:
            return "batchnorm()"
        case .activation(let a):
            return "\(a.rawValue)()"
        case .embedding(let dim, let vocab):
            return "embedding(\(dim)" + (vocab.map { ", vocab: \($0)" } ?? "") + ")"
        case .conv1d(let filters, let kernel, let stride, let padding, let a):
            var text = "conv1d(\(filters)"
            if kernel != 3 { text += ", kernel: \(kernel)" }
            if stride != 1 { text += ", stride: \(stride)" }
            if padding != .same { text += ", padding: \"\(padding.rawValue)\"" }
            return text + activation(a) + ")"
        case .maxPool1d(let size):
            return size == 2 ? "maxpool1d()" : "maxpool1d(size: \(size))"
        case .layerNorm:
            return "layernorm()"
        case .globalAvgPool:
            return "global_avgpool()"
        case .globalMaxPool:
            return "global_maxpool()"
        case .recurrent(let cell, let units, let sequences, let bidirectional):
            return "\(cell.rawValue)(\(units)" + (sequences ? ", sequences: true" : "")
                + (bidirectional ? ", bidirectional: true" : "") + ")"
        case .transformer(let heads, let feedForward, let rate):
            return "transformer(\(heads)" + (feedForward.map { ", ff: \($0)" } ?? "")
                + (rate == 0.1 ? "" : ", dropout: \(NumberText.shortest(rate))") + ")"
        }
    }
}

extension LayerSpec {
    /// `relu()` as a layer.
    public static var relu: LayerSpec { .activation(.relu) }
    /// `sigmoid()` as a layer.
    public static var sigmoid: LayerSpec { .activation(.sigmoid) }
    /// `tanh()` as a layer.
    public static var tanh: LayerSpec { .activation(.tanh) }
    /// `softmax()` as a layer.
    public static var softmax: LayerSpec { .activation(.softmax) }
    /// `gelu()` as a layer.
    public static var gelu: LayerSpec { .activation(.gelu) }
}
