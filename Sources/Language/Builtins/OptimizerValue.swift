import Learn
import Render

/// An optimizer and its settings as a Strata value (`type(x)` is `"optimizer"`), what
/// `sgd()`, `adam()` and `adamw()` return for `fit(..., optimizer:)`. It shows as the
/// call that makes it, non-default labels only: `adam(lr: 0.01)`. Its settings are
/// fields: `opt.lr`, `opt.weight_decay`.
public final class OptimizerValue: NativeValue {
    public let spec: OptimizerSpec

    public init(_ spec: OptimizerSpec) {
        self.spec = spec
    }

    public var typeName: String { "optimizer" }

    public var memberNames: [String] { fields.map(\.name) }

    public func member(named name: String) -> Value? {
        fields.first { $0.name == name }?.value
    }

    /// Every label of the builtin as a field, `clip_norm` (0 when off) included: a run
    /// records it only when set, but `opt.clip_norm` reads the same either way.
    private var fields: [(name: String, value: Value)] {
        let settings = self.settings
        guard !settings.contains(where: { $0.name == "clip_norm" }) else { return settings }
        return settings + [("clip_norm", .number(spec.clipNorm))]
    }

    public func display() -> MimeBundle { MimeBundle(plain: text) }

    public var summary: String { text }

    /// The labels of the optimizer's builtin with their values, in signature order.
    var settings: [(name: String, value: Value)] {
        spec.settings.map { setting in
            switch setting.value {
            case .number(let number): (setting.label, .number(number))
            case .flag(let flag): (setting.label, .bool(flag))
            }
        }
    }

    /// The settings with the builtin's name first, as a run's params record them.
    var record: Record {
        Record([("name", .string(spec.kind.rawValue))] + settings)
    }

    /// `adam(lr: 0.01)`: the call, with the labels that differ from the defaults.
    var text: String {
        let defaults: OptimizerSpec
        switch spec.kind {
        case .sgd: defaults = .sgd()
        case .adam: defaults = .adam()
        case .adamw: defaults = .adamW()
        }
        let standard = Dictionary(uniqueKeysWithValues: OptimizerValue(defaults).settings.map { ($0.name, $0.value) })
        let changed = settings.filter { setting in
            guard let base = standard[setting.name] else { return true }
            return base.plainText() != setting.value.plainText()
        }
        return spec.kind.rawValue + "(" + changed.map { "\($0.name): \($0.value.plainText())" }.joined(separator: ", ")
            + ")"
    }
}
