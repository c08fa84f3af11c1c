/// A table of examples: feature columns as loaded, an optional target, and where the
/// data came from. Columns are stored one array each (column-major): loaders append
/// to them, statistics read them, and the model's row-major batches are gathered from
/// them. Values are immutable; transforms return new datasets that remember their
/// lineage.
public struct Dataset: Sendable {
    /// A short name for displays ("iris", or the CSV's file name).
    public var name: String
    /// The feature columns, in file order, without the target.
    public var columns: [Column]
    public var target: Target?
    public var rowCount: Int
    /// The shape of one example when the features are an image, as `[channels, rows,
    /// cols]` (`[1, 8, 8]` for digits); nil for plain tabular data. The product of the
    /// shape equals the number of features.
    public var sampleShape: [Int]?
    public var lineage: Lineage
    /// The per-row steps (fills, scaling) applied since loading, in order, with their
    /// statistics: what a model trained on this data keeps, so new data goes through
    /// the same (`Preprocessing`). Row operations keep the list as it is.
    public var preprocessing: [AppliedStep]

    public init(
        name: String, columns: [Column], target: Target?, rowCount: Int,
        sampleShape: [Int]? = nil, lineage: Lineage, preprocessing: [AppliedStep] = []
    ) {
        self.name = name
        self.columns = columns
        self.target = target
        self.rowCount = rowCount
        self.sampleShape = sampleShape
        self.lineage = lineage
        self.preprocessing = preprocessing
    }
}

/// One feature column as loaded.
public struct Column: Sendable, Equatable {
    public var name: String
    public var values: ColumnValues

    public init(name: String, values: ColumnValues) {
        self.name = name
        self.values = values
    }
}

public enum ColumnValues: Sendable, Equatable {
    /// Numbers; a missing cell is NaN.
    case numeric([Float])
    /// Text as codes into `categories` (sorted); a missing cell is -1. The categories
    /// are part of the schema, so the same one-hot encoding applies to every split and
    /// to later predictions.
    case categorical(codes: [Int32], categories: [String])
    /// Free text, one string a row (an SMS, a review): too varied to be categories, so
    /// a model reads it only through `vectorize`. An empty cell is the empty string
    /// (an empty message is a message, not a missing one).
    case text([String])
    /// Numbers that are 0 in most rows (a bag of words from `vectorize`: one column per
    /// vocabulary entry), kept as the nonzero cells. Everywhere it reads as a numeric
    /// column (cells, statistics, features); only its storage and content-id bytes differ.
    case sparse(SparseValues)

    /// The code of a missing cell.
    public static let missingCode: Int32 = -1
    /// The code, in data prepared for a model (`prepared(for:)`), of a category the
    /// model never saw: one-hot encoded as none of the known ones, and not missing.
    public static let unseenCode: Int32 = -2
}

/// What a model learns to predict.
public enum Target: Sendable, Equatable {
    /// Class indices into `classes` (sorted names).
    case classification(name: String, labels: [Int32], classes: [String])
    case regression(name: String, values: [Float])
}

/// Where a dataset came from: the files read (with their content hashes) for a loaded
/// dataset, or the operation and the parent datasets' content ids for a derived one.
public struct Lineage: Sendable, Equatable {
    public struct SourceFile: Sendable, Equatable {
        public var path: String
        /// SHA-256 of the file's bytes, lowercase hex.
        public var sha256: String
        public var size: Int
        public init(path: String, sha256: String, size: Int) {
            self.path = path
            self.sha256 = sha256
            self.size = size
        }
    }

    /// The files read: for a loaded dataset the ones its loader read, for a derived one
    /// the files its ancestors were loaded from (so every recorded version names the
    /// exact source bytes behind it, however many transforms away).
    public var sources: [SourceFile]
    /// The operation that produced this dataset: "load_csv", "split", "standardize", ...
    public var operation: String
    /// Parameters of the operation, as text: `["fractions": "0.7,0.15,0.15", "seed": "7"]`.
    public var parameters: [String: String]
    /// Content ids of the datasets this one was derived from.
    public var parents: [String]

    public init(
        sources: [SourceFile] = [], operation: String, parameters: [String: String] = [:],
        parents: [String] = []
    ) {
        self.sources = sources
        self.operation = operation
        self.parameters = parameters
        self.parents = parents
    }

    /// The source files of `datasets`, each once, in order of first appearance.
    static func mergedSources(_ datasets: [Dataset]) -> [SourceFile] {
        var merged: [SourceFile] = []
        // A set of what is in, not `merged.contains`: an image folder brings thousands.
        var seen = Set<String>()
        for source in datasets.flatMap(\.lineage.sources)
        where seen.insert(source.path + "\u{0}" + source.sha256 + "\u{0}" + String(source.size)).inserted {
            merged.append(source)
        }
        return merged
    }
}
