/// An optimizer and its settings, with the language's defaults.
public struct OptimizerSpec: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case sgd, adam, adamw }

    public var kind: Kind
    public var learningRate: Double
    /// SGD only.
    public var momentum: Double = 0
    /// SGD only.
    public var nesterov: Bool = false
    /// L2 added to the gradient (sgd, adam) or decoupled decay (adamw).
    public var weightDecay: Double = 0
    /// Adam/AdamW only.
    public var beta1: Double = 0.9
    /// Adam/AdamW only.
    public var beta2: Double = 0.999
    /// Adam/AdamW only.
    public var epsilon: Double = 1e-8
    /// When above 0, each step first scales the gradients so their global L2 norm is at
    /// most this (PyTorch's clip_grad_norm_, Keras' global_clipnorm); 0 leaves them alone.
    public var clipNorm: Double = 0

    /// `sgd([lr: 0.01], [momentum: 0], [nesterov: false], [weight_decay: 0])`.
    public static func sgd(
        learningRate: Double = 0.01, momentum: Double = 0, nesterov: Bool = false,
        weightDecay: Double = 0
    ) -> OptimizerSpec {
        OptimizerSpec(
            kind: .sgd, learningRate: learningRate, momentum: momentum, nesterov: nesterov, weightDecay: weightDecay)
    }

    /// `adam([lr: 0.001], [beta1: 0.9], [beta2: 0.999], [eps: 1e-8], [weight_decay: 0])`.
    public static func adam(
        learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0
    ) -> OptimizerSpec {
        OptimizerSpec(
            kind: .adam, learningRate: learningRate, weightDecay: weightDecay, beta1: beta1, beta2: beta2,
            epsilon: epsilon)
    }

    /// `adamw(...)`: Adam with decoupled weight decay, default 0.01.
    public static func adamW(
        learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0.01
    ) -> OptimizerSpec {
        OptimizerSpec(
            kind: .adamw, learningRate: learningRate, weightDecay: weightDecay, beta1: beta1, beta2: beta2,
            epsilon: epsilon)
    }

    /// A setting's value as a user writes it.
    public enum Setting: Sendable, Hashable {
        case number(Double)
        case flag(Bool)
    }

    /// The labels of the optimizer's builtin (`sgd`, `adam`, `adamw`) with their values,
    /// in signature order: what the optimizer value's fields and a run's params show.
    public var settings: [(label: String, value: Setting)] {
        switch kind {
        case .sgd:
            [
                ("lr", .number(learningRate)), ("momentum", .number(momentum)), ("nesterov", .flag(nesterov)),
                ("weight_decay", .number(weightDecay)),
            ] + clipping
        case .adam, .adamw:
            [
                ("lr", .number(learningRate)), ("beta1", .number(beta1)), ("beta2", .number(beta2)),
                ("eps", .number(epsilon)), ("weight_decay", .number(weightDecay)),
            ] + clipping
        }
    }

    /// `clip_norm` only when it is set, so runs without it record the settings they always did.
    private var clipping: [(label: String, value: Setting)] {
        clipNorm > 0 ? [("clip_norm", .number(clipNorm))] : []
    }

    /// Checks every setting.
    /// - Throws: `SettingError` naming the first setting out of range.
    public func validate() throws(SettingError) {
        try SettingError.check("lr", learningRate, .positiveNumber)
        try SettingError.check("momentum", momentum, .fraction)
        if nesterov && !(momentum > 0) { throw SettingError("nesterov", .needsPositive("momentum"), value: "true") }
        try SettingError.check("weight_decay", weightDecay, .nonNegativeNumber)
        try SettingError.check("beta1", beta1, .fraction)
        try SettingError.check("beta2", beta2, .fraction)
        try SettingError.check("eps", epsilon, .positiveNumber)
        try SettingError.check("clip_norm", clipNorm, .nonNegativeNumber)
    }
}

extension OptimizerSpec {
    /// The optimizer a builtin name and its labelled settings make (what `settings`
    /// gives back, as a run's params recorded it); labels left out keep their defaults.
    /// Nil for an unknown name or a value of the wrong kind.
    public init?(kind name: String, settings: [String: Setting]) {
        guard let kind = Kind(rawValue: name) else { return nil }
        var spec: OptimizerSpec =
            switch kind {
            case .sgd: .sgd()
            case .adam: .adam()
            case .adamw: .adamW()
            }
        for (label, value) in settings {
            switch (label, value) {
            case ("lr", .number(let v)): spec.learningRate = v
            case ("momentum", .number(let v)) where kind == .sgd: spec.momentum = v
            case ("nesterov", .flag(let v)) where kind == .sgd: spec.nesterov = v
            case ("weight_decay", .number(let v)): spec.weightDecay = v
            case ("beta1", .number(let v)) where kind != .sgd: spec.beta1 = v
            case ("beta2", .number(let v)) where kind != .sgd: spec.beta2 = v
            case ("eps", .number(let v)) where kind != .sgd: spec.epsilon = v
            case ("clip_norm", .number(let v)): spec.clipNorm = v
            default: return nil
            }
        }
        self = spec
    }
}
