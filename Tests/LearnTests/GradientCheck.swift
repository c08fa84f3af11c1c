import Testing
import Tensor
@testable import Learn

/// Compares a tape's gradients with central finite differences (see TensorTests).
func expectGradientsMatch(_ inputs: [Tensor], step: Float = 1e-2, tolerance: Float = 2e-2,
                          sourceLocation: SourceLocation = #_sourceLocation,
                          _ build: (Tape, [Variable]) -> Variable) {
    let tape = Tape()
    let leaves = inputs.map { tape.parameter($0) }
    let loss = build(tape, leaves)
    tape.backward(from: loss)
    func evaluate(_ values: [Tensor]) -> Double {
        let t = Tape(recording: false)
        return Double(t[build(t, values.map { t.parameter($0) })].scalar)
    }
    for (index, input) in inputs.enumerated() {
        let analytic = tape.gradient(of: leaves[index]) ?? Tensor(zeros: input.shape)
        for i in 0..<input.count {
            var plus = inputs, minus = inputs
            plus[index][flat: i] += step
            minus[index][flat: i] -= step
            let numeric = Float((evaluate(plus) - evaluate(minus)) / Double(2 * step))
            let a = analytic[flat: i]
            let ok = abs(a - numeric) <= tolerance * max(1, abs(numeric))
            #expect(ok, "input \(index) element \(i): analytic \(a), numeric \(numeric)", sourceLocation: sourceLocation)
            if !ok { return }
        }
    }
}

/// sum(y * w) for fixed random w.
func weightedSum(_ tape: Tape, _ y: Variable, seed: UInt64 = 99) -> Variable {
    var random = SeededRandom(seed: seed)
    let w = Tensor(uniformShape: tape[y].shape, low: -1, high: 1, random: &random)
    return tape.sum(tape.mul(y, tape.constant(w)))
}

func randomTensor(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) -> Tensor {
    var random = SeededRandom(seed: seed)
    return Tensor(uniformShape: shape, low: low, high: high, random: &random)
}
