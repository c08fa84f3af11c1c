import Tensor
import Testing

@Suite("GradientCheck")
struct GradientCheckTests {
    @Test("a correct backward pass passes; a check that cannot pass names the input and element")
    func reportsTheFirstMismatch() {
        let x = Tensor(uniformShape: [3, 2], seed: 5)
        let square: (Tape, [Variable]) -> Variable = { tape, v in GradientCheck.weightedSum(tape, tape.mul(v[0], v[0]))
        }
        #expect(GradientCheck.firstMismatch([x], square) == nil)
        // No tolerance at all: finite differences never agree exactly, so the first element fails.
        let mismatch = GradientCheck.firstMismatch([x], tolerance: -1, square)
        #expect(mismatch?.input == 0 && mismatch?.element == 0)
        #expect(mismatch.map { "\($0)" }?.hasPrefix("input 0 element 0: analytic") == true)
    }
}
