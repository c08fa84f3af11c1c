import Tensor
import Testing

@testable import Learn

/// `Evaluation.sampleLosses`: each row's loss on its own, which `mistakes` ranks by.
@Suite struct SampleLossesTests {
    /// Four rows of two features, targets for every loss.
    static func samples(for loss: Loss) -> Samples {
        let features: [Float] = [0.5, -1, 2, 0.25, -0.75, 1.5, 1, 1]
        switch loss {
        case .crossEntropy:
            return try! Samples(features: features, sampleShape: [2], targets: .classes([0, 2, 1, 2], count: 3))
        case .bce:
            return try! Samples(features: features, sampleShape: [2], targets: .classes([0, 1, 1, 0], count: 2))
        case .mse, .mae:
            return try! Samples(
                features: features, sampleShape: [2],
                targets: .values(Tensor(shape: [4, 1], values: [0.5, -2, 3, 1])))
        }
    }

    static func model(for loss: Loss) throws -> Sequential {
        let width = loss == .crossEntropy ? 3 : 1
        var model = try Sequential([.dense(units: 5, activation: .tanh), .dense(units: width, activation: nil)])
        // Built by one short fit, so the weights are arbitrary but fixed.
        _ = try Trainer.fit(
            &model, on: samples(for: loss), options: FitOptions(epochs: 1, batchSize: 4, loss: loss, seed: 4))
        return model
    }

    @Test(
        "the mean of the per-row losses is evaluate's loss, and each row is the loss of that row alone",
        arguments: Loss.allCases)
    func agreesWithEvaluate(_ loss: Loss) throws {
        let model = try Self.model(for: loss)
        let samples = Self.samples(for: loss)
        // A batch size that splits the rows, so batching cannot change a row's loss.
        let losses = try Evaluation.sampleLosses(model, on: samples, loss: loss, batchSize: 3)
        #expect(losses.count == 4)
        let mean = losses.reduce(0, +) / Double(losses.count)
        let evaluation = try Evaluation.evaluate(model, on: samples, loss: loss, metrics: [])
        #expect(abs(mean - evaluation.loss) < 1e-5, "\(loss): \(mean) vs \(evaluation.loss)")
        for row in 0..<4 {
            let single = try Samples(
                features: Array(samples.features.scalars[(row * 2)..<(row * 2 + 2)]),
                sampleShape: [2], targets: Self.rowTargets(samples.targets, row))
            let alone = try Evaluation.evaluate(model, on: single, loss: loss, metrics: []).loss
            #expect(abs(losses[row] - alone) < 1e-6, "\(loss) row \(row)")
        }
        // Different rows differ: the function does not repeat one value.
        #expect(Set(losses).count > 1)
    }

    static func rowTargets(_ targets: Targets, _ row: Int) -> Targets {
        switch targets {
        case .classes(let labels, let count): return .classes([labels[row]], count: count)
        case .values(let values): return .values(Tensor(shape: [1, 1], values: [values.scalars[row]]))
        }
    }

    @Test("samples of another shape than the model's are refused")
    func shapeMismatch() throws {
        let model = try Self.model(for: .mse)
        let other = try Samples(
            features: [1, 2, 3], sampleShape: [3], targets: .values(Tensor(shape: [1, 1], values: [1])))
        #expect(throws: TrainingError.self) { try Evaluation.sampleLosses(model, on: other, loss: .mse) }
    }
}
