import Data
import Experiments
import Foundation
import Learn
import Store
import Tensor

/// A run's model as the server answers with it, loaded from the store alone: the model
/// spec with its weights, the loss (which says what `predict` turns the outputs into),
/// and the preprocessing (the columns a request carries, their categories, fills and
/// scaling, the classes). Requests are encoded with Data's own `prepared(for:)` and
/// feature layout, the code `predict` uses in a notebook, so both answer alike.
public final class ServedModel: Sendable {
    /// What the model predicts.
    public enum Task: Sendable, Equatable {
        case classification(classes: [String])
        /// `width` values per row.
        case regression(target: String, width: Int)
    }

    /// The name it is served under (`/v2/models/NAME`).
    public let name: String
    public let run: RunID
    public let preprocessing: Preprocessing
    public let task: Task
    /// One sample's shape as the model reads it (`[4]`, `[1, 8, 8]`).
    public let sampleShape: [Int]
    let model: Sequential
    let loss: Loss

    /// Loads `run` (its spec, weights and preprocessing) to serve as `name`.
    /// - Throws: `ServeError` when the run has no usable model or no preprocessing.
    public init(name: String, run: ExperimentRun, objects: any ObjectStorage) throws(ServeError) {
        let model: Sequential
        do throws(RestoreError) {
            model = try run.model(from: objects)
        } catch {
            throw .restore(run: run.id.rawValue, error)
        }
        guard let preprocessing = run.preprocessing, !preprocessing.columns.isEmpty else {
            throw .noPreprocessing(
                run: run.id.rawValue,
                reason: run.preprocessingProblem
                    ?? "it was recorded before Strata kept the columns a model reads; train it again to serve it")
        }
        guard let sampleShape = model.sampleShape else {
            throw .restore(run: run.id.rawValue, .noModel("run \(run.id) has a model that was never built"))
        }
        let width = model.outputShape.map { Tensor.elementCount(of: $0) } ?? 1
        self.name = name
        self.run = run.id
        self.model = model
        self.preprocessing = preprocessing
        self.sampleShape = sampleShape
        if let classes = preprocessing.target?.classes {
            task = .classification(classes: classes)
        } else {
            task = .regression(target: preprocessing.target?.name ?? "prediction", width: width)
        }
        loss = run.fit?.loss ?? (preprocessing.target?.classes != nil ? .crossEntropy : .mse)
    }

    /// Whether `name` can be a model's name: it sits in URL paths as it is (ASCII
    /// letters, digits, `-`, `_`, `.`).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    /// The columns a request carries, in the model's order: as loaded, so a text column
    /// the model reads through `vectorize` is sent as raw strings.
    public var inputColumns: [Preprocessing.InputColumn] { preprocessing.rawColumns }

