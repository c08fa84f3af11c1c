import COpenBLAS

// Matrix products through OpenBLAS's cblas_sgemm. Transposition is a flag passed to BLAS, never a copy.

extension Tensor {
    /// The rows and columns of a rank-2 tensor, as `op(x)` sees them.
    private func matrixExtent(transposed: Bool) -> (rows: Int, columns: Int) {
        precondition(rank == 2, "matmul needs rank-2 tensors, got shape \(shape)")
        return transposed ? (shape[1], shape[0]) : (shape[0], shape[1])
    }

    /// `op(a) x op(b)` for rank-2 tensors, where `op` transposes when asked.
    public static func matmul(
        _ a: Tensor, _ b: Tensor,
        transposeA: Bool = false, transposeB: Bool = false
    ) -> Tensor {
        let (m, k) = a.matrixExtent(transposed: transposeA)
        let (kb, n) = b.matrixExtent(transposed: transposeB)
        precondition(
            k == kb,
            "matmul: inner extents differ, \(a.shape)\(transposeA ? "ᵀ" : "") x \(b.shape)\(transposeB ? "ᵀ" : "")")
        let result = Tensor(uninitializedShape: [m, n])
        gemm(
            a.storage.base, transposed: transposeA, b.storage.base, transposed: transposeB,
            into: result.storage.base, m: m, n: n, k: k, beta: 0)
        return result
    }

    /// `c = alpha * op(a) x op(b) + beta * c` on raw row-major memory, where op(a) is
    /// m x k and op(b) is k x n. With beta 0, `c` need not be initialised. The leading
    /// dimensions (the distance between rows as stored) default to contiguous matrices;
    /// given, a block of columns inside wider rows is a matrix of its own (an attention
    /// head's part of each position's features).
    static func gemm(
        _ a: UnsafePointer<Float>, transposed transposeA: Bool, lda: Int? = nil,
        _ b: UnsafePointer<Float>, transposed transposeB: Bool, ldb: Int? = nil,
        into c: UnsafeMutablePointer<Float>, ldc: Int? = nil, m: Int, n: Int, k: Int,
        alpha: Float = 1, beta: Float
    ) {
        let ldc = ldc ?? n
        guard m > 0 && n > 0 else { return }
        guard k > 0 else {
            // BLAS leaves c untouched when k is 0; the product is then beta * c.
            for i in 0..<m {
                let row = c + i &* ldc
                if beta == 0 { row.update(repeating: 0, count: n) } else { for j in 0..<n { row[j] *= beta } }
            }
            return
        }
        OpenBLAS.library.sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha,
            a, Int32(lda ?? (transposeA ? m : k)), b, Int32(ldb ?? (transposeB ? k : n)), beta, c, Int32(ldc))
    }

    /// `self = alpha * op(a) x op(b) + beta * self` in place (self must be m x n).
    public mutating func addMatmul(
        _ a: Tensor, _ b: Tensor,
        transposeA: Bool = false, transposeB: Bool = false,
        alpha: Float = 1, beta: Float = 1
    ) {
        let (m, k) = a.matrixExtent(transposed: transposeA)
        let (kb, n) = b.matrixExtent(transposed: transposeB)
        precondition(k == kb && shape == [m, n], "addMatmul: \(a.shape) x \(b.shape) into \(shape)")
        makeUnique()
        Tensor.gemm(
            a.storage.base, transposed: transposeA, b.storage.base, transposed: transposeB,
            into: storage.base, m: m, n: n, k: k, alpha: alpha, beta: beta)
    }
}
