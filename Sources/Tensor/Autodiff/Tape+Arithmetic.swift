// Arithmetic, matrix products and reductions, each with its backward step beside it.

extension Tape {
    /// a + b with broadcasting.
    public func add(_ a: Variable, _ b: Variable) -> Variable {
        let (sa, sb) = (self[a].shape, self[b].shape)
        return record(self[a] + self[b], inputs: [a, b]) { tape, g in
            tape.accumulate(g.summed(toShape: sa), into: a)
            tape.accumulate(g.summed(toShape: sb), into: b)
        }
    }

    /// a - b with broadcasting.
    public func sub(_ a: Variable, _ b: Variable) -> Variable {
        let (sa, sb) = (self[a].shape, self[b].shape)
        return record(self[a] - self[b], inputs: [a, b]) { tape, g in
            tape.accumulate(g.summed(toShape: sa), into: a)
            if tape.needsGradient(b) { tape.accumulate(-g.summed(toShape: sb), into: b) }
        }
    }

    /// a * b (element-wise) with broadcasting.
    public func mul(_ a: Variable, _ b: Variable) -> Variable {
        let (va, vb) = (self[a], self[b])
        return record(va * vb, inputs: [a, b]) { tape, g in
            if tape.needsGradient(a) { tape.accumulate((g * vb).summed(toShape: va.shape), into: a) }
            if tape.needsGradient(b) { tape.accumulate((g * va).summed(toShape: vb.shape), into: b) }
        }
    }

    /// a / b (element-wise) with broadcasting.
    public func div(_ a: Variable, _ b: Variable) -> Variable {
        let (va, vb) = (self[a], self[b])
        return record(va / vb, inputs: [a, b]) { tape, g in
            if tape.needsGradient(a) { tape.accumulate((g / vb).summed(toShape: va.shape), into: a) }
            if tape.needsGradient(b) {
                let db = Tensor.zipElements(g * va, vb) { ga, y in -ga / (y * y) }
                tape.accumulate(db.summed(toShape: vb.shape), into: b)
            }
        }
    }

    /// -a.
    public func neg(_ a: Variable) -> Variable {
        record(-self[a], inputs: [a]) { tape, g in tape.accumulate(-g, into: a) }
    }

    /// a * s for a constant s.
    public func scale(_ a: Variable, by s: Float) -> Variable {
        record(self[a] * s, inputs: [a]) { tape, g in tape.accumulate(g * s, into: a) }
    }

    /// e^a.
    public func exp(_ a: Variable) -> Variable {
        let y = self[a].exp()
        return record(y, inputs: [a]) { tape, g in tape.accumulate(g * y, into: a) }
    }

    /// ln a.
    public func log(_ a: Variable) -> Variable {
        let x = self[a]
        return record(x.log(), inputs: [a]) { tape, g in tape.accumulate(g / x, into: a) }
    }

    /// The matrix product a x b of rank-2 nodes.
    public func matmul(_ a: Variable, _ b: Variable) -> Variable {
        let (va, vb) = (self[a], self[b])
        return record(Tensor.matmul(va, vb), inputs: [a, b]) { tape, g in
            if tape.needsGradient(a) { tape.accumulate(Tensor.matmul(g, vb, transposeB: true), into: a) }
            if tape.needsGradient(b) { tape.accumulate(Tensor.matmul(va, g, transposeA: true), into: b) }
        }
    }

    /// x [N, in] x w [in, out] + b [out], fused: the bias is written first and the GEMM
    /// adds onto it, and the backward pass is three BLAS calls and a column sum.
    public func linear(_ x: Variable, _ w: Variable, _ b: Variable?) -> Variable {
        let (vx, vw) = (self[x], self[w])
        precondition(
            vx.rank == 2 && vw.rank == 2 && vx.shape[1] == vw.shape[0],
            "linear: input \(vx.shape) and weight \(vw.shape) do not match")
        let (n, k, m) = (vx.shape[0], vx.shape[1], vw.shape[1])
        var y = Tensor(uninitializedShape: [n, m])
        if let b {
            let bias = self[b].storage.base
            let dst = y.storage.base
            for row in 0..<n { (dst + row * m).update(from: bias, count: m) }
        }
        Tensor.gemm(
            vx.storage.base, transposed: false, vw.storage.base, transposed: false,
            into: y.storage.base, m: n, n: m, k: k, beta: b == nil ? 0 : 1)
        y.shape = [n, m]
        return record(y, inputs: b.map { [x, w, $0] } ?? [x, w]) { tape, g in
            if tape.needsGradient(w) { tape.accumulate(Tensor.matmul(vx, g, transposeA: true), into: w) }
            if let b, tape.needsGradient(b) { tape.accumulate(g.summed(toShape: [m]), into: b) }
            if tape.needsGradient(x) { tape.accumulate(Tensor.matmul(g, vw, transposeB: true), into: x) }
        }
    }

    /// The sum of all elements, as a one-element node.
    public func sum(_ a: Variable) -> Variable {
        let shape = self[a].shape
        return record(Tensor(scalar: self[a].sum()), inputs: [a]) { tape, g in
            tape.accumulate(Tensor(shape: shape, repeating: g.scalar), into: a)
        }
    }

    /// The mean of all elements, as a one-element node.
    public func mean(_ a: Variable) -> Variable {
        let shape = self[a].shape
        let n = Float(Swift.max(self[a].count, 1))
        return record(Tensor(scalar: self[a].mean()), inputs: [a]) { tape, g in
            tape.accumulate(Tensor(shape: shape, repeating: g.scalar / n), into: a)
        }
    }

    /// The sum over `axes` (dropped from the shape unless `keepingDimensions`).
    public func sum(_ a: Variable, alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        reduce(a, axes: axes, keepingDimensions: keepingDimensions, mean: false)
    }

    /// The mean over `axes` (dropped from the shape unless `keepingDimensions`).
    public func mean(_ a: Variable, alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        reduce(a, axes: axes, keepingDimensions: keepingDimensions, mean: true)
    }

    private func reduce(_ a: Variable, axes: [Int], keepingDimensions: Bool, mean: Bool) -> Variable {
        let x = self[a]
        var kept = x.shape
        for axis in axes { kept[axis] = 1 }
        let n = Float(Tensor.elementCount(of: x.shape) / Swift.max(Tensor.elementCount(of: kept), 1))
        let y =
            mean
            ? x.mean(alongAxes: axes, keepingDimensions: keepingDimensions)
            : x.sum(alongAxes: axes, keepingDimensions: keepingDimensions)
        return record(y, inputs: [a]) { tape, g in
            // Broadcasting the kept-shape gradient back over the reduced axes.
            var spread = Tensor(zeros: x.shape) + g.reshaped(kept)
            if mean { spread.scale(by: 1 / n) }
            tape.accumulate(spread, into: a)
        }
    }
}
