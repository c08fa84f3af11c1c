// Losses fused with their output nonlinearity, so gradients are exact and stable:
// softmax + cross-entropy gives (p - onehot) / N, sigmoid + BCE gives (s - t) / count.

extension Tape {
    /// Mean cross-entropy of softmax(logits [N, K]) against class indices in 0..<K.
    public func softmaxCrossEntropy(_ logits: Variable, labels: [Int32]) -> Variable {
        let z = self[logits]
        precondition(
            z.rank == 2 && z.shape[0] == labels.count, "cross-entropy: logits \(z.shape), \(labels.count) labels")
        let (n, k) = (z.shape[0], z.shape[1])
        let probabilities = z.softmaxRows()
        let zp = z.storage.base
        var total: Double = 0
        for r in 0..<n {
            let label = Int(labels[r])
            precondition(label >= 0 && label < k, "label \(label) out of range 0..<\(k)")
            // -log softmax computed from logits (log-sum-exp), not from a rounded probability.
            var m = zp[r * k]
            for j in 0..<k { m = Swift.max(m, zp[r * k + j]) }
            var s: Float = 0
            for j in 0..<k { s += _expf(zp[r * k + j] - m) }
            total += Double(_logf(s) + m - zp[r * k + label])
        }
        let loss = Tensor(scalar: Float(total / Double(Swift.max(n, 1))))
        return record(loss, inputs: [logits]) { tape, g in
            var dz = probabilities
            let scale = g.scalar / Float(Swift.max(n, 1))
            dz.withUnsafeMutableBufferPointer { d in
                for r in 0..<n { d[r * k + Int(labels[r])] -= 1 }
                for i in 0..<d.count { d[i] *= scale }
            }
            tape.accumulate(dz, into: logits)
        }
    }

    /// Mean binary cross-entropy of sigmoid(logits) against `targets` in [0, 1] of the
    /// same element count, computed as max(z, 0) - z t + log(1 + e^-|z|).
    public func sigmoidBinaryCrossEntropy(_ logits: Variable, targets: Tensor) -> Variable {
        let z = self[logits]
        precondition(z.count == targets.count, "bce: logits \(z.shape), targets \(targets.shape)")
        let (zp, tp) = (z.storage.base, targets.storage.base)
        var total: Double = 0
        for i in 0..<z.count {
            let v = zp[i]
            total += Double(Swift.max(v, 0) - v * tp[i] + _log1pf(_expf(-abs(v))))
        }
        let count = Float(Swift.max(z.count, 1))
        return record(Tensor(scalar: Float(total / Double(count))), inputs: [logits]) { tape, g in
            let scale = g.scalar / count
            let dz = Tensor.zipElements(z, targets.reshaped(z.shape)) { v, t in (Tensor.sigmoid(v) - t) * scale }
            tape.accumulate(dz, into: logits)
        }
    }

    /// Mean squared error over all elements.
    public func meanSquaredError(_ predictions: Variable, targets: Tensor) -> Variable {
        let p = self[predictions]
        precondition(p.count == targets.count, "mse: predictions \(p.shape), targets \(targets.shape)")
        let diff = p - targets.reshaped(p.shape)
        var total: Double = 0
        diff.withUnsafeBufferPointer { d in for v in d { total += Double(v * v) } }
        let count = Float(Swift.max(p.count, 1))
        return record(Tensor(scalar: Float(total / Double(count))), inputs: [predictions]) { tape, g in
            tape.accumulate(diff * (2 * g.scalar / count), into: predictions)
        }
    }

    /// Mean absolute error over all elements (subgradient 0 where the error is 0).
    public func meanAbsoluteError(_ predictions: Variable, targets: Tensor) -> Variable {
        let p = self[predictions]
        precondition(p.count == targets.count, "mae: predictions \(p.shape), targets \(targets.shape)")
        let diff = p - targets.reshaped(p.shape)
        var total: Double = 0
        diff.withUnsafeBufferPointer { d in for v in d { total += Double(abs(v)) } }
        let count = Float(Swift.max(p.count, 1))
        return record(Tensor(scalar: Float(total / Double(count))), inputs: [predictions]) { tape, g in
            let scale = g.scalar / count
            tape.accumulate(diff.mapElements { $0 > 0 ? scale : ($0 < 0 ? -scale : 0) }, into: predictions)
        }
    }
}
