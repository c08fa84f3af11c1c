// Sums and means over axes, and the reduction that undoes broadcasting in gradients.

extension Tensor {
    /// The sum of all elements (accumulated in Double, in index order).
    public func sum() -> Float {
        var total: Double = 0
        let p = storage.base
        for i in 0..<count { total += Double(p[i]) }
        return Float(total)
    }

    /// The mean of all elements.
    public func mean() -> Float {
        count == 0 ? 0 : Float(Double(sum()) / Double(count))
    }

    /// Sums this tensor down to `target`, a shape that broadcasts to this tensor's
    /// shape: the gradient of a broadcast operand is the output gradient summed over
    /// the axes it was stretched along.
    public func summed(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        var result = Tensor(zeros: target)
        let dst = result.storage.base, src = storage.base
        let n = count
        if result.count == 1 {
            dst[0] = sum()
        } else if Broadcast.isTrailingBlock(target, of: shape) {
            let block = result.count
            var row = 0
            while row < n {
                for j in 0..<block { dst[j] += src[row + j] }
                row += block
            }
        } else {
            let ownStrides = Broadcast.strides(of: shape, in: shape)
            let targetStrides = Broadcast.strides(of: target, in: shape)
            Broadcast.forEachRow(of: shape, aStrides: ownStrides, bStrides: targetStrides) { o, _, it, len, _, step in
                for j in 0..<len { dst[it + j * step] += src[o + j] }
            }
        }
        result.shape = target
        return result
    }

    /// The shape after reducing `axes`, with reduced axes kept as 1.
    private func keptShape(_ axes: [Int]) -> [Int] {
        var kept = shape
        for axis in axes {
            precondition(axis >= 0 && axis < rank, "axis \(axis) out of range for shape \(shape)")
            kept[axis] = 1
        }
        return kept
    }

    /// The sum over `axes`; reduced axes are dropped unless `keepingDimensions`.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let kept = keptShape(axes)
        let reduced = summed(toShape: kept)
        if keepingDimensions { return reduced }
        let dropped = shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
        return reduced.reshaped(dropped)
    }

    /// The mean over `axes`; reduced axes are dropped unless `keepingDimensions`.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        var n = 1
        for axis in Set(axes) { n *= shape[axis] }
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions) * (1 / Float(Swift.max(n, 1)))
    }

    /// For a tensor of rows (last axis), the index of each row's largest element
    /// (the first one on ties).
    public func argmaxRows() -> [Int] {
        precondition(rank >= 1, "argmax needs at least one axis")
        let width = shape[rank - 1]
        let rows = width == 0 ? 0 : count / width
        let p = storage.base
        var result = [Int](repeating: 0, count: rows)
        for r in 0..<rows {
            var best = 0
            var bestValue = p[r * width]
            for j in 1..<Swift.max(width, 1) where p[r * width + j] > bestValue {
                best = j
                bestValue = p[r * width + j]
            }
            result[r] = best
        }
        return result
    }

    /// Softmax along the last axis (shifted by each row's maximum, so it cannot overflow).
    public func softmaxRows() -> Tensor {
        var result = Tensor(uninitializedShape: shape)
        Tensor.softmaxRows(storage.base, into: result.storage.base, count: count, width: shape.last ?? 1)
        result.shape = shape
        return result
    }

    /// Log-softmax along the last axis.
    public func logSoftmaxRows() -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        let width = shape.last ?? 1
        let src = storage.base, dst = result.storage.base
        var row = 0
        while row < count {
            var m = src[row]
            for j in 0..<width { m = Swift.max(m, src[row + j]) }
            var total: Float = 0
            for j in 0..<width { total += _expf(src[row + j] - m) }
            let logTotal = _logf(total) + m
            for j in 0..<width { dst[row + j] = src[row + j] - logTotal }
            row += width
        }
        return result
    }

    static func softmaxRows(
        _ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>,
        count: Int, width: Int
    ) {
        var row = 0
        while row < count {
            var m = src[row]
            for j in 0..<width { m = Swift.max(m, src[row + j]) }
            var total: Float = 0
            for j in 0..<width {
                let e = _expf(src[row + j] - m)
                dst[row + j] = e
                total += e
            }
            let inv = 1 / total
            for j in 0..<width { dst[row + j] *= inv }
            row += width
        }
    }
}
