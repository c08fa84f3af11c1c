import Data
import Learn
import Tensor

/// A dataset turned into what the engine trains on: the feature matrix (categorical
/// columns one-hot, images keeping their `[channels, rows, cols]` shape so `conv2d`
/// takes them directly) and the targets as class indices or values.
struct TrainingData {
    /// Why a dataset cannot be used; `TrainBuiltins` words it for the argument.
    enum Problem: Error {
        case noTarget
        case noFeatures
        case empty
        /// Feature columns with missing cells (NaN or no category), with how many each.
        case missingFeatures([(column: String, count: Int)])
        case missingTargets(column: String, count: Int)
        /// Free-text columns, which a model reads only once vectorized.
        case textColumns([String])

        var message: String {
            switch self {
            case .noTarget:
                return "the dataset has no target column; load it with load_csv(path, target: \"column\")"
            case .noFeatures:
                return "the dataset has no feature columns"
            case .empty:
                return "the dataset has no rows"
            case .missingFeatures(let columns):
                let listed = columns.prefix(5).map { "'\($0.column)' (\($0.count))" }.joined(separator: ", ")
                return "the dataset has missing values in \(listed); remove them with dropna(ds) "
                    + "or fill them with fillna(ds, \"mean\") first"
            case .textColumns(let names):
                let listed = names.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
                return "\(listed) \(names.count == 1 ? "is" : "are") free text, which a model reads through "
                    + "vectorize(ds) (token ids or a bag of words); or drop it: drop(ds, ["
                    + names.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ") + "])"
            case .missingTargets(let column, let count):
                return "the target '\(column)' is missing in \(count) row\(count == 1 ? "" : "s"); "
                    + "remove them with dropna(ds) first"
            }
        }
    }

    let samples: Samples
    let schema: TrainingSchema

    /// Features and targets of `dataset`, for `fit` and `evaluate`.
    init(_ dataset: Dataset) throws(Problem) {
        guard let target = dataset.target else { throw .noTarget }
        let features = try TrainingData.features(of: dataset)
        let targets: Targets
        let task: TrainingSchema.Task
        switch target {
        case .classification(let name, let labels, let classes):
            let missing = labels.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
            guard missing == 0 else { throw .missingTargets(column: name, count: missing) }
            targets = .classes(labels, count: classes.count)
            task = .classification(target: name, classes: classes)
        case .regression(let name, let values):
            let missing = values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
            guard missing == 0 else { throw .missingTargets(column: name, count: missing) }
            targets = .values(Tensor(shape: [values.count, 1], values: values))
            task = .regression(target: name)
        }
        // The shapes and counts agree by construction, so this cannot fail.
        samples = try! Samples(features: features.tensor, targets: targets)
        schema = TrainingSchema(
            featureNames: features.names, sampleShape: features.sampleShape, task: task,
            preprocessing: Preprocessing(of: dataset), rows: TrainingRows(features.tensor))
    }

    /// The features alone (for `predict`): a tensor [rows] + sample shape and the names.
    static func features(of dataset: Dataset) throws(Problem) -> (tensor: Tensor, names: [String], sampleShape: [Int]) {
        guard !dataset.columns.isEmpty else { throw .noFeatures }
        let text = dataset.columns.filter(\.isText).map(\.name)
        guard text.isEmpty else { throw .textColumns(text) }
        guard dataset.rowCount > 0 else { throw .empty }
        // A missing category would train as an all-zero one-hot row without a word,
        // so it is refused like a missing number.
        var missing: [(column: String, count: Int)] = []
        for column in dataset.columns {
            let count = column.missingCount
            if count > 0 { missing.append((column.name, count)) }
        }
        guard missing.isEmpty else { throw .missingFeatures(missing) }
        // Written straight into the tensor rather than through Data's FeatureMatrix,
        // which would hold one more copy of every value at the peak (60,000 MNIST-size
        // images are 188 MB a copy). Same layout and names as FeatureMatrix:
        // categorical columns one-hot, `column=category`, a missing category all zeros.
        let width = dataset.featureCount
        let rows = dataset.rowCount
        var names: [String] = []
        names.reserveCapacity(width)
        // Images keep their shape; their pixels are the feature columns in order.
        let shape: [Int]
        if let imageShape = dataset.sampleShape, Tensor.elementCount(of: imageShape) == width {
            shape = imageShape
        } else {
            shape = [width]
        }
        var tensor = Tensor(zeros: [rows] + shape)
        tensor.withUnsafeMutableBufferPointer { out in
            var offset = 0
            for column in dataset.columns {
                switch column.values {
                case .numeric(let numbers):
                    names.append(column.name)
                    numbers.withUnsafeBufferPointer { values in
                        for row in 0..<rows { out[row &* width &+ offset] = values[row] }
                    }
                    offset += 1
                case .sparse(let sparse):
                    names.append(column.name)
                    sparse.forEachStored { row, value in out[row &* width &+ offset] = value }
                    offset += 1
                case .categorical(let codes, let categories):
                    names.append(contentsOf: categories.map { column.name + "=" + $0 })
                    for row in 0..<rows where codes[row] >= 0 {
                        out[row &* width &+ offset &+ Int(codes[row])] = 1
                    }
                    offset += categories.count
                case .text:
                    continue  // refused above
                }
            }
        }
        return (tensor, names, shape)
    }
}
