import Tensor
import Testing

@testable import Learn

@Suite struct TrainerTests {
    /// Two Gaussian blobs in 2-D, labels 0 and 1, well separated.
    static func blobs(_ n: Int, seed: UInt64, flipped: Bool = false) -> Samples {
        var random = SeededRandom(seed: seed)
        var features: [Float] = [], labels: [Int32] = []
        for i in 0..<n {
            let label = Int32(i % 2)
            let center: Float = label == 0 ? -2 : 2
            features += [center + Float(random.normal()) * 0.5, center + Float(random.normal()) * 0.5]
            labels.append(flipped ? 1 - label : label)
        }
        return try! Samples(features: features, sampleShape: [2], targets: .classes(labels, count: 2))
    }

    static let xor = try! Samples(
        features: [0, 0, 0, 1, 1, 0, 1, 1], sampleShape: [2],
        targets: .classes([0, 1, 1, 0], count: 2))

    @Test func learnsXor() throws {
        var model = try Sequential([.dense(units: 8, activation: .tanh), .dense(units: 2, activation: nil)])
        let history = try Trainer.fit(
            &model, on: Self.xor,
            options: FitOptions(
                epochs: 300, batchSize: 4, optimizer: .adam(learningRate: 0.05), seed: 1))
        #expect(history.outcome == .completed && history.epochs.count == 300)
        #expect(history.epochs.last!.metrics[.accuracy] == 1)
        #expect(try model.predictClasses(Self.xor.features, loss: .crossEntropy) == [0, 1, 1, 0])
        let evaluation = try Evaluation.evaluate(model, on: Self.xor, loss: .crossEntropy, metrics: [.accuracy, .f1])
        #expect(evaluation.metrics[.accuracy] == 1 && evaluation.metrics[.f1] == 1)
        #expect(evaluation.confusion?.counts == [[2, 0], [0, 2]])
        #expect(evaluation.loss < 0.05)
    }

    @Test(arguments: [Loss.crossEntropy, .bce])
    func separatesBlobsWithValidation(_ loss: Loss) throws {
        let width = loss == .bce ? 1 : 2
        var model = try Sequential([
            .dense(units: 4, activation: .relu), .dropout(rate: 0.1), .batchNorm,
            .dense(units: width, activation: nil),
        ])
        let history = try Trainer.fit(
            &model, on: Self.blobs(64, seed: 1),
            options: FitOptions(
                epochs: 15, batchSize: 16, optimizer: .sgd(learningRate: 0.1, momentum: 0.9), loss: loss,
                metrics: [.accuracy, .precision, .recall, .f1], seed: 3, validation: Self.blobs(32, seed: 2)))
        let last = history.epochs.last!
        #expect(last.validationMetrics[.accuracy] == 1)
        #expect(last.validationLoss! < history.epochs.first!.validationLoss!)
        #expect(try model.predictClasses(Self.blobs(8, seed: 9).features, loss: loss) == [0, 1, 0, 1, 0, 1, 0, 1])
    }

    @Test func fitsARegression() throws {
        // y = 2 x0 - x1 + 0.5
        var random = SeededRandom(seed: 4)
        let x = Tensor(uniformShape: [64, 2], low: -1, high: 1, random: &random)
        let y = Tensor(shape: [64, 1], values: (0..<64).map { 2 * x[$0, 0] - x[$0, 1] + 0.5 })
        let data = try Samples(features: x, targets: .values(y))
        var model = try Sequential([.dense(units: 1, activation: nil)])
        let history = try Trainer.fit(
            &model, on: data,
            options: FitOptions(
                epochs: 60, batchSize: 8,
                optimizer: .adam(learningRate: 0.05), seed: 2))
        #expect(history.loss == .mse && history.metrics == [.rmse])
        #expect(history.epochs.last!.metrics[.rmse]! < 0.05)
        let mae = try Evaluation.evaluate(model, on: data, loss: .mae, metrics: [.mae, .rmse])
        #expect(mae.metrics[.mae]! < 0.05 && mae.confusion == nil)
    }

