/// One per-row transform a dataset went through after it was loaded, with every
/// number it needs, so the same transform can be applied to new data later (and by an
/// exporter or a server, which run no Strata code). Row operations (`split`,
/// `filter`, `dropna`, `sample`) are not steps: they change which rows there are, not
/// what a row becomes.
public enum PreprocessingStep: Sendable, Equatable {
    /// `(x - offset) / scale` per numeric column, with the mean and the population
    /// standard deviation of `fittedOn`.
    case standardize(ColumnScaling)
    /// `(x - offset) / scale` per numeric column, with the minimum and the range of
    /// `fittedOn`.
    case minmax(ColumnScaling)
    /// Missing cells filled per column.
    case fill(ColumnFills)
    /// A free-text column turned into token ids or a bag of words (`vectorize`).
    case vectorize(TextVectorization)

    /// The operation's name as the language calls it: `standardize`, `minmax`, `fillna`.
    public var operation: String {
        switch self {
        case .standardize: "standardize"
        case .minmax: "minmax"
        case .fill: "fillna"
        case .vectorize: "vectorize"
        }
    }

    /// The dataset whose values gave the step its numbers; nil for values given outright.
    public var fittedOn: DataReference? {
        switch self {
        case .standardize(let scaling), .minmax(let scaling): scaling.fittedOn
        case .fill(let fills): fills.fittedOn
        case .vectorize(let vectorization): vectorization.fittedOn
        }
    }

    /// Where the numbers came from, for messages: `the statistics of 'train' (3f2a9c1b)`.
    public var origin: String {
        fittedOn.map { "the statistics of \($0.description)" } ?? "given values"
    }
}

/// A dataset named as a user knows it (`train`, `iris.csv`) and by its content id.
public struct DataReference: Sendable, Equatable, Codable {
    public var name: String
    /// The content id (SHA-256 hex) of the dataset.
    public var version: String

    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// `'train' (3f2a9c1b)`.
    public var description: String { "'\(name)' (\(version.prefix(8)))" }
}

/// Per-column affine scaling: `(x - offset) / scale`, or `x - offset` when the scale
/// is 0 (a constant column). Columns not listed are left as they are.
public struct ColumnScaling: Sendable, Equatable, Codable {
    public struct Column: Sendable, Equatable, Codable {
        public var name: String
        public var offset: Double
        public var scale: Double

        public init(name: String, offset: Double, scale: Double) {
            self.name = name
            self.offset = offset
            self.scale = scale
        }

        /// What one value becomes. Computed in Double, rounded once to Float.
        @inline(__always)
        public func apply(_ value: Float) -> Float {
            let factor = scale > 0 && scale.isFinite ? 1 / scale : 1
            return Float((Double(value) - offset) * factor)
        }
    }

    public var columns: [Column]
    public var fittedOn: DataReference

    public init(columns: [Column], fittedOn: DataReference) {
        self.columns = columns
        self.fittedOn = fittedOn
    }

    enum CodingKeys: String, CodingKey {
        case columns
        case fittedOn = "fitted_on"
    }
}

/// Per-column fill values for missing cells (`FillValues`). Columns not listed are
/// left as they are.
public struct ColumnFills: Sendable, Equatable {
    public var values: FillValues
    /// How the values were chosen: `mean`, `median`, `mode`, `value` or `values`.
    public var strategy: String
    /// The dataset the statistics came from; nil for values given outright
    /// (`fillna(ds, 0)`), which are the same whatever data they meet.
    public var fittedOn: DataReference?

    public init(values: FillValues, strategy: String, fittedOn: DataReference?) {
        self.values = values
        self.strategy = strategy
        self.fittedOn = fittedOn
    }
}

/// A step as a dataset went through it: with the content id of the data it was applied
/// to, which tells "scaled with its own statistics" from "scaled with the training
/// split's".
public struct AppliedStep: Sendable, Equatable {
    public var step: PreprocessingStep
    /// The content id of the dataset the step was applied to.
    public var input: String

    public init(step: PreprocessingStep, input: String) {
        self.step = step
        self.input = input
    }

    /// Whether the statistics came from the data the step was applied to.
    public var usedOwnStatistics: Bool { step.fittedOn?.version == input }
}

extension PreprocessingStep {
    /// `standardize (statistics of 'train'), then fillna` or `no preprocessing`.
    public static func describe(_ steps: [AppliedStep]) -> String {
        steps.isEmpty
            ? "no preprocessing"
            : steps.map {
                $0.step.operation + " (" + ($0.usedOwnStatistics ? "its own statistics" : $0.step.origin) + ")"
            }.joined(separator: ", then ")
    }
}
