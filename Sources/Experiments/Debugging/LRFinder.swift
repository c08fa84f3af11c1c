import Data
import Learn
import Render
import Store
import TextFormat

/// `lr_find`: Leslie Smith's learning-rate range test as fastai runs it. A copy of
/// the model trains for up to `steps` batches with the rate growing exponentially from
/// `start` to `end`; the loss is smoothed (beta 0.98, de-biased) and the pass stops once
/// it passes 4x its best. A suggestion is read off the smoothed curve. Trained through
/// the `TrainingOrchestrator` like `fit`, so it is recorded (tagged `lr_find`), live
/// and interruptible.
public enum LRFinder {
    /// `lr_find`'s labels with the language's defaults.
    public struct Options: Sendable {
        public var start = 1e-7
        public var end = 10.0
        public var steps = 100
        public var batch = 32
        /// Its rate is replaced by the schedule's at every step.
        public var optimizer: OptimizerSpec = .adam()
        public var suggest: LRSuggestion = .valley
        public var seed: UInt64 = 0

        public init() {}

        var rates: ExponentialRates { ExponentialRates(start: start, end: end, steps: steps) }

        /// Checks every label.
        /// - Throws: `SettingError` naming the first out of range.
        public func validate() throws(SettingError) {
            try rates.validate()
            try SettingError.check("batch", batch)
            try optimizer.validate()
        }
    }

    /// Where fastai stops: the smoothed loss past 4x its best.
    public static let divergence = 4.0

    /// The training plan: the model's copy on shuffled batches, cycling through the data
    /// as often as the steps need, the rate following the schedule.
    public static func plan(
        model: Sequential, data: Samples, options: Options, params: FitParams, uses: [DataUse],
        preprocessing: Preprocessing?, name: String?, source: String
    ) -> TrainingPlan {
        var fit = FitOptions(
            epochs: 1, batchSize: options.batch, optimizer: options.optimizer, seed: options.seed,
            shuffle: true)
        fit.schedule = StepSchedule(steps: options.steps, rates: options.rates, divergence: divergence)
        var plan = TrainingPlan(
            model: model, train: data, options: fit, params: params, data: uses,
            preprocessing: preprocessing, name: name, tags: ["lr_find"], source: source)
        plan.settings = [
            ("steps", .number(Double(options.steps))), ("start", .number(options.start)),
            ("end", .number(options.end)), ("suggest", .string(options.suggest.rawValue)),
        ]
        return plan
    }

    /// Trains the plan and reads the suggestion off the curve.
    /// - Throws: `TrainingError` when training cannot start (nothing is recorded then).
    public static func run(
        _ plan: TrainingPlan, options: Options, orchestrator: TrainingOrchestrator,
        observer: TrainingObserver
    ) throws(TrainingError) -> LRFinderReport {
        let result = try orchestrator.train(plan, observer: observer)
        let epochs = result.history.epochs
        let lrs = epochs.map { $0.learningRate ?? options.rates.rate(at: $0.epoch - 1) }
        let raw = epochs.map(\.loss)
        return LRFinderReport(
            lrs: lrs, rawLosses: raw, losses: SmoothedLoss.smoothing(raw), method: options.suggest,
            plannedSteps: options.steps, result: result)
    }
}

/// What `lr_find` measured and suggests.
public struct LRFinderReport: Sendable {
    /// The rate of each step taken.
    public let lrs: [Double]
    /// Each step's loss as trained.
    public let rawLosses: [Double]
    /// The smoothed, de-biased losses: the curve fastai plots and reads.
    public let losses: [Double]
    public let method: LRSuggestion
    public let plannedSteps: Int
    public let result: TrainingResult
    /// The suggested rate and the point marking it; nil without a finite loss.
    public let suggestion: (lr: Double, index: Int)?

    public init(
        lrs: [Double], rawLosses: [Double], losses: [Double], method: LRSuggestion, plannedSteps: Int,
        result: TrainingResult
    ) {
        self.lrs = lrs
        self.rawLosses = rawLosses
        self.losses = losses
        self.method = method
        self.plannedSteps = plannedSteps
        self.result = result
        suggestion = method.suggest(lrs: lrs, losses: losses, plannedSteps: plannedSteps)
    }

    /// `lr_find: suggested lr 0.0012 (valley), 87 of 100 steps, stopped when the loss diverged`.
    public var verdict: String {
        var line = "lr_find: "
        if let suggestion {
            line += "suggested lr \(NumberText.significant(suggestion.lr, digits: 2)) (\(method.rawValue))"
        } else {
            line += "no suggestion (the loss was never a finite number)"
        }
        line += ", \(lrs.count) of \(plannedSteps) steps"
        if case .interrupted = result.outcome {
            line += ", interrupted"
        } else if lrs.count < plannedSteps {
            line += ", stopped when the loss diverged"
        }
        return line
    }

    /// The smoothed loss against the rate on a log axis, the suggestion marked by a
    /// point on the curve and a dashed vertical line.
    public var figure: Figure {
        var series: [Series] = [.line(LineSeries(label: "smoothed loss", x: lrs, y: losses, color: 0))]
        if let suggestion {
            let finite = losses.filter(\.isFinite)
            let low = finite.min() ?? 0, high = finite.max() ?? 1
            let label = "suggested lr \(NumberText.significant(suggestion.lr, digits: 2))"
            series.append(
                .line(
                    LineSeries(
                        label: label, x: [suggestion.lr, suggestion.lr], y: [low, high],
                        style: .dashed, color: 3)))
            series.append(.scatter(ScatterSeries(x: [lrs[suggestion.index]], y: [losses[suggestion.index]], color: 3)))
        }
        return Figure(
            title: "lr_find (\(method.rawValue))", xLabel: "learning rate", yLabel: "loss", xScale: .log,
            content: .series(series))
    }
}
