import Data
import Foundation
import Learn
import Store

/// A run read back from the store, with the same fields, curves and weights as the
/// `fit` that made it had, so `run(id).history`, `plot(run(id))` and
/// `evaluate(run(id), test)` work in any session.
extension RunValue {
    /// The run `record` describes. `model` holds the stored weights, or is unbuilt
    /// when they could not be read (`restore` then says why).
    convenience init(stored record: RunRecord, model: Sequential, store: (any SessionStore)? = nil) {
        let params = RunValue.value(of: record.params)
        let metrics = record.trainingMetrics
        var schema = RunValue.schema(of: record.data.first { $0.role == "train" }) ?? RunValue.unknownSchema
        // The preprocessing the run kept (schema 5 on); older runs read data as it comes.
        if case .success(let kept)? = record.preprocessing.map(Preprocessing.decode(json:)) {
            schema.preprocessing = kept
        }
        let loss =
            record.params["loss"].flatMap { if case .string(let name) = $0 { Loss(rawValue: name) } else { nil } }
            ?? (schema.task.isClassification ? .crossEntropy : .mse)
        let paramRecord: Record
        if case .record(let fields) = params { paramRecord = fields } else { paramRecord = Record() }
        self.init(
            id: record.id.rawValue, name: record.name, params: paramRecord, metrics: metrics, loss: loss,
            data: record.data.map { ($0.role, $0.contentID) }, tags: record.summary.tags,
            created: record.summary.created, model: model, schema: schema)
        status = Status(rawValue: record.status.rawValue) ?? .failed
        ended = record.summary.ended
        epochs = record.epochRecords(metrics: metrics)
        recordedMetrics = record.metrics.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        outcome = record.summary.outcome
        pid = record.summary.pid
        error = record.summary.error
        orphaned = record.summary.isOrphaned
        sources = RunSource.sources(in: record.data.map(\.lineage), store: store)
    }

    /// A stored param as a language value: objects become records, in their order.
    static func value(of param: ParamValue) -> Value {
        switch param {
        case .number(let number): return .number(number)
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .null: return .nil
        case .list(let items): return .list(items.map(value(of:)))
        case .record(let fields): return .record(Record(fields.map { ($0.0, value(of: $0.1)) }))
        }
    }

    /// A stored params record as the record `run.params` shows.
    static func record(of param: ParamValue) -> Record {
        if case .record(let fields) = value(of: param) { return fields }
        return Record()
    }

    /// The layers as `fit` recorded them, as the language writes them: `dense(3)`.
    static func layerTexts(in params: ParamValue) -> [String] {
        guard case .list(let items) = params["layers"] ?? .null else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    /// What the training data looked like, from the schema the store recorded with it:
    /// feature names after one-hot expansion (`column=category`), the sample shape
    /// (images keep theirs), the task and classes. The same rules as `TrainingData`.
    static func schema(of use: DataUse?) -> TrainingSchema? {
        guard let use, case .list(let columns) = use.schema["columns"] ?? .null else { return nil }
        var names: [String] = []
        var inputs: [Preprocessing.InputColumn] = []
        for column in columns {
            guard case .string(let name) = column["name"] ?? .null else { return nil }
            if case .string("categorical") = column["type"] ?? .null {
                guard case .list(let categories) = column["categories"] ?? .null else { return nil }
                names += categories.map { "\(name)=\($0.description)" }
                inputs.append(.init(name: name, categories: categories.map(\.description)))
            } else {
                names.append(name)
                inputs.append(.init(name: name, categories: nil))
            }
        }
        guard case .record = use.schema["target"] ?? .null, let target = use.schema["target"],
            case .string(let targetName) = target["name"] ?? .null
        else { return nil }
        let task: TrainingSchema.Task
        if case .string("classification") = target["task"] ?? .null {
            guard case .list(let classes) = target["classes"] ?? .null else { return nil }
            task = .classification(target: targetName, classes: classes.map(\.description))
        } else {
            task = .regression(target: targetName)
        }
        var shape = [names.count]
        var imageShape: [Int]?
        if case .list(let extents) = use.schema["sample_shape"] ?? .null {
            let image = extents.compactMap { if case .number(let n) = $0 { Int(n) } else { nil } }
            if image.count == extents.count, image.reduce(1, *) == names.count {
                shape = image
                imageShape = image
            }
        }
        let classes: [String]? = if case .classification(_, let classes) = task { classes } else { nil }
        let preprocessing = Preprocessing(
            columns: inputs, steps: [],
            target: .init(name: targetName, classes: classes), sampleShape: imageShape)
        return TrainingSchema(featureNames: names, sampleShape: shape, task: task, preprocessing: preprocessing)
    }

    /// For a run whose training data the store no longer describes: no data fits it,
    /// so `evaluate` and `predict` say the features differ rather than guess.
    static var unknownSchema: TrainingSchema {
        TrainingSchema(
            featureNames: [], sampleShape: [0], task: .regression(target: "unknown"),
            preprocessing: Preprocessing(columns: [], steps: [], target: nil, sampleShape: nil))
    }
}
