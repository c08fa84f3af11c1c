/// A node of a `Tape`: the handle an operation returns and later operations take.
public struct Variable: Hashable, Sendable {
    /// The node's position on its tape (inputs always come before the ops that use them).
    public let id: Int
}

/// A reverse-mode autodiff tape for one training step.
///
/// Each operation (in the `Tape+*.swift` files) computes its value and, right beside
/// it, a closure that turns the output's gradient into its inputs' gradients (as in
/// micrograd). Nodes are appended in evaluation order, which is a topological order,
/// so `backward(from:)` is a single reverse sweep. A tape is used for one step and
/// dropped: no graph survives between steps. A tape created with `recording: false`
/// keeps no closures (inference).
public final class Tape {
    /// Whether operations record backward closures.
    public let isRecording: Bool
    private(set) var values: [Tensor] = []
    private var gradients: [Tensor?] = []
    private var wantsGradient: [Bool] = []
    private var backwardSteps: [((Tape, Tensor) -> Void)?] = []

    /// A new, empty tape.
    public init(recording: Bool = true) {
        isRecording = recording
        values.reserveCapacity(64)
        gradients.reserveCapacity(64)
        wantsGradient.reserveCapacity(64)
        backwardSteps.reserveCapacity(64)
    }

    /// The number of nodes recorded so far.
    public var nodeCount: Int { values.count }

    private func append(_ value: Tensor, wantsGradient wants: Bool, backward: ((Tape, Tensor) -> Void)?) -> Variable {
        values.append(value)
        gradients.append(nil)
        wantsGradient.append(wants)
        backwardSteps.append(backward)
        return Variable(id: values.count - 1)
    }

    /// A leaf that needs no gradient (inputs, targets).
    public func constant(_ value: Tensor) -> Variable {
        append(value, wantsGradient: false, backward: nil)
    }

    /// A leaf whose gradient `backward(from:)` computes (a parameter).
    public func parameter(_ value: Tensor) -> Variable {
        append(value, wantsGradient: isRecording, backward: nil)
    }

    /// The value of a node.
    public subscript(_ variable: Variable) -> Tensor { values[variable.id] }

    /// The gradient of the last `backward(from:)` with respect to a leaf, or nil when
    /// the loss does not depend on it. (Gradients of inner nodes are freed as the
    /// sweep passes them.)
    public func gradient(of variable: Variable) -> Tensor? { gradients[variable.id] }

    /// Whether the backward sweep needs this node's gradient.
    @inline(__always)
    public func needsGradient(_ variable: Variable) -> Bool { wantsGradient[variable.id] }

    /// Records an operation's result. `backward` receives the output gradient and
    /// must `accumulate` a gradient into each input that `needsGradient`; it is kept
    /// only when recording and some input needs a gradient.
    public func record(_ value: Tensor, inputs: [Variable], backward: @escaping (Tape, Tensor) -> Void) -> Variable {
        let wants = isRecording && inputs.contains { wantsGradient[$0.id] }
        return append(value, wantsGradient: wants, backward: wants ? backward : nil)
    }

    /// Adds `gradient` to a node's gradient (the first contribution is stored as is).
    public func accumulate(_ gradient: Tensor, into variable: Variable) {
        guard wantsGradient[variable.id] else { return }
        precondition(
            gradient.count == values[variable.id].count,
            "gradient \(gradient.shape) does not match value \(values[variable.id].shape)")
        if gradients[variable.id] == nil {
            gradients[variable.id] =
                gradient.shape == values[variable.id].shape
                ? gradient : gradient.reshaped(values[variable.id].shape)
        } else {
            gradients[variable.id]!.add(gradient)
        }
    }

    /// Back-propagates from a one-element loss: afterwards `gradient(of:)` gives
    /// d loss / d leaf for every parameter the loss depends on.
    public func backward(from loss: Variable) {
        precondition(values[loss.id].count == 1, "backward needs a scalar loss, got shape \(values[loss.id].shape)")
        guard wantsGradient[loss.id] else { return }
        gradients[loss.id] = Tensor(shape: values[loss.id].shape, repeating: 1)
        for id in stride(from: loss.id, through: 0, by: -1) {
            guard let step = backwardSteps[id], let gradient = gradients[id] else { continue }
            step(self, gradient)
            // Inner nodes' gradients are not needed once passed on; free them early.
            gradients[id] = nil
            backwardSteps[id] = nil
        }
    }
}
