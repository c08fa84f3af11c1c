import Foundation
import Tensor

/// The baselines the course asks for before any model: the most frequent class, the
/// mean, and a linear model. Each is returned as an ordinary built model (an optional
/// `flatten()` then one `dense` layer) whose weights give the baseline's predictions,
/// so a baseline run evaluates, predicts, restores and exports like any other.
///
/// - majority: zero kernel, bias the log of each class's share (softmax gives the
///   class frequencies, argmax the most frequent class);
/// - mean: zero kernel, bias the targets' mean;
/// - linear: least squares in closed form for numeric targets, multinomial logistic
///   regression for classes, both on standardized features with the scaling folded
///   back into the weights. Deterministic: no random draws; the logistic fit is full
///   batch gradient descent from zero for a fixed number of steps.
public enum BaselineFit {
    public enum Kind: String, Sendable, CaseIterable {
        case majority, mean, linear
    }

    /// The baseline `kind` fitted on `samples`.
    /// - Throws: `.invalidData` when the kind does not suit the targets (majority
    ///   needs classes, mean numbers).
    public static func fit(_ kind: Kind, on samples: Samples) throws(TrainingError) -> Sequential {
        let sampleShape = samples.sampleShape
        let features = sampleShape.reduce(1, *)
        let outputs: Int
        switch samples.targets {
        case .classes(_, let count):
            guard kind != .mean else {
                throw .invalidData(
                    "a \"mean\" baseline needs numeric targets; this data has classes (use \"majority\")")
            }
            outputs = count
        case .values(let values):
            guard kind != .majority else {
                throw .invalidData(
                    "a \"majority\" baseline needs classes; this data has numeric targets (use \"mean\")")
            }
            outputs = values.count / Swift.max(samples.count, 1)
        }
        guard samples.count > 0 else { throw .emptyData }
        let (kernel, bias): ([Double], [Double])
        switch (kind, samples.targets) {
        case (.majority, .classes(let labels, let count)):
            var tally = [Double](repeating: 0, count: count)
            for label in labels where label >= 0 { tally[Int(label)] += 1 }
            // Half a count for an absent class keeps its loss finite on other data.
            let total = tally.reduce(0) { $0 + Swift.max($1, 0.5) }
            (kernel, bias) = (
                [Double](repeating: 0, count: features * count), tally.map { log(Swift.max($0, 0.5) / total) }
            )
        case (.mean, .values(let values)):
            (kernel, bias) = ([Double](repeating: 0, count: features * outputs), columnMeans(values, columns: outputs))
        case (.linear, .values(let values)):
            (kernel, bias) = LinearSolver.leastSquares(
                samples.features, targets: values, rows: samples.count,
                features: features, outputs: outputs)
        case (.linear, .classes(let labels, let count)):
            (kernel, bias) = LinearSolver.logistic(
                samples.features, labels: labels, classes: count, rows: samples.count,
                features: features)
        default:
            preconditionFailure("kinds checked above")
        }
        let specs: [LayerSpec] = (sampleShape.count > 1 ? [.flatten] : []) + [.dense(units: outputs, activation: nil)]
        // Building draws Glorot weights, replaced right after; the seed only keeps it quiet.
        var model = try! Sequential(specs)
        do throws(ModelError) {
            try model.build(sampleShape: sampleShape, seed: 0)
        } catch {
            throw .model(error)
        }
        model.parameters[0] = Tensor(shape: [features, outputs], values: kernel.map { Float($0) })
        model.parameters[1] = Tensor(shape: [outputs], values: bias.map { Float($0) })
        return model
    }

    private static func columnMeans(_ values: Tensor, columns: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        let rows = values.count / Swift.max(columns, 1)
        values.withUnsafeBufferPointer { v in
            for row in 0..<rows { for column in 0..<columns { sums[column] += Double(v[row * columns + column]) } }
        }
        return sums.map { $0 / Double(Swift.max(rows, 1)) }
    }
}
