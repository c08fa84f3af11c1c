/// Checks a tape's gradients against central finite differences, as PyTorch's
/// `gradcheck` does: the way to trust a new operation's backward pass.
///
/// `build` receives a tape and one parameter per input and returns a scalar. Each input
/// element is nudged by ±`step` and the loss evaluated again (in Float32, so the
/// tolerance is relative, with an absolute floor of `tolerance`).
public enum GradientCheck {
    /// Where an analytic gradient disagrees with the numeric one.
    public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
        public var input: Int
        /// The flat index of the element, or nil when the gradient's shape is wrong.
        public var element: Int?
        public var analytic: Float
        public var numeric: Float

        public var description: String {
            guard let element else { return "input \(input): the gradient's shape differs from the input's" }
            return "input \(input) element \(element): analytic \(analytic), numeric \(numeric)"
        }
    }

    /// The first element whose gradient is off, or nil when every one matches.
    public static func firstMismatch(
        _ inputs: [Tensor], step: Float = 1e-2, tolerance: Float = 2e-2,
        _ build: (Tape, [Variable]) -> Variable
    ) -> Mismatch? {
        let tape = Tape()
        let leaves = inputs.map { tape.parameter($0) }
        tape.backward(from: build(tape, leaves))
        func evaluate(_ values: [Tensor]) -> Double {
            let plain = Tape(recording: false)
            return Double(plain[build(plain, values.map { plain.parameter($0) })].scalar)
        }
        for (index, input) in inputs.enumerated() {
            let analytic = tape.gradient(of: leaves[index]) ?? Tensor(zeros: input.shape)
            guard analytic.shape == input.shape else {
                return Mismatch(input: index, element: nil, analytic: .nan, numeric: .nan)
            }
            for element in 0..<input.count {
                var plus = inputs, minus = inputs
                plus[index][flat: element] += step
                minus[index][flat: element] -= step
                let numeric = Float((evaluate(plus) - evaluate(minus)) / Double(2 * step))
                let value = analytic[flat: element]
                if !(abs(value - numeric) <= tolerance * max(1, abs(numeric))) {
                    return Mismatch(input: index, element: element, analytic: value, numeric: numeric)
                }
            }
        }
        return nil
    }

    /// A scalar loss that weights every element of `y` differently, sum(y * w) for fixed
    /// random w, so each element's gradient is checked and not only their sum.
    public static func weightedSum(_ tape: Tape, _ y: Variable, seed: UInt64 = 99) -> Variable {
        var random = SeededRandom(seed: seed)
        let w = Tensor(uniformShape: tape[y].shape, low: -1, high: 1, random: &random)
        return tape.sum(tape.mul(y, tape.constant(w)))
    }
}