    private func trainedWeights(seed: UInt64) throws -> [Tensor] {
        var model = try Sequential([
            .dense(units: 6, activation: .relu), .dropout(rate: 0.3), .dense(units: 2, activation: nil),
        ])
        _ = try Trainer.fit(
            &model, on: Self.blobs(40, seed: 5), options: FitOptions(epochs: 3, batchSize: 7, seed: seed))
        return model.parameters
    }

    @Test func sameSeedGivesBitIdenticalWeights() throws {
        let a = try trainedWeights(seed: 42), b = try trainedWeights(seed: 42), c = try trainedWeights(seed: 43)
        #expect(zip(a, b).allSatisfy { $0.isIdentical(to: $1) })
        #expect(!zip(a, c).allSatisfy { $0.isIdentical(to: $1) })
    }

    @Test func earlyStoppingRestoresTheBestWeights() throws {
        // Validation labels are the opposite of training labels, so validation loss
        // rises as the model learns: the best epoch is the first.
        var model = try Sequential([.dense(units: 4, activation: .tanh), .dense(units: 2, activation: nil)])
        let validation = Self.blobs(16, seed: 7, flipped: true)
        let history = try Trainer.fit(
            &model, on: Self.blobs(32, seed: 6),
            options: FitOptions(
                epochs: 50, batchSize: 8, optimizer: .adam(learningRate: 0.05), seed: 1, earlyStopPatience: 3,
                validation: validation))
        let losses = history.epochs.map { $0.validationLoss! }
        let bestIndex = losses.indices.min { losses[$0] < losses[$1] }!
        #expect(history.bestEpoch == bestIndex + 1)
        #expect(history.outcome == .earlyStopped(epoch: bestIndex + 4))
        #expect(history.epochs.count == bestIndex + 4)
        let now = try Evaluation.evaluate(model, on: validation, loss: .crossEntropy, metrics: [.accuracy])
        #expect(now.loss == losses[bestIndex])
    }

