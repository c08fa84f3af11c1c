import Tensor

/// An element-wise (or, for softmax, row-wise) activation, by the names the language uses.
public enum Activation: String, Sendable, CaseIterable, Hashable {
    case relu, sigmoid, tanh, softmax, gelu

    /// Applies the activation on a tape.
    func apply(_ tape: Tape, _ x: Variable) -> Variable {
        switch self {
        case .relu: tape.relu(x)
        case .sigmoid: tape.sigmoid(x)
        case .tanh: tape.tanh(x)
        case .softmax: tape.softmax(x)
        case .gelu: tape.gelu(x)
        }
    }
}
