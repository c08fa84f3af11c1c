import Testing

@testable import Tensor

@Suite struct TensorBasicsTests {
    @Test func copyOnWriteKeepsValueSemantics() {
        let a = Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        var b = a
        b[0, 1] = 20
        #expect(a.scalars == [1, 2, 3, 4])
        #expect(b.scalars == [1, 20, 3, 4])
        let c = a.reshaped([4])
        #expect(c.storage === a.storage, "reshape shares storage")
    }

    struct BroadcastCase: Sendable, CustomTestStringConvertible {
        let a: [Int], b: [Int], out: [Int]?
        var testDescription: String { "\(a) + \(b)" }
    }

    @Test(arguments: [
        BroadcastCase(a: [2, 3], b: [2, 3], out: [2, 3]),
        BroadcastCase(a: [2, 3], b: [3], out: [2, 3]),
        BroadcastCase(a: [2, 3], b: [2, 1], out: [2, 3]),
        BroadcastCase(a: [1, 3], b: [2, 1], out: [2, 3]),
        BroadcastCase(a: [4, 1, 3], b: [2, 1], out: [4, 2, 3]),
        BroadcastCase(a: [], b: [2, 2], out: [2, 2]),
        BroadcastCase(a: [2, 3], b: [2], out: nil),
    ])
    func broadcastShapes(_ c: BroadcastCase) {
        #expect(Broadcast.shape(c.a, c.b) == c.out)
    }

    /// Element-wise results against an index-by-index reference.
    @Test(arguments: [
        ([2, 3], [3]), ([2, 3], [2, 1]), ([1, 3], [2, 1]), ([4, 1, 3], [2, 1]),
        ([2, 3], []), ([], [2, 3]), ([3, 1, 2], [3, 4, 1]),
    ])
    func broadcastArithmeticMatchesReference(_ sa: [Int], _ sb: [Int]) {
        let a = Tensor(uniformShape: sa, seed: 1), b = Tensor(uniformShape: sb, seed: 2, low: 0.5, high: 2)
        let out = Broadcast.shape(sa, sb)!
        let sum = a + b, quotient = a / b
        #expect(sum.shape == out && quotient.shape == out)
        for flat in 0..<Tensor.elementCount(of: out) {
            var rest = flat
            var index = [Int](repeating: 0, count: out.count)
            for axis in stride(from: out.count - 1, through: 0, by: -1) {
                index[axis] = rest % out[axis]
                rest /= out[axis]
            }
            func pick(_ t: Tensor) -> Float {
                var f = 0
                let offset = out.count - t.rank
                for axis in 0..<t.rank { f = f * t.shape[axis] + (t.shape[axis] == 1 ? 0 : index[axis + offset]) }
                return t[flat: f]
            }
            #expect(sum[flat: flat] == pick(a) + pick(b))
            #expect(quotient[flat: flat] == pick(a) / pick(b))
        }
        // Summing the result back to an operand's shape undoes the broadcast count.
        let ones = Tensor(shape: out, repeating: 1)
        let back = ones.summed(toShape: sb)
        let copies = Float(Tensor.elementCount(of: out) / max(Tensor.elementCount(of: sb), 1))
        #expect(back.shape == sb && back.scalars.allSatisfy { $0 == copies })
    }

    @Test func reductionsOverAxes() {
        let x = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(x.sum() == 21)
        #expect(x.sum(alongAxes: [0]).scalars == [5, 7, 9])
        #expect(x.sum(alongAxes: [1]).scalars == [6, 15])
        #expect(x.sum(alongAxes: [1], keepingDimensions: true).shape == [2, 1])
        #expect(x.mean(alongAxes: [0, 1]).scalars == [3.5])
        #expect(x.argmaxRows() == [2, 2])
    }

    @Test func softmaxRowsSumToOneAndResistOverflow() {
        let x = Tensor(shape: [2, 3], values: [1000, 1001, 1002, -5, 0, 5])
        let p = x.softmaxRows()
        for r in 0..<2 {
            let total = (0..<3).map { p[r, $0] }.reduce(0, +)
            #expect(abs(total - 1) < 1e-6)
        }
        #expect(abs(x.logSoftmaxRows()[0, 2] - (-0.407_605_96)) < 1e-4)
    }

    @Test func seededRandomIsDeterministicAndUnbiased() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        var r = SeededRandom(seed: 7)
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<3000 { counts[r.int(below: 3)] += 1 }
        #expect(counts.allSatisfy { $0 > 900 && $0 < 1100 })
        let samples = (0..<4000).map { _ in r.normal() }
        let mean = samples.reduce(0, +) / 4000
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4000
        #expect(abs(mean) < 0.06 && abs(variance - 1) < 0.08)
        #expect(r.permutation(10).sorted() == Array(0..<10))
        let u = (0..<1000).map { _ in r.unitFloat() }
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func blasThreadCountIsExplicit() {
        let before = BLAS.threadCount
        BLAS.setThreadCount(1)
        #expect(BLAS.threadCount == 1)
        BLAS.setThreadCount(before)
        // Names the library and the core kernel it chose, as `strata --version` prints.
        #expect(BLAS.configuration.hasPrefix("OpenBLAS") && BLAS.configuration.hasSuffix(")"))
        #expect(!BLAS.configuration.contains("unknown core"))
    }
}
