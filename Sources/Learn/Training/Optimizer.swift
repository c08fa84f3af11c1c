import OptimizerKernels
import Tensor

/// An optimizer's running state (momentum and moment buffers) for one model's
/// parameters, applying PyTorch's update formulas:
///
/// - SGD: g += wd * p; with momentum, b = m * b + g (b = g on the first step) and
///   g = nesterov ? g + m * b : b; p -= lr * g.
/// - Adam: g += wd * p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
///   p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// - AdamW: p *= 1 - lr * wd, then Adam without the wd term.
public struct Optimizer: Sendable {
    /// Settable inside Learn so a step schedule can change the learning rate between steps.
    public internal(set) var spec: OptimizerSpec
    /// Steps taken.
    public private(set) var step = 0
    private var first: [Tensor?] = []
    private var second: [Tensor?] = []

    /// Every element of the momentum and moment buffers (for tests).
    var moments: [[Float]] { (first + second).compactMap { $0?.scalars } }

    /// A fresh optimizer (no momentum yet).
    public init(_ spec: OptimizerSpec) {
        self.spec = spec
    }

    /// Updates `parameters` in place from `gradients` (nil: the loss did not depend on
    /// that parameter; it is left alone, as PyTorch skips parameters without grad).
    public mutating func update(_ parameters: inout [Tensor], gradients: [Tensor?]) {
        precondition(parameters.count == gradients.count, "one gradient per parameter")
        if first.count != parameters.count {
            first = Array(repeating: nil, count: parameters.count)
            second = Array(repeating: nil, count: parameters.count)
        }
        step += 1
        let scale = Optimizer.clippingScale(gradients, maximum: spec.clipNorm)
        for i in parameters.indices {
            guard var g = gradients[i] else { continue }
            if scale < 1 { g.scale(by: scale) }
            precondition(g.count == parameters[i].count, "gradient \(g.shape) for parameter \(parameters[i].shape)")
            // Static helpers: a method call would copy `self` (and so share the moment
            // buffers) for the duration of the inout access, forcing a copy-on-write.
            switch spec.kind {
            case .sgd: Optimizer.sgd(spec, &parameters[i], g, &first[i])
            case .adam, .adamw: Optimizer.adam(spec, step, &parameters[i], g, &first[i], &second[i])
            }
        }
    }

    /// What the gradients are multiplied by so their global L2 norm is at most `maximum`:
    /// PyTorch's clip_grad_norm_, maximum / (norm + 1e-6) when the norm is above it, else 1.
    static func clippingScale(_ gradients: [Tensor?], maximum: Double) -> Float {
        guard maximum > 0 else { return 1 }
        var total = 0.0
        for g in gradients {
            g?.withUnsafeBufferPointer { values in for v in values { total += Double(v) * Double(v) } }
        }
        let norm = total.squareRoot()
        return norm > maximum ? Float(maximum / (norm + 1e-6)) : 1
    }

    private static func sgd(_ spec: OptimizerSpec, _ p: inout Tensor, _ g: Tensor, _ buffer: inout Tensor?) {
        let lr = Float(spec.learningRate), wd = Float(spec.weightDecay), mu = Float(spec.momentum)
        let n = p.count
        if mu == 0 {
            p.withUnsafeMutableBufferPointer { pp in
                g.withUnsafeBufferPointer { gp in
                    strata_sgd_update(pp.baseAddress!, gp.baseAddress!, nil, n, lr, wd, 0, 0, 0)
                }
            }
            return
        }
        let isFirst = buffer == nil
        var b = buffer ?? Tensor(zeros: p.shape)
        buffer = nil  // keeps `b` uniquely referenced while it is written
        p.withUnsafeMutableBufferPointer { pp in
            g.withUnsafeBufferPointer { gp in
                b.withUnsafeMutableBufferPointer { bp in
                    strata_sgd_update(
                        pp.baseAddress!, gp.baseAddress!, bp.baseAddress!, n, lr, wd, mu,
                        spec.nesterov ? 1 : 0, isFirst ? 1 : 0)
                }
            }
        }
        buffer = b
    }

    private static func adam(
        _ spec: OptimizerSpec, _ step: Int, _ p: inout Tensor, _ g: Tensor, _ mBuffer: inout Tensor?,
        _ vBuffer: inout Tensor?
    ) {
        let lr = spec.learningRate, wd = Float(spec.weightDecay)
        let (b1, b2) = (Float(spec.beta1), Float(spec.beta2))
        let eps = Float(spec.epsilon)
        let t = Double(step)
        let stepSize = Float(lr / (1 - _pow(spec.beta1, t)))
        let correction2 = Float((1 - _pow(spec.beta2, t)).squareRoot())
        let decoupled = spec.kind == .adamw
        let decay = decoupled ? Float(1 - lr * spec.weightDecay) : 1
        let l2: Float = decoupled ? 0 : wd
        var m = mBuffer ?? Tensor(zeros: p.shape), v = vBuffer ?? Tensor(zeros: p.shape)
        mBuffer = nil; vBuffer = nil
        let n = p.count
        p.withUnsafeMutableBufferPointer { pp in
            g.withUnsafeBufferPointer { gp in
                m.withUnsafeMutableBufferPointer { mp in
                    v.withUnsafeMutableBufferPointer { vp in
                        strata_adam_update(
                            pp.baseAddress!, gp.baseAddress!, mp.baseAddress!, vp.baseAddress!, n,
                            decay, l2, b1, b2, stepSize, correction2, eps)
                    }
                }
            }
        }
        mBuffer = m; vBuffer = v
    }
}

/// x^y for the bias corrections, by repeated squaring so it needs no C library.
private func _pow(_ x: Double, _ y: Double) -> Double {
    var result = 1.0, base = x, e = Int(y)
    while e > 0 {
        if e & 1 == 1 { result *= base }
        base *= base
        e >>= 1
    }
    return result
}
