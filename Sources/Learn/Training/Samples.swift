import Tensor

/// What a model is trained to predict for each sample.
public enum Targets: Sendable {
    /// Class indices in 0..<count (classification).
    case classes([Int32], count: Int)
    /// Numbers, [N] or [N, k] (regression, or probabilities/multi-label for BCE).
    case values(Tensor)

    /// The number of samples.
    public var sampleCount: Int {
        switch self {
        case .classes(let labels, _): labels.count
        case .values(let t): t.shape.first ?? 0
        }
    }

    /// Whether the targets are class indices.
    public var isClassification: Bool {
        if case .classes = self { return true }
        return false
    }
}

/// Features and targets for training or evaluation.
public struct Samples: Sendable {
    /// Row-major features [N] + sampleShape.
    public let features: Tensor
    /// One target per sample.
    public let targets: Targets

    /// The number of samples.
    public var count: Int { features.shape.first ?? 0 }
    /// One sample's shape (e.g. [4] for tabular data, [1, 28, 28] for images).
    public var sampleShape: [Int] { Array(features.shape.dropFirst()) }

    /// Samples from row-major Float32 features, each of `sampleShape`.
    public init(features: [Float], sampleShape: [Int], targets: Targets) throws(TrainingError) {
        guard !sampleShape.isEmpty, sampleShape.allSatisfy({ $0 > 0 }) else {
            throw .model(.invalidSampleShape(sampleShape))
        }
        let size = Tensor.elementCount(of: sampleShape)
        guard features.count % size == 0 else {
            throw .invalidData("\(features.count) feature values do not divide into samples of shape \(sampleShape)")
        }
        try self.init(
            features: Tensor(shape: [features.count / size] + sampleShape, values: features), targets: targets)
    }

    /// Samples from a features tensor whose first axis is the sample axis.
    public init(features: Tensor, targets: Targets) throws(TrainingError) {
        guard features.rank >= 2 else {
            throw .invalidData("features need a sample axis and at least one feature axis, got shape \(features.shape)")
        }
        guard targets.sampleCount == features.shape[0] else {
            throw .invalidData("\(features.shape[0]) samples but \(targets.sampleCount) targets")
        }
        if case .classes(let labels, let count) = targets {
            guard count > 0 else { throw .invalidData("classification targets need at least one class") }
            if let bad = labels.first(where: { $0 < 0 || Int($0) >= count }) {
                throw .invalidData("class index \(bad) is outside 0..<\(count)")
            }
        }
        self.features = features
        self.targets = targets
    }

    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Samples {
        let size = Tensor.elementCount(of: sampleShape)
        var rows = Tensor(zeros: [indices.count] + sampleShape)
        Batching.gather(features, indices: indices[...], sampleSize: size, into: &rows)
        let picked: Targets
        switch targets {
        case .classes(let labels, let count): picked = .classes(indices.map { labels[$0] }, count: count)
        case .values(let t):
            let width = t.count / Swift.max(t.shape[0], 1)
            var v = Tensor(zeros: [indices.count] + Array(t.shape.dropFirst()))
            Batching.gather(t, indices: indices[...], sampleSize: width, into: &v)
            picked = .values(v)
        }
        // Same invariants as self, so this cannot fail.
        return try! Samples(features: rows, targets: picked)
    }
}
