import Tensor

/// A training loss, by the names the language uses.
///
/// - `cross_entropy`: softmax fused with cross-entropy; the model outputs logits
///   (a trailing softmax, if written, is skipped in training); class-index targets.
/// - `bce`: sigmoid fused with binary cross-entropy. Class-index targets with two
///   classes and a single output (the logit of class 1), or as many outputs as
///   classes (one-hot targets); or numeric targets in [0, 1] of the output's width
///   (multi-label). A trailing sigmoid is skipped in training.
/// - `mse`, `mae`: mean squared / absolute error over all outputs; numeric targets.
public enum Loss: String, Sendable, CaseIterable, Hashable {
    case crossEntropy = "cross_entropy"
    case bce
    case mse
    case mae

    /// `cross_entropy` for class targets, `mse` otherwise (the language's `loss: auto`).
    public static func automatic(for targets: Targets) -> Loss {
        targets.isClassification ? .crossEntropy : .mse
    }

    /// The output activation this loss computes itself from logits.
    public var fusedActivation: Activation? {
        switch self {
        case .crossEntropy: .softmax
        case .bce: .sigmoid
        case .mse, .mae: nil
        }
    }

    /// Checks that targets and the model's output width suit this loss.
    func validate(targets: Targets, outputWidth: Int) throws(TrainingError) {
        switch (self, targets) {
        case (.crossEntropy, .classes(_, let count)):
            guard outputWidth == count else {
                throw .outputMismatch(outputs: outputWidth, expected: count, what: "classes")
            }
        case (.crossEntropy, .values):
            throw .lossMismatch(loss: rawValue, reason: "it needs class targets, and the data has numeric targets")
        case (.bce, .classes(_, let count)):
            guard (outputWidth == 1 && count <= 2) || outputWidth == count else {
                throw .outputMismatch(outputs: outputWidth, expected: count == 2 ? 1 : count, what: "outputs for bce")
            }
        case (.bce, .values(let t)), (.mse, .values(let t)), (.mae, .values(let t)):
            let width = t.count / Swift.max(t.shape.first ?? 1, 1)
            guard width == outputWidth else {
                throw .outputMismatch(outputs: outputWidth, expected: width, what: "target values")
            }
        case (.mse, .classes), (.mae, .classes):
            throw .lossMismatch(loss: rawValue, reason: "it needs numeric targets, and the data has classes")
        }
    }

    /// The loss node for a batch of model outputs and the batch's targets.
    func node(_ tape: Tape, outputs: Variable, targets: BatchTargets) -> Variable {
        switch (self, targets) {
        case (.crossEntropy, .classes(let labels, _)):
            return tape.softmaxCrossEntropy(outputs, labels: labels)
        case (.bce, .classes(let labels, let count)):
            let width = tape[outputs].count / Swift.max(labels.count, 1)
            var t = Tensor(zeros: [labels.count, width])
            t.withUnsafeMutableBufferPointer { p in
                for (r, label) in labels.enumerated() {
                    if width == 1 { p[r] = Float(label) } else if Int(label) < count { p[r * width + Int(label)] = 1 }
                }
            }
            return tape.sigmoidBinaryCrossEntropy(outputs, targets: t)
        case (.bce, .values(let t)):
            return tape.sigmoidBinaryCrossEntropy(outputs, targets: t)
        case (.mse, .values(let t)):
            return tape.meanSquaredError(outputs, targets: t)
        case (.mae, .values(let t)):
            return tape.meanAbsoluteError(outputs, targets: t)
        default:
            preconditionFailure("loss \(rawValue) does not take these targets (validate first)")
        }
    }
}

/// One batch's targets, as the loss and metrics read them.
enum BatchTargets {
    case classes([Int32], count: Int)
    case values(Tensor)
}
