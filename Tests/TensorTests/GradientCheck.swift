import Tensor
import Testing

/// `#expect`s the tape's gradients of `build` to match finite differences (`GradientCheck`).
func expectGradientsMatch(
    _ inputs: [Tensor], step: Float = 1e-2, tolerance: Float = 2e-2,
    sourceLocation: SourceLocation = #_sourceLocation, _ build: (Tape, [Variable]) -> Variable
) {
    #expect(
        GradientCheck.firstMismatch(inputs, step: step, tolerance: tolerance, build) == nil,
        sourceLocation: sourceLocation)
}
