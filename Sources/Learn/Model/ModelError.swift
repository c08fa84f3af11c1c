/// Why a model cannot be built or run on some data.
public enum ModelError: Error, Sendable, Equatable {
    /// `sequential([])`.
    case noLayers
    /// A layer's setting is out of range.
    case invalidLayer(index: Int, layer: String, SettingError)
    /// A layer cannot take the shape the previous layer produces.
    case incompatibleInput(index: Int, layer: String, inputShape: [Int], reason: String)
    /// The model was built for samples of one shape and is given another.
    case sampleShapeMismatch(expected: [Int], got: [Int])
    /// A sample shape has an extent below 1.
    case invalidSampleShape([Int])
    /// A weights blob is malformed or belongs to other layers.
    case invalidWeights(String)
    /// A stored model spec does not read as one (the reason says where).
    case invalidSpec(String)
    /// An `embedding` without `vocab:` built before fit read the vocabulary from the data.
    case unresolvedVocabulary(index: Int)
}

extension ModelError: CustomStringConvertible {
    /// The message in user terms; sample shapes are written without the batch axis.
    public var description: String {
        switch self {
        case .noLayers:
            "sequential: a model needs at least one layer"
        case .invalidLayer(let index, let layer, let error):
            "layer \(index + 1) (\(layer)): \(error)"
        case .incompatibleInput(let index, let layer, let shape, let reason):
            "layer \(index + 1) (\(layer)) cannot take input of shape \(shape): \(reason)"
        case .sampleShapeMismatch(let expected, let got):
            "the model was built for samples of shape \(expected), but the data has samples of shape \(got)"
        case .invalidSampleShape(let shape):
            "samples of shape \(shape) cannot be used: every extent must be at least 1"
        case .invalidWeights(let reason):
            "the saved weights do not fit this model: \(reason)"
        case .invalidSpec(let reason):
            "the saved model spec cannot be read: \(reason)"
        case .unresolvedVocabulary(let index):
            "layer \(index + 1) (embedding) has no vocab: yet; give it one, or train on vectorize(...) data, "
                + "which sets it"
        }
    }
}
