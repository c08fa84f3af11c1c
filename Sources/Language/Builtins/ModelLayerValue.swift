import Learn
import Render

/// A layer as a Strata value (`type(x)` is `"layer"`): what `dense(16)`, `conv2d(8)`
/// and the other layer builtins return, for `sequential([...])` to stack. It shows
/// as the call that makes it, with only the labels that differ from their defaults:
/// `dense(16, activation: "relu")`.
public final class ModelLayerValue: NativeValue {
    public let spec: LayerSpec

    public init(_ spec: LayerSpec) {
        self.spec = spec
    }

    public var typeName: String { "layer" }

    public func display() -> MimeBundle { MimeBundle(plain: ModelLayerValue.text(of: spec)) }

    public var summary: String { ModelLayerValue.text(of: spec) }

    /// The layer as a user writes it, defaults left out.
    static func text(of spec: LayerSpec) -> String {
        func activation(_ a: Activation?) -> String { a.map { ", activation: \"\($0.rawValue)\"" } ?? "" }
        func number(_ value: Double) -> String { Value.format(value) }
        switch spec {
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
            return "dropout(\(number(rate)))"
        case .batchNorm:
            return "batchnorm()"
        case .activation(let a):
            return "\(a.rawValue)()"
        }
    }
}
