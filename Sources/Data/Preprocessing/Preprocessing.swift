import Foundation

/// Everything between a file as loaded and the numbers a model reads, recorded with
/// each run beside its model spec (Docs/StoreFormat.md, "Preprocessing"), as
/// scikit-learn's Pipeline or a Keras `Normalization` layer keep it with the model:
/// the feature columns the model reads, in order, with the categories each categorical
/// column is one-hot encoded by; the per-row steps (fills, scaling) with their
/// statistics; and the target with its classes. `Dataset.prepared(for:)` applies it to
/// new data, matching columns, categories and classes by name.
public struct Preprocessing: Sendable, Equatable, Codable {
    /// The format's name, so a stray JSON file is not taken for one.
    public static let format = "strata-preprocessing"
    public static let currentVersion = 1

    /// One feature column as the model reads it: numeric (`categories` nil), one-hot
    /// over `categories`, in this order, or free text (`text` true; absent otherwise,
    /// so specs without text read and write as before).
    public struct InputColumn: Sendable, Equatable, Codable {
        public var name: String
        public var categories: [String]?
        public var text: Bool?

        public init(name: String, categories: [String]?, text: Bool? = nil) {
            self.name = name
            self.categories = categories
            self.text = text == true ? true : nil
        }

        public var isText: Bool { text == true }
    }

    /// What the model predicts: classes in the order of its outputs, or a number.
    public struct OutputTarget: Sendable, Equatable, Codable {
        public var name: String
        /// Nil for regression.
        public var classes: [String]?

        public init(name: String, classes: [String]?) {
            self.name = name
            self.classes = classes
        }
    }

    public var format: String
    public var version: Int
    public var columns: [InputColumn]
    /// The per-row steps, in the order they were applied.
    public var steps: [PreprocessingStep]
    public var target: OutputTarget?
    /// One sample's shape when the features are an image (`[1, 8, 8]`).
    public var sampleShape: [Int]?

    public init(columns: [InputColumn], steps: [PreprocessingStep], target: OutputTarget?, sampleShape: [Int]?) {
        format = Preprocessing.format
        version = Preprocessing.currentVersion
        self.columns = columns
        self.steps = steps
        self.target = target
        self.sampleShape = sampleShape
    }

    /// The columns raw data must have (as loaded, before any step): the model's, with
    /// the columns each `vectorize` step made replaced by the text column it read.
    public var rawColumns: [InputColumn] { Self.rawColumns(columns, steps: steps) }

    /// `columns` as they were before `steps`: what each `vectorize` made is its text column.
    static func rawColumns(_ columns: [InputColumn], steps: [PreprocessingStep]) -> [InputColumn] {
        var result = columns
        for case .vectorize(let vectorization) in steps.reversed() {
            let made = Set(vectorization.outputNames)
            guard let first = result.firstIndex(where: { made.contains($0.name) }) else { continue }
            result.removeAll { made.contains($0.name) }
            result.insert(InputColumn(name: vectorization.column, categories: nil, text: true), at: first)
        }
        return result
    }

    /// What `dataset` went through, as a model trained on it keeps it.
    public init(of dataset: Dataset) {
        let target: OutputTarget? =
            switch dataset.target {
            case .classification(let name, _, let classes): OutputTarget(name: name, classes: classes)
            case .regression(let name, _): OutputTarget(name: name, classes: nil)
            case nil: nil
            }
        self.init(
            columns: dataset.columns.map(\.inputColumn), steps: dataset.preprocessing.map(\.step),
            target: target, sampleShape: dataset.sampleShape)
    }

    enum CodingKeys: String, CodingKey {
        case format, version, columns, steps, target
        case sampleShape = "sample_shape"
    }

    /// The spec as JSON, keys sorted, so the same preprocessing always gives the same bytes.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Plain structs of numbers and strings; the statistics are finite. Cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// Reads a spec written by `json()`; nil with the reason when it does not read.
    public static func decode(json text: String) -> Result<Preprocessing, PreprocessingDecodingError> {
        do {
            let decoded = try JSONDecoder().decode(Preprocessing.self, from: Data(text.utf8))
            guard decoded.format == Preprocessing.format else {
                return .failure(
                    PreprocessingDecodingError(reason: "not a preprocessing spec (format \"\(decoded.format)\")"))
            }
            guard decoded.version <= Preprocessing.currentVersion else {
                return .failure(
                    PreprocessingDecodingError(
                        reason:
                            "preprocessing spec version \(decoded.version) is newer than this build reads (\(Preprocessing.currentVersion))"
                    ))
            }
            return .success(decoded)
        } catch {
            return .failure(PreprocessingDecodingError(reason: "the preprocessing spec does not read: \(error)"))
        }
    }
}

/// Why a stored preprocessing spec could not be read.
public struct PreprocessingDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

extension Column {
    /// The column as a model's input schema names it.
    var inputColumn: Preprocessing.InputColumn {
        switch values {
        case .numeric, .sparse: Preprocessing.InputColumn(name: name, categories: nil)
        case .categorical(_, let categories): Preprocessing.InputColumn(name: name, categories: categories)
        case .text: Preprocessing.InputColumn(name: name, categories: nil, text: true)
        }
    }
}
