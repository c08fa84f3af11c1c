import Learn
import TextFormat

/// The optimizers of LANGUAGE.md's "Models" section: `sgd`, `adam`, `adamw`. Each
/// checks its settings when called, so a bad `lr` is reported where it was written.
enum OptimizerBuiltins {
    static var all: [Builtin] { [sgd, adam, adamw] }

    static var sgd: Builtin {
        Builtin(
            "sgd",
            parameters: [
                .labelled("lr", default: .number(0.01)), .labelled("momentum", default: .number(0)),
                .labelled("nesterov", default: .bool(false)), .labelled("weight_decay", default: .number(0)),
                clipNorm,
            ],
            summary: "Stochastic gradient descent, with optional (Nesterov) momentum and L2 weight decay.",
            details: "PyTorch's update: with momentum m, b = m * b + g and p -= lr * b (Nesterov: lr * (g + m * b)). "
                + clipNormDetails
        ) { call throws(RuntimeError) in
            var spec = OptimizerSpec.sgd(
                learningRate: try call.number("lr"), momentum: try call.number("momentum"),
                nesterov: try call.bool("nesterov"), weightDecay: try call.number("weight_decay"))
            spec.clipNorm = try call.number("clip_norm")
            return try make(spec, call)
        }
    }

    static var adam: Builtin {
        adamFamily(
            "adam", decay: 0, summary: "Adam, with optional L2 weight decay.",
            details: "PyTorch's Adam: weight_decay adds weight_decay * p to the gradient.")
    }

    static var adamw: Builtin {
        adamFamily(
            "adamw", decay: 0.01, summary: "AdamW: Adam with decoupled weight decay.",
            details:
                "Each step first shrinks the weights by lr * weight_decay, then applies Adam without decay (PyTorch's AdamW)."
        )
    }

    private static func adamFamily(_ name: String, decay: Double, summary: String, details: String) -> Builtin {
        Builtin(
            name,
            parameters: [
                .labelled("lr", default: .number(0.001)), .labelled("beta1", default: .number(0.9)),
                .labelled("beta2", default: .number(0.999)), .labelled("eps", default: .number(1e-8)),
                .labelled("weight_decay", default: .number(decay)), clipNorm,
            ],
            summary: summary, details: details + " " + clipNormDetails
        ) { call throws(RuntimeError) in
            let lr = try call.number("lr"), beta1 = try call.number("beta1"), beta2 = try call.number("beta2")
            let eps = try call.number("eps"), weightDecay = try call.number("weight_decay")
            var spec =
                name == "adamw"
                ? OptimizerSpec.adamW(
                    learningRate: lr, beta1: beta1, beta2: beta2, epsilon: eps, weightDecay: weightDecay)
                : OptimizerSpec.adam(
                    learningRate: lr, beta1: beta1, beta2: beta2, epsilon: eps, weightDecay: weightDecay)
            spec.clipNorm = try call.number("clip_norm")
            return try make(spec, call)
        }
    }

    /// Every optimizer's `clip_norm` label.
    private static var clipNorm: Parameter { .labelled("clip_norm", default: .number(0)) }

    private static let clipNormDetails =
        "clip_norm: when above 0, each step first scales the gradients so that together (one L2 norm over all "
        + "of them) they are at most this long, as PyTorch's clip_grad_norm_; the usual guard for recurrent layers."

    /// The optimizer value, after Learn has checked each setting, reported where it was
    /// written: `adam: 'lr' must be a positive number, got -1`.
    private static func make(_ spec: OptimizerSpec, _ call: BuiltinCall) throws(RuntimeError) -> Value {
        do throws(SettingError) {
            try spec.validate()
        } catch {
            throw call.invalid(error.parameter, error.description)
        }
        return .native(OptimizerValue(spec))
    }
}
