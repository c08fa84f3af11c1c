import Experiments
import Foundation
import Learn
import Render
import Store
import TextFormat

/// One `fit` as a Strata value (`type(r)` is `"run"`), with LANGUAGE.md's fields:
/// `.id`, `.name`, `.status` (`"running"`, `"finished"`, `"interrupted"`, `"failed"`),
/// `.params` (layers, optimizer, every fit label, seed), `.metrics` (the final
/// metrics: loss, accuracy, val_loss, val_accuracy...), `.history` (a list per metric,
/// one value per epoch), `.data` (the content ids of the datasets, by role),
/// `.created`; and `.tags`, `.epochs` (one record per epoch with its time and
/// throughput) and `.sources` (the files behind the data, each with the tracked version
/// holding its bytes).
///
/// It keeps the weights the fit ended with, so `evaluate(run, test)` and
/// `predict(run, ds)` use them even after the model trains further.
public final class RunValue: NativeValue, PlotSource {
    public enum Status: String, Sendable {
        case running, finished, interrupted, failed, pruned
    }

    public let id: String
    public let name: String?
    public internal(set) var status: Status
    /// The fit's settings, as `.params` shows them.
    let params: Record
    /// Finished epochs, in order.
    var epochs: [EpochRecord] = []
    /// The metrics the fit computed each epoch (besides the loss).
    let metrics: [Metric]
    let loss: Loss
    /// How the run ended; nil while it runs.
    var outcome: RunOutcome?
    /// The process that wrote the run, and why it failed (as the store recorded them).
    var pid: Int?
    var error: String?
    /// A `running` run whose process is gone (seen on another host's store).
    var orphaned = false
    /// With early stopping, the epoch whose weights the model kept.
    var bestEpoch: Int? { outcome?.keptEpoch }
    /// Role (`train`, `val`) and content id of each dataset.
    let data: [(role: String, contentID: String)]
    let tags: [String]
    public let created: Date
    var ended: Date?
    /// The weights when the fit ended.
    var model: Sequential
    let schema: TrainingSchema
    /// How training ended when it did not run every epoch: `interrupted at epoch 3, batch 5 of 7`.
    var stopNote: String? {
        if let outcome { return outcome.note(pid: pid, error: error) }
        return orphaned ? "its process is gone" : nil
    }
    /// The files behind the run's data, with the tracked versions holding them.
    var sources: [RunSource] = []

    init(
        id: String, name: String?, params: Record, metrics: [Metric], loss: Loss,
        data: [(role: String, contentID: String)], tags: [String], created: Date, model: Sequential,
        schema: TrainingSchema
    ) {
        self.id = id
        self.name = name
        self.status = .running
        self.params = params
        self.metrics = metrics
        self.loss = loss
        self.data = data
        self.tags = tags
        self.created = created
        self.model = model
        self.schema = schema
    }

    public var typeName: String { "run" }

    public var memberNames: [String] {
        ["id", "name", "status", "params", "metrics", "history", "data", "created", "tags", "epochs", "sources"]
    }

    public func member(named name: String) -> Value? {
        switch name {
        case "id": return .string(id)
        case "name": return self.name.map(Value.string) ?? .nil
        case "status": return .string(status.rawValue)
        case "params": return .record(params)
        case "metrics": return .record(Record(finalMetrics.map { ($0.name, .number($0.value)) }))
        case "history": return .record(Record(history.map { ($0.name, .list($0.values.map(Value.number))) }))
        case "data": return .record(Record(data.map { ($0.role, .string($0.contentID)) }))
        case "created": return .string(DateText.iso8601(created))
        case "tags": return .list(tags.map(Value.string))
        case "epochs": return .list(epochs.map { .record(RunValue.epochRecord($0, metrics: metrics)) })
        case "sources": return .list(sources.map(\.value))
        default: return nil
        }
    }

    /// The metrics of the epoch whose weights the model ended with (the best one
    /// under early stopping, else the last), named as in `.history`.
    var finalMetrics: [(name: String, value: Double)] {
        epochs.finalEpoch(kept: bestEpoch)?.namedValues(metrics: metrics) ?? recordedMetrics
    }

    /// Final metrics recorded without epochs: a baseline measured elsewhere
    /// (`baseline(name:, metrics:)`), in the order given, or as its stored run has them.
    var recordedMetrics: [(name: String, value: Double)] = []

    /// One list per metric over the epochs: loss, accuracy..., val_loss, val_accuracy...
    var history: [(name: String, values: [Double])] {
        guard let first = epochs.first else {
            return [("loss", [])] + metrics.map { ($0.rawValue, []) }
        }
        return first.namedValues(metrics: metrics).indices.map { index in
            let name = first.namedValues(metrics: metrics)[index].name
            return (name, epochs.map { $0.namedValues(metrics: metrics)[index].value })
        }
    }

    static func epochRecord(_ epoch: EpochRecord, metrics: [Metric]) -> Record {
        var record = Record([("epoch", .number(Double(epoch.epoch)))])
        for (name, value) in epoch.namedValues(metrics: metrics) { record[name] = .number(value) }
        record["seconds"] = .number(epoch.seconds)
        // nil until the figure means something (`Throughput`), and for a stored run.
        record["samples_per_s"] = epoch.throughput?.samplesPerSecond.map { Value.number($0.rounded()) } ?? Value.nil
        return record
    }

    // MARK: PlotSource

    public func plotFigures() -> [Figure] {
        LearningCurves.runFigures(epochs, metrics: metrics)
    }

    public var plotTitle: String? { "run " + (name.map { "\"\($0)\" " } ?? "") + id }
}
