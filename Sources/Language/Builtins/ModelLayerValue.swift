import Learn
import Render
import TextFormat

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

    public func display() -> MimeBundle { MimeBundle(plain: spec.description) }

    public var summary: String { spec.description }
}