    @Test func cancellationStopsWithinABatchAndKeepsWeights() throws {
        var model = try Sequential([.dense(units: 4, activation: .tanh), .dense(units: 2, activation: nil)])
        var asked = 0, batches = 0
        let callbacks = TrainingCallbacks(
            onBatch: { _ in batches += 1 },
            shouldStop: {
                asked += 1
                return asked > 5
            })
        let history = try Trainer.fit(
            &model, on: Self.blobs(32, seed: 6), options: FitOptions(epochs: 10, batchSize: 8, seed: 1),
            callbacks: callbacks)
        #expect(history.outcome == .interrupted(epoch: 2, batch: 2))
        #expect(batches == 5 && history.epochs.count == 1)
        var fresh = try Sequential(model.specs)
        var seeds = SeededRandom(seed: 1)
        try fresh.build(sampleShape: [2], seed: seeds.next())
        #expect(
            !zip(fresh.parameters, model.parameters).allSatisfy { $0.isIdentical(to: $1) }, "the five steps were kept")
    }

    @Test func progressIsReported() throws {
        var model = try Sequential([.dense(units: 2, activation: nil)])
        var progress: [BatchProgress] = [], epochs: [EpochRecord] = []
        _ = try Trainer.fit(
            &model, on: Self.blobs(10, seed: 1), options: FitOptions(epochs: 2, batchSize: 4),
            callbacks: TrainingCallbacks(onBatch: { progress.append($0) }, onEpoch: { epochs.append($0) }))
        #expect(progress.map(\.batch) == [1, 2, 3, 1, 2, 3] && progress.map(\.samples) == [4, 8, 10, 4, 8, 10])
        #expect(progress.allSatisfy { $0.batches == 3 })
        #expect(epochs.map(\.epoch) == [1, 2] && epochs.allSatisfy { $0.validationLoss == nil })
        // Throughput counts every sample trained since the start, over the wall time since then.
        #expect(progress.map(\.throughput.samples) == [4, 8, 10, 14, 18, 20])
        #expect(progress.map(\.throughput.epochs) == [0, 0, 0, 1, 1, 1])
        #expect(epochs.map { $0.throughput?.samples } == [10, 20] && epochs.map { $0.throughput?.epochs } == [1, 2])
        // Time only moves on: an epoch's figure (its validation included) comes after its last batch's.
        let times =
            [progress[0], progress[1], progress[2]].map(\.throughput.seconds) + [epochs[0].throughput!.seconds]
            + [progress[3], progress[4], progress[5]].map(\.throughput.seconds) + [epochs[1].throughput!.seconds]
        #expect(times == times.sorted() && times[0] > 0)
    }

    @Test(
        "throughput is shown only once it means something",
        arguments: [
            // samples, seconds, epochs finished, samples per second
            (63_000, 0.1, 60, nil),  // iris, 60 epochs in a tenth of a second: too short to tell
            (105, 0.6, 1, 175.0),  // a full epoch and half a second
            (1_500, 0.8, 0, nil),  // part of an epoch, too few samples
            (3_000, 0.75, 0, 4_000.0),  // part of an epoch, enough samples
            (3_000, 0.4, 0, nil),  // enough samples, too little time
        ] as [(Int, Double, Int, Double?)])
    func throughputThreshold(samples: Int, seconds: Double, epochs: Int, expected: Double?) {
        #expect(Throughput(samples: samples, seconds: seconds, epochs: epochs).samplesPerSecond == expected)
    }

    @Test func mismatchesAreReportedBeforeTraining() throws {
        var model = try Sequential([.dense(units: 3, activation: nil)])
        let data = Self.blobs(8, seed: 1)
        #expect(throws: TrainingError.outputMismatch(outputs: 3, expected: 2, what: "classes")) {
            try Trainer.fit(&model, on: data, options: FitOptions())
        }
        #expect(throws: TrainingError.invalidOption(SettingError("epochs", .positiveInteger, value: "-3"))) {
            try Trainer.fit(&model, on: data, options: FitOptions(epochs: -3))
        }
        #expect(!model.isBuilt, "a failed fit leaves the model untouched")
        var two = try Sequential([.dense(units: 2, activation: nil)])
        #expect(
            throws: TrainingError.metricMismatch(
                metric: "rmse", reason: "it compares numbers, and the data has classes")
        ) {
            try Trainer.fit(&two, on: data, options: FitOptions(metrics: [.rmse]))
        }
        #expect(throws: TrainingError.invalidData("class index 5 is outside 0..<2")) {
            try Samples(features: [1, 2], sampleShape: [2], targets: .classes([5], count: 2))
        }
        #expect(
            TrainingError.outputMismatch(outputs: 3, expected: 2, what: "classes").description
                == "the model outputs 3 values per sample, but the data has 2 classes; make the last layer dense(2)")
    }
}

@Suite struct RobustnessTests {
    @Test func badShapesAreErrorsNotCrashes() throws {
        #expect(throws: TrainingError.model(.invalidSampleShape([0, 3]))) {
            try Samples(features: [], sampleShape: [0, 3], targets: .classes([], count: 2))
        }
        var model = try Sequential([.dense(units: 2, activation: nil)])
        #expect(throws: ModelError.invalidSampleShape([-1])) { try model.build(sampleShape: [-1], seed: 0) }
        #expect(throws: ModelError.sampleShapeMismatch(expected: [], got: [2])) {
            try model.outputs(for: Tensor(zeros: [1, 2]))
        }
        try model.build(sampleShape: [2], seed: 0)
        #expect(throws: ModelError.sampleShapeMismatch(expected: [2], got: [3])) {
            try model.predict(Tensor(zeros: [4, 3]), loss: .crossEntropy)
        }
        let empty = try Samples(features: Tensor(zeros: [0, 2]), targets: .classes([], count: 2))
        #expect(throws: TrainingError.emptyData) { try Trainer.fit(&model, on: empty, options: FitOptions()) }
        #expect(try Evaluation.evaluate(model, on: empty, loss: .crossEntropy, metrics: [.accuracy]).count == 0)
    }
}
