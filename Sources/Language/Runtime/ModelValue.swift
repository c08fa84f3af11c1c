import Experiments
import Learn
import Render

/// A model as a Strata value (`type(m)` is `"model"`): a stack of layers whose weights
/// `fit` trains in place. The value is shared, so `fit(model, ...)` changes the model
/// every name bound to it sees, as in Keras and PyTorch.
///
/// It shows its summary: layers, output shapes (`?` until the first fit, which infers
/// them from the data) and parameter counts.
public final class ModelValue: NativeValue {
    /// The layers and, once trained, their weights.
    public internal(set) var model: Sequential
    /// What the last `fit` trained it on; nil before the first fit.
    var schema: TrainingSchema?
    /// The loss of the last `fit`, which `evaluate` reports and `predict` inverts.
    var loss: Loss?
    /// The run the weights come from (the last `fit`, or the run restored); nil before.
    var runID: String?

    public init(_ model: Sequential) {
        self.model = model
    }

    public var typeName: String { "model" }

    public var memberNames: [String] { ["layers"] }

    public func member(named name: String) -> Value? {
        guard name == "layers" else { return nil }
        return .list(model.specs.map { .native(ModelLayerValue($0)) })
    }

    public var length: Int? { model.specs.count }

    public func display() -> MimeBundle { ModelSummaryTable.table(of: model).bundle() }

    /// `model: 3 layers, 67 parameters` (or `not built yet` before the first fit).
    public var summary: String {
        let layers = model.specs.count == 1 ? "1 layer" : "\(model.specs.count) layers"
        guard let count = model.parameterCount else { return "model: \(layers), not built yet" }
        return "model: \(layers), \(ModelSummaryTable.grouped(count)) parameters"
    }
}
