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
    public let spec: OptimizerSpec
    /// Steps taken.
    public private(set) var step = 0
    private var first: [Tensor?] = []
    private var second: [Tensor?] = []

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
        for i in parameters.indices {
            guard let g = gradients[i] else { continue }
            precondition(g.count == parameters[i].count, "gradient \(g.shape) for parameter \(parameters[i].shape)")
            // Static helpers: a method call would copy `self` (and so share the moment
            // buffers) for the duration of the inout access, forcing a copy-on-write.
            switch spec.kind {
            case .sgd: Optimizer.sgd(spec, &parameters[i], g, &first[i])
            case .adam, .adamw: Optimizer.adam(spec, step, &parameters[i], g, &first[i], &second[i])
            }
        }
    }

    private static func sgd(_ spec: OptimizerSpec, _ p: inout Tensor, _ g: Tensor, _ buffer: inout Tensor?) {
        let lr = Float(spec.learningRate), wd = Float(spec.weightDecay), mu = Float(spec.momentum)
        let nesterov = spec.nesterov
        let n = p.count
        if mu == 0 {
            p.withUnsafeMutableBufferPointer { pp in
                g.withUnsafeBufferPointer { gp in
                    for j in 0..<n { pp[j] -= lr * (gp[j] + wd * pp[j]) }
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
                    for j in 0..<n {
                        let d = gp[j] + wd * pp[j]
                        let v = isFirst ? d : mu * bp[j] + d
                        bp[j] = v
                        pp[j] -= lr * (nesterov ? d + mu * v : v)
                    }
                }
            }
        }
        buffer = b
    }

    private static func adam(_ spec: OptimizerSpec, _ step: Int, _ p: inout Tensor, _ g: Tensor, _ mBuffer: inout Tensor?, _ vBuffer: inout Tensor?) {
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
                        adamKernel(p: pp.baseAddress!, g: gp.baseAddress!, m: mp.baseAddress!, v: vp.baseAddress!, count: n,
                                   decay: decay, l2: l2, b1: b1, b2: b2, stepSize: stepSize,
                                   correction2: correction2, eps: eps)
                    }
                }
            }
        }
        mBuffer = m; vBuffer = v
    }
}

/// The Adam update over raw buffers, eight lanes at a time (the optimiser does not
/// vectorise the scalar loop itself: it cannot rule out that the four buffers overlap).
@inline(__always)
private func adamKernel(p: UnsafeMutablePointer<Float>, g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
                        v: UnsafeMutablePointer<Float>, count n: Int, decay: Float, l2: Float, b1: Float, b2: Float,
                        stepSize: Float, correction2: Float, eps: Float) {
    typealias Lanes = SIMD8<Float>
    let width = Lanes.scalarCount
    func load(_ x: UnsafePointer<Float>, _ j: Int) -> Lanes { UnsafeRawPointer(x + j).loadUnaligned(as: Lanes.self) }
    func store(_ value: Lanes, _ x: UnsafeMutablePointer<Float>, _ j: Int) { UnsafeMutableRawPointer(x + j).storeBytes(of: value, as: Lanes.self) }
    let (oneMinusB1, oneMinusB2) = (1 - b1, 1 - b2)
    var j = 0
    while j &+ width <= n {
        let w = load(p, j) * decay
        let d = load(g, j) + l2 * w
        let mj = b1 * load(m, j) + oneMinusB1 * d
        let vj = b2 * load(v, j) + oneMinusB2 * d * d
        store(mj, m, j)
        store(vj, v, j)
        store(w - stepSize * mj / (vj.squareRoot() / correction2 + eps), p, j)
        j &+= width
    }
    while j < n {
        let w = p[j] * decay
        let d = g[j] + l2 * w
        let mj = b1 * m[j] + oneMinusB1 * d
        let vj = b2 * v[j] + oneMinusB2 * d * d
        m[j] = mj
        v[j] = vj
        p[j] = w - stepSize * mj / (vj.squareRoot() / correction2 + eps)
        j &+= 1
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
