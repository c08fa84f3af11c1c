// Element-wise arithmetic with broadcasting. The loops run over raw pointers so the
// optimiser sees plain contiguous loops it can vectorise.

extension Tensor {
    /// Applies `op` to each element.
    @inline(__always)
    func mapElements(_ op: (Float) -> Float) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        let src = storage.base, dst = result.storage.base
        Tensor.forEachElementRange(count) { range in for i in range { dst[i] = op(src[i]) } }
        return result
    }

    /// Calls `body` over `0..<count` in contiguous ranges, on both cores when there are
    /// enough elements to pay for the hand-off (a transformer's GELU over 64 x 64 x 256
    /// values is mostly `erff`). Each element is computed alone, so the split never
    /// changes a result.
    @inline(__always)
    static func forEachElementRange(_ count: Int, _ body: (Range<Int>) -> Void) {
        guard count >= 1 << 15 else {
            body(0..<count)
            return
        }
        SampleChunks.run(batch: count) { _, range in body(range) }
    }

    /// Applies `op` to the elements of two broadcast-compatible tensors.
    @inline(__always)
    static func zipElements(_ a: Tensor, _ b: Tensor, _ op: (Float, Float) -> Float) -> Tensor {
        let pa = a.storage.base, pb = b.storage.base
        if a.shape == b.shape {
            let result = Tensor(uninitializedShape: a.shape)
            let dst = result.storage.base
            forEachElementRange(a.count) { range in for i in range { dst[i] = op(pa[i], pb[i]) } }
            return result
        }
        guard let outShape = Broadcast.shape(a.shape, b.shape) else {
            preconditionFailure("shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        let result = Tensor(uninitializedShape: outShape)
        let dst = result.storage.base
        let n = result.count
        if b.count == 1 && outShape == a.shape {
            let s = pb[0]
            for i in 0..<n { dst[i] = op(pa[i], s) }
        } else if a.count == 1 && outShape == b.shape {
            let s = pa[0]
            for i in 0..<n { dst[i] = op(s, pb[i]) }
        } else if outShape == a.shape && Broadcast.isTrailingBlock(b.shape, of: outShape) && b.count > 0 {
            // The bias-add shape: b repeats over the outer rows of a.
            let block = b.count
            var row = 0
            while row < n {
                for j in 0..<block { dst[row + j] = op(pa[row + j], pb[j]) }
                row += block
            }
        } else {
            let sa = Broadcast.strides(of: a.shape, in: outShape)
            let sb = Broadcast.strides(of: b.shape, in: outShape)
            Broadcast.forEachRow(of: outShape, aStrides: sa, bStrides: sb) { o, ia, ib, len, stepA, stepB in
                for j in 0..<len { dst[o + j] = op(pa[ia + j * stepA], pb[ib + j * stepB]) }
            }
        }
        return result
    }

    /// Element-wise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor { zipElements(a, b) { $0 + $1 } }
    /// Element-wise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor { zipElements(a, b) { $0 - $1 } }
    /// Element-wise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor { zipElements(a, b) { $0 * $1 } }
    /// Element-wise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor { zipElements(a, b) { $0 / $1 } }
    /// Each element plus `s`.
    public static func + (a: Tensor, s: Float) -> Tensor { a.mapElements { $0 + s } }
    /// Each element times `s`.
    public static func * (a: Tensor, s: Float) -> Tensor { a.mapElements { $0 * s } }
    /// Each element times `s`.
    public static func * (s: Float, a: Tensor) -> Tensor { a.mapElements { $0 * s } }
    /// Each element negated.
    public static prefix func - (a: Tensor) -> Tensor { a.mapElements { -$0 } }

    /// max(x, 0) for each element.
    public func relu() -> Tensor { mapElements { $0 > 0 ? $0 : 0 } }
    /// 1 / (1 + e^-x) for each element, computed without overflow for large |x|.
    public func sigmoid() -> Tensor { mapElements(Tensor.sigmoid) }
    /// tanh(x) for each element.
    public func tanh() -> Tensor { mapElements { _tanhf($0) } }
    /// e^x for each element.
    public func exp() -> Tensor { mapElements { _expf($0) } }
    /// The natural logarithm of each element.
    public func log() -> Tensor { mapElements { _logf($0) } }
    /// The square root of each element.
    public func squareRoot() -> Tensor { mapElements { $0.squareRoot() } }
    /// The exact (erf-based) GELU of each element, as PyTorch's and Keras's defaults.
    public func gelu() -> Tensor { mapElements { 0.5 * $0 * (1 + _erff($0 * 0.707_106_77)) } }

    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + _expf(-x)) }
        let e = _expf(x)
        return e / (1 + e)
    }

    /// Adds `alpha * other` to this tensor in place; shapes must hold equal counts.
    public mutating func add(_ other: Tensor, scaledBy alpha: Float = 1) {
        precondition(count == other.count, "cannot add \(other.shape) into \(shape)")
        makeUnique()
        let dst = storage.base, src = other.storage.base
        if alpha == 1 {
            for i in 0..<count { dst[i] += src[i] }
        } else {
            for i in 0..<count { dst[i] += alpha * src[i] }
        }
    }

    /// Multiplies every element by `s` in place.
    public mutating func scale(by s: Float) {
        makeUnique()
        let dst = storage.base
        for i in 0..<count { dst[i] *= s }
    }

    /// Sets every element to `value` in place.
    public mutating func fill(_ value: Float) {
        makeUnique()
        storage.base.update(repeating: value, count: count)
    }

    /// The largest absolute difference between corresponding elements.
    public func maxAbsDifference(_ other: Tensor) -> Float {
        precondition(count == other.count, "cannot compare \(shape) with \(other.shape)")
        var m: Float = 0
        for i in 0..<count { m = Swift.max(m, abs(storage.base[i] - other.storage.base[i])) }
        return m
    }
}
