import Data
import Learn
import Render
import Store
import Tensor
import TextFormat

/// `overfit`: the course's first debugging step. A copy of the model trains on a few
/// fixed batches, without shuffling, for a number of steps; a model and loss that work
/// drive the loss on them to nearly 0. The check passes when the mean loss over one pass
/// through the batches falls below the threshold (training stops there); otherwise the
/// curve's symptom names the usual causes. Trained through the `TrainingOrchestrator`
/// like `fit`, so it is recorded (tagged `overfit`), live and interruptible.
public enum OverfitCheck {
    /// `overfit`'s labels with the language's defaults.
    public struct Options: Sendable {
        public var batches = 1
        public var batch = 32
        public var steps = 300
        public var optimizer: OptimizerSpec = .adam()
        /// nil: `Loss.automatic(for:)`.
        public var loss: Loss?
        public var threshold = 0.01
        /// Picks the fixed batches, and initialises an unbuilt model.
        public var seed: UInt64 = 0

        public init() {}

        /// Checks every label.
        /// - Throws: `SettingError` naming the first out of range.
        public func validate() throws(SettingError) {
            try SettingError.check("batches", batches)
            try SettingError.check("batch", batch)
            try SettingError.check("steps", steps)
            try SettingError.check("threshold", threshold, .positiveNumber)
            try optimizer.validate()
        }
    }

    /// The fixed batches: `batches * batch` samples (all of them when there are fewer),
    /// picked by a seeded shuffle so that data sorted by class still gives mixed batches.
    public static func fixedSamples(_ data: Samples, options: Options) -> Samples {
        var random = SeededRandom(seed: options.seed)
        let wanted = Swift.min(data.count, options.batches * options.batch)
        return data.subset(Array(random.permutation(data.count).prefix(wanted)))
    }

    /// The training plan: the model's copy on the fixed batches, in order, counted in
    /// steps, stopping once the threshold is reached. `params` are the run's fit-like
    /// settings; the check's own (`steps`, `batches`, `threshold`) are added after them.
    public static func plan(
        model: Sequential, data: Samples, options: Options, params: FitParams, uses: [DataUse],
        preprocessing: Preprocessing?, name: String?, source: String
    ) -> TrainingPlan {
        var fit = FitOptions(
            epochs: 1, batchSize: options.batch, optimizer: options.optimizer, loss: options.loss,
            seed: options.seed, shuffle: false)
        fit.schedule = StepSchedule(steps: options.steps, target: options.threshold)
        var plan = TrainingPlan(
            model: model, train: fixedSamples(data, options: options), options: fit, params: params,
            data: uses, preprocessing: preprocessing, name: name, tags: ["overfit"], source: source)
        plan.settings = [
            ("steps", .number(Double(options.steps))), ("batches", .number(Double(options.batches))),
            ("threshold", .number(options.threshold)),
        ]
        return plan
    }

    /// Trains the plan and judges the curve.
    /// - Throws: `TrainingError` when training cannot start (nothing is recorded then).
    public static func run(
        _ plan: TrainingPlan, threshold: Double, orchestrator: TrainingOrchestrator,
        observer: TrainingObserver
    ) throws(TrainingError) -> OverfitReport {
        let result = try orchestrator.train(plan, observer: observer)
        let batches = Swift.max(1, (plan.train.count + plan.options.batchSize - 1) / plan.options.batchSize)
        return OverfitReport(
            losses: result.history.epochs.map(\.loss), batches: batches, threshold: threshold,
            result: result)
    }
}

/// What `overfit` found: whether the loss fell below the threshold, and if not, how
/// the curve misbehaved and why that usually happens.
public struct OverfitReport: Sendable {
    /// One loss per step.
    public let losses: [Double]
    /// The fixed batches, one pass through them per `batches` steps.
    public let batches: Int
    public let threshold: Double
    public let result: TrainingResult

    public init(losses: [Double], batches: Int, threshold: Double, result: TrainingResult) {
        self.losses = losses
        self.batches = batches
        self.threshold = threshold
        self.result = result
    }

    /// Steps taken.
    public var steps: Int { losses.count }

    /// The mean loss of each full pass through the batches (a last partial pass counts
    /// as far as it went).
    public var passLosses: [Double] {
        stride(from: 0, to: losses.count, by: batches).map { start in
            let pass = losses[start..<Swift.min(start + batches, losses.count)]
            return pass.reduce(0, +) / Double(pass.count)
        }
    }

    /// The mean loss over the last pass; NaN before any step.
    public var finalLoss: Double { passLosses.last ?? .nan }

    public var passed: Bool { finalLoss < threshold }

    /// Nil when it passed.
    public var symptom: OverfitSymptom? { passed ? nil : OverfitSymptom.classify(passLosses) }

    public var causes: [String] { symptom?.causes ?? [] }

    /// One line: `overfit passed: loss 0.0093 < 0.01 after 57 steps` or
    /// `overfit failed: the loss explodes (0.98 to nan in 12 steps); usual causes: ...`.
    public var verdict: String {
        let final = NumberText.metric(finalLoss)
        if passed {
            return
                "overfit passed: loss \(final) < \(NumberText.shortest(threshold)) after \(steps) step\(steps == 1 ? "" : "s")"
        }
        let start = NumberText.metric(passLosses.first ?? .nan)
        let interrupted = if case .interrupted = result.outcome { " (interrupted)" } else { "" }
        var line =
            "overfit failed: the loss \(symptom?.rawValue ?? "plateaus") (\(start) to \(final) in \(steps) "
            + "step\(steps == 1 ? "" : "s")\(interrupted), threshold \(NumberText.shortest(threshold)))"
        if !causes.isEmpty { line += "; usual causes: " + causes.joined(separator: "; ") }
        return line
    }

    /// The loss per step, with the threshold dashed; on a log scale while every finite
    /// loss is positive (an exploding loss spans orders of magnitude; the steps where it
    /// is not a number break the line).
    public var figure: Figure {
        let x = losses.indices.map { Double($0 + 1) }
        let positive = losses.filter(\.isFinite).allSatisfy { $0 > 0 }
        var series: [Series] = [.line(LineSeries(label: "loss", x: x, y: losses, color: 0))]
        if let last = x.last {
            series.append(
                .line(
                    LineSeries(
                        label: "threshold", x: [1, Swift.max(last, 2)], y: [threshold, threshold],
                        style: .dashed, color: passed ? 2 : 3)))
        }
        return Figure(
            title: passed ? "overfit: passed" : "overfit: the loss \(symptom?.rawValue ?? "plateaus")",
            xLabel: "step", yLabel: "loss", yScale: positive ? .log : .linear, content: .series(series))
    }
}
