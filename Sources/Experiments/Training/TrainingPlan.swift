import Data
import Learn
import Store

/// One training run, typed: what to train on what, and how to record it. `fit` makes
/// one from its arguments; baselines, `overfit`, `lr_find`, learning curves and sweep
/// trials make theirs and hand them to the same `TrainingOrchestrator`.
public struct TrainingPlan: Sendable {
    /// The model to train (built at the first batch if it is not yet).
    public var model: Sequential
    public var train: Samples
    /// How to train, validation data included.
    public var options: FitOptions
    /// The settings as the run records them.
    public var params: FitParams
    /// The datasets used, by role, as the run records them.
    public var data: [DataUse]
    /// What the training data went through, kept with the run so new data goes
    /// through the same; nil when the samples did not come from a dataset.
    public var preprocessing: Preprocessing?
    /// The training data's distribution, kept with the run (`training_profile.json`)
    /// for `drift`; nil when the samples did not come from a dataset.
    public var profile: DataProfile?
    public var name: String?
    public var tags: [String]
    /// The cell (or command) that asked for the run.
    public var source: String
    /// Settings of a debugging step beyond `fit`'s labels (`overfit`'s threshold,
    /// `lr_find`'s rates), recorded after them in the run's params.
    public var settings: [(label: String, value: ParamValue)] = []

    public init(
        model: Sequential, train: Samples, options: FitOptions, params: FitParams, data: [DataUse],
        preprocessing: Preprocessing? = nil, name: String?, tags: [String], source: String
    ) {
        self.preprocessing = preprocessing
        self.model = model
        self.train = train
        self.options = options
        self.params = params
        self.data = data
        self.name = name
        self.tags = tags
        self.source = source
    }

    /// The params as the run records them: `params`, then `settings`.
    public var recordedParams: ParamValue {
        guard !settings.isEmpty, case .record(let fields) = params.record else { return params.record }
        return .record(fields + settings.map { ($0.label, $0.value) })
    }

    /// Batches per epoch (1 when training counts steps: each step is its own record).
    public var batches: Int {
        if options.schedule != nil { return 1 }
        let batch = Swift.max(1, Swift.min(options.batchSize, train.count))
        return (train.count + batch - 1) / batch
    }
}

/// How a training run ended, with the model it ended with.
public struct TrainingResult: Sendable {
    /// The run's id: the store's, or a local one when nothing was stored.
    public let runID: RunID
    /// Whether the store has the run (false: `storeProblem` says why not).
    public let stored: Bool
    /// The first store error, if any: training went on without the store.
    public let storeProblem: String?
    /// The trained model: the kept epoch's weights under early stopping, what it
    /// learned so far when interrupted.
    public let model: Sequential
    public let history: History
    public let outcome: RunOutcome
    /// The final metrics the run records (the kept epoch's).
    public var finalMetrics: [(name: String, value: Double)] { history.finalMetrics }
}

extension TrainingPlan {
    /// The rows an `embedding` without `vocab:` gets: the ids the data's sequence
    /// vectorization can write (its vocabulary, padding and unknown), else the largest id
    /// in the training features plus one.
    var vocabularySize: Int {
        let vectorized = preprocessing?.steps.reversed().lazy.compactMap { step -> TextVectorization? in
            if case .vectorize(let vectorization) = step, vectorization.mode == .sequence { return vectorization }
            return nil
        }.first
        if let vectorized { return vectorized.vocabulary.count + 2 }
        let largest = train.features.withUnsafeBufferPointer { $0.max() ?? 0 }
        return largest.isFinite ? Int(largest.rounded()) + 1 : 2
    }
}
