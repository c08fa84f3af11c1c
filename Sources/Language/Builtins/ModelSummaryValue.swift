import Experiments
import Learn
import Render

/// What `summary(model)` returns: the model's summary table at the time of the call.
/// Its rows are records (`layer`, `output_shape`, `parameters`), so `len(s)` and
/// `for row in s` work; it shows as the table.
public final class ModelSummaryValue: NativeValue {
    private let model: Sequential

    init(_ model: Sequential) {
        self.model = model
    }

    public var typeName: String { "summary" }

    public func display() -> MimeBundle { ModelSummaryTable.table(of: model).bundle() }

    public var length: Int? { model.specs.count }

    public func elements() -> [Value]? {
        zip(model.specs, model.summary()).map { spec, row in
            let shape: Value = row.outputShape.map { .list($0.map { .number(Double($0)) }) } ?? .nil
            let count: Value = row.parameterCount.map { .number(Double($0)) } ?? .nil
            return .record(
                Record([
                    ("layer", .string(spec.description)), ("output_shape", shape),
                    ("parameters", count),
                ]))
        }
    }

    public var memberNames: [String] { ["parameters"] }

    /// `.parameters`: the total trainable parameter count (nil before the first fit).
    public func member(named name: String) -> Value? {
        guard name == "parameters" else { return nil }
        return model.parameterCount.map { .number(Double($0)) } ?? .nil
    }
}
