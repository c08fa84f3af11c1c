/// NumPy broadcasting rules: shapes are aligned at their last axis, and an extent of 1
/// (or a missing leading axis) stretches to match the other operand.
public enum Broadcast {
    /// The shape two operands broadcast to, or nil when they are incompatible.
    public static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                out[i] = da
            } else if da == 1 {
                out[i] = db
            } else {
                return nil
            }
        }
        return out
    }

    /// The element strides with which an operand of `shape` is read when iterating over
    /// `target` (0 on stretched axes). `shape` must broadcast to `target`.
    static func strides(of shape: [Int], in target: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: target.count)
        var step = 1
        var i = shape.count - 1
        var t = target.count - 1
        while t >= 0 {
            if i >= 0 {
                precondition(
                    shape[i] == target[t] || shape[i] == 1,
                    "shape \(shape) does not broadcast to \(target)")
                strides[t] = shape[i] == 1 ? 0 : step
                step *= shape[i]
            }
            i -= 1
            t -= 1
        }
        return strides
    }

    /// True when `shape`, without its leading 1s, is a suffix of `target`: then the
    /// operand repeats whole over the outer rows and needs no index arithmetic.
    static func isTrailingBlock(_ shape: [Int], of target: [Int]) -> Bool {
        let trimmed = shape.drop { $0 == 1 }
        guard trimmed.count <= target.count else { return false }
        return Array(target.suffix(trimmed.count)) == Array(trimmed)
    }

    /// Visits `target` in row-major order, one innermost row at a time, passing the
    /// offset of the row's first element in the output and in each operand, and each
    /// operand's stride along the innermost axis.
    @inline(__always)
    static func forEachRow(
        of target: [Int], aStrides: [Int], bStrides: [Int],
        _ body: (_ out: Int, _ a: Int, _ b: Int, _ length: Int, _ aStep: Int, _ bStep: Int) -> Void
    ) {
        let rank = target.count
        let total = Tensor.elementCount(of: target)
        guard total > 0 else { return }
        guard rank > 0 else {
            body(0, 0, 0, 1, 0, 0)
            return
        }
        let inner = target[rank - 1]
        let aStep = aStrides[rank - 1], bStep = bStrides[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var offA = 0, offB = 0, out = 0
        while out < total {
            body(out, offA, offB, inner, aStep, bStep)
            out += inner
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                offA += aStrides[axis]
                offB += bStrides[axis]
                if index[axis] < target[axis] { break }
                offA -= aStrides[axis] * target[axis]
                offB -= bStrides[axis] * target[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
