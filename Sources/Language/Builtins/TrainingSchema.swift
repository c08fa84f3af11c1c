import Data
import Learn

/// What a model was trained on, remembered so later calls (`predict`, `evaluate`, a
/// second `fit`) read new data the same way: the feature names after one-hot
/// expansion, one sample's shape, and the task with its class names.
struct TrainingSchema: Equatable {
    enum Task: Equatable {
        /// Class names, sorted, as the dataset's target has them.
        case classification(target: String, classes: [String])
        case regression(target: String)

        var isClassification: Bool {
            if case .classification = self { return true }
            return false
        }

        var targetName: String {
            switch self {
            case .classification(let target, _), .regression(let target): return target
            }
        }

        /// `classification of 'species' (3 classes)`.
        var description: String {
            switch self {
            case .classification(let target, let classes):
                return "classification of '\(target)' (\(classes.count) classes: \(TrainingSchema.list(classes)))"
            case .regression(let target):
                return "regression of '\(target)'"
            }
        }
    }

    var featureNames: [String]
    var sampleShape: [Int]
    var task: Task
    /// The columns, categories, classes and per-row steps (fills, scaling) of the
    /// training data, applied to new data by `predict` and `evaluate`.
    var preprocessing: Preprocessing
    /// The training rows, for the shared-rows warning; nil for runs read from the store.
    var rows: TrainingRows?

    init(
        featureNames: [String], sampleShape: [Int], task: Task, preprocessing: Preprocessing, rows: TrainingRows? = nil
    ) {
        self.featureNames = featureNames
        self.sampleShape = sampleShape
        self.task = task
        self.preprocessing = preprocessing
        self.rows = rows
    }

    /// Why data with `other`'s features cannot go through a model trained on `self`,
    /// or nil when it can. Only features are compared: `predict` needs no target.
    func featureMismatch(_ other: [String], sampleShape shape: [Int]) -> String? {
        if other == featureNames && shape == sampleShape { return nil }
        let missing = featureNames.filter { !other.contains($0) }
        let extra = other.filter { !featureNames.contains($0) }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("it lacks \(TrainingSchema.list(missing))") }
        if !extra.isEmpty { parts.append("it has \(TrainingSchema.list(extra)) the model never saw") }
        if parts.isEmpty {
            if shape != sampleShape {
                parts.append("its samples have shape \(shape), the model's \(sampleShape)")
            } else {
                parts.append("its features are in another order")
            }
        }
        return "the data does not have the features the model was trained on: " + parts.joined(separator: "; ")
    }

    /// Why targets of `other` cannot be scored or trained on by a model trained for `self`.
    func taskMismatch(_ other: Task) -> String? {
        switch (task, other) {
        case (.classification(_, let mine), .classification(_, let theirs)):
            return mine == theirs
                ? nil
                : "the model was trained on classes \(TrainingSchema.list(mine)), the data has \(TrainingSchema.list(theirs))"
        case (.regression, .regression):
            return nil
        default:
            return "the model was trained for \(task.description), the data is \(other.description)"
        }
    }

    /// `'a', 'b', 'c'`, shortened after eight names.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
        return names.count > 8 ? shown + ", ... (\(names.count) in all)" : shown
    }
}
