// Activation functions. Backward steps use the saved output where the derivative is
// cheapest in terms of it (sigmoid, tanh, softmax).

extension Tape {
    /// max(x, 0).
    public func relu(_ a: Variable) -> Variable {
        let y = self[a].relu()
        return record(y, inputs: [a]) { tape, g in
            tape.accumulate(Tensor.zipElements(g, y) { d, v in v > 0 ? d : 0 }, into: a)
        }
    }

    /// 1 / (1 + e^-x).
    public func sigmoid(_ a: Variable) -> Variable {
        let y = self[a].sigmoid()
        return record(y, inputs: [a]) { tape, g in
            tape.accumulate(Tensor.zipElements(g, y) { d, s in d * s * (1 - s) }, into: a)
        }
    }

    /// tanh x.
    public func tanh(_ a: Variable) -> Variable {
        let y = self[a].tanh()
        return record(y, inputs: [a]) { tape, g in
            tape.accumulate(Tensor.zipElements(g, y) { d, t in d * (1 - t * t) }, into: a)
        }
    }

    /// The exact GELU, x * Phi(x).
    public func gelu(_ a: Variable) -> Variable {
        let x = self[a]
        return record(x.gelu(), inputs: [a]) { tape, g in
            let dx = Tensor.zipElements(g, x) { d, v in
                let cdf = 0.5 * (1 + _erff(v * 0.707_106_77))
                let pdf = _expf(-0.5 * v * v) * 0.398_942_28
                return d * (cdf + v * pdf)
            }
            tape.accumulate(dx, into: a)
        }
    }

    /// Softmax along the last axis.
    public func softmax(_ a: Variable) -> Variable {
        let y = self[a].softmaxRows()
        let width = y.shape.last ?? 1
        return record(y, inputs: [a]) { tape, g in
            // dx = y * (g - <g, y>) row by row.
            let dx = Tensor(uninitializedShape: y.shape)
            let (pg, py, pd) = (g.storage.base, y.storage.base, dx.storage.base)
            var row = 0
            while row < y.count {
                var dot: Float = 0
                for j in 0..<width { dot += pg[row + j] * py[row + j] }
                for j in 0..<width { pd[row + j] = py[row + j] * (pg[row + j] - dot) }
                row += width
            }
            tape.accumulate(dx, into: a)
        }
    }

    /// Log-softmax along the last axis.
    public func logSoftmax(_ a: Variable) -> Variable {
        let y = self[a].logSoftmaxRows()
        let width = y.shape.last ?? 1
        return record(y, inputs: [a]) { tape, g in
            // dx = g - softmax * sum(g) row by row; softmax = e^y.
            let dx = Tensor(uninitializedShape: y.shape)
            let (pg, py, pd) = (g.storage.base, y.storage.base, dx.storage.base)
            var row = 0
            while row < y.count {
                var total: Float = 0
                for j in 0..<width { total += pg[row + j] }
                for j in 0..<width { pd[row + j] = pg[row + j] - _expf(py[row + j]) * total }
                row += width
            }
            tape.accumulate(dx, into: a)
        }
    }
}
