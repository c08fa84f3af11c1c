import Testing

@testable import Tensor

@Suite struct MatMulTests {
    static func naive(_ a: Tensor, _ b: Tensor, _ ta: Bool, _ tb: Bool) -> [Float] {
        let (m, k) = ta ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let n = tb ? b.shape[0] : b.shape[1]
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s: Double = 0
                for p in 0..<k {
                    let x = ta ? a[p, i] : a[i, p]
                    let y = tb ? b[j, p] : b[p, j]
                    s += Double(x) * Double(y)
                }
                out[i * n + j] = Float(s)
            }
        }
        return out
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matchesNaiveLoop(_ ta: Bool, _ tb: Bool) {
        let (m, k, n) = (5, 7, 3)
        let a = Tensor(uniformShape: ta ? [k, m] : [m, k], seed: 3)
        let b = Tensor(uniformShape: tb ? [n, k] : [k, n], seed: 4)
        let c = Tensor.matmul(a, b, transposeA: ta, transposeB: tb)
        #expect(c.shape == [m, n])
        let expected = Self.naive(a, b, ta, tb)
        for i in 0..<c.count { #expect(abs(c[flat: i] - expected[i]) < 1e-5) }
    }

    @Test func addMatmulAccumulates() {
        let a = Tensor(uniformShape: [4, 3], seed: 5), b = Tensor(uniformShape: [3, 2], seed: 6)
        var c = Tensor(shape: [4, 2], repeating: 1)
        c.addMatmul(a, b, alpha: 2, beta: 0.5)
        let p = Tensor.matmul(a, b)
        for i in 0..<8 { #expect(abs(c[flat: i] - (0.5 + 2 * p[flat: i])) < 1e-5) }
    }

    @Test func emptyInnerExtentGivesZeros() {
        let c = Tensor.matmul(Tensor(zeros: [2, 0]), Tensor(zeros: [0, 3]))
        #expect(c.scalars == [Float](repeating: 0, count: 6))
    }
}