    /// A request's rows as features: checked against the model's columns, through the
    /// run's preprocessing, one-hot encoded. Categories the model never saw encode as
    /// none of the known ones and are counted.
    /// - Throws: a 400 naming the column: missing, not an input, of the wrong type, or
    ///   with a missing cell the model has no fill for.
    func encode(_ table: InputTable) throws(RequestError) -> EncodedRows {
        let given = Dictionary(table.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let known = Set(inputColumns.map(\.name))
        if let extra = table.columns.first(where: { !known.contains($0.name) }) {
            throw .bad(
                "column '\(extra.name)' is not an input of model '\(name)'; it reads "
                    + inputColumns.map { "'\($0.name)'" }.joined(separator: ", "), field: extra.name)
        }
        guard table.rows > 0 else { throw .bad("the request has no rows", field: nil) }
        var columns: [Column] = []
        columns.reserveCapacity(inputColumns.count)
        for wanted in inputColumns {
            guard let column = given[wanted.name] else {
                throw .bad("the request lacks column '\(wanted.name)', which model '\(name)' reads", field: wanted.name)
            }
            columns.append(try ServedModel.column(column, as: wanted))
        }
        let dataset = Dataset(
            name: name, columns: columns, target: nil, rowCount: table.rows,
            sampleShape: preprocessing.sampleShape, lineage: Lineage(operation: "request"))
        let prepared: (dataset: Dataset, report: PreparationReport)
        do throws(PreparationError) {
            prepared = try dataset.prepared(for: preprocessing)
        } catch {
            throw .bad(error.description)
        }
        for column in prepared.dataset.columns {
            let missing: Int? =
                switch column.values {
                case .numeric(let values): values.firstIndex(where: \.isNaN)
                case .sparse(let sparse): sparse.values.firstIndex(where: \.isNaN).map { Int(sparse.rows[$0]) }
                case .categorical(let codes, _): codes.firstIndex(of: ColumnValues.missingCode)
                case .text: nil
                }
            if let row = missing {
                throw .bad(
                    "column '\(column.name)' is missing in row \(row) and the model has no fill for it "
                        + "(train it on fillna(...) data to accept missing cells)", field: column.name)
            }
        }
        return EncodedRows(
            features: prepared.dataset.featureMatrix().values, rows: table.rows,
            unseen: prepared.report.unseenCategories.map { ($0.column, $0.rows) })
    }

    /// One request column as a dataset column of the kind the model reads.
    private static func column(_ column: InputTable.Column, as wanted: Preprocessing.InputColumn) throws(RequestError)
        -> Column
    {
        if wanted.isText {
            // Free text: a missing cell is the empty message; a number is its text.
            let texts: [String] =
                switch column.cells {
                case .texts(let values): values.map { $0 ?? "" }
                case .numbers(let values): values.map { $0.map(InputTable.text) ?? "" }
                }
            return Column(name: column.name, values: .text(texts))
        }
        if wanted.categories != nil {
            let texts: [String?] =
                switch column.cells {
                case .texts(let values): values
                case .numbers(let values): values.map { $0.map(InputTable.text) }
                }
            let categories = Array(Set(texts.compactMap { $0 })).sorted()
            let code = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, Int32($0)) })
            return Column(
                name: column.name,
                values: .categorical(
                    codes: texts.map { $0.map { code[$0]! } ?? ColumnValues.missingCode }, categories: categories))
        }
        switch column.cells {
        case .numbers(let values):
            return Column(name: column.name, values: .numeric(values.map { $0.map(Float.init) ?? .nan }))
        case .texts(let values):
            var numbers: [Float] = []
            numbers.reserveCapacity(values.count)
            for (row, text) in values.enumerated() {
                guard let text else { numbers.append(.nan); continue }
                guard let number = Double(text.trimmingCharacters(in: .whitespaces)) else {
                    throw .bad(
                        "column '\(column.name)' holds numbers, and row \(row) is \"\(text)\"", field: column.name)
                }
                numbers.append(Float(number))
            }
            return Column(name: column.name, values: .numeric(numbers))
        }
    }

    /// Row-major outputs for `rows` samples of features, as `predict` gives them:
    /// class probabilities for classification, values for regression.
    func predict(_ features: [Float], rows: Int) -> [Float] {
        let input = Tensor(shape: [rows] + sampleShape, values: features)
        // The shapes were checked when the rows were encoded; the model was built for them.
        let outputs = try! model.predict(input, loss: loss, batchSize: Swift.max(rows, 1))
        guard case .classification(let classes) = task, classes.count == 2, outputs.count == rows else {
            return outputs.scalars
        }
        // A single bce output is the probability of the second class.
        return outputs.scalars.flatMap { [1 - $0, $0] }
    }

    /// The number of outputs per row `predict` gives.
    var outputWidth: Int {
        switch task {
        case .classification(let classes): classes.count
        case .regression(_, let width): width
        }
    }
}

/// A request's features, ready for the model.
struct EncodedRows: Sendable {
    var features: [Float]
    var rows: Int
    /// Per column, how many cells held a category the model never saw.
    var unseen: [(column: String, rows: Int)]
}
