import Foundation
import Learn
import Store

extension ExperimentRun {
    /// The typed run as one JSON document (`strata show RUN --json`), field by field as
    /// Docs/StoreFormat.md ("The typed run") lists them: identity and status, the outcome
    /// as fields, params, the model spec, the data with schema and lineage, the history,
    /// final metrics, artifacts and the cell's source. Times are seconds since 1970.
    public var json: ParamValue {
        let summary = record.summary
        func text(_ value: String?) -> ParamValue { value.map(ParamValue.string) ?? .null }
        func number(_ value: Int?) -> ParamValue { value.map { .number(Double($0)) } ?? .null }
        let modelValue: ParamValue = model.map { ParamValue.parse($0.json()) ?? .null } ?? .null
        return .record([
            ("schema_version", .number(Double(ExperimentRun.schemaVersion))),
            ("id", .string(id.rawValue)),
            ("name", text(name)),
            ("status", .string(status.rawValue)),
            ("outcome", outcomeJSON),
            ("error", text(summary.error)),
            ("created", .number(summary.created.timeIntervalSince1970)),
            ("ended", summary.ended.map { .number($0.timeIntervalSince1970) } ?? .null),
            ("tags", .list(summary.tags.map(ParamValue.string))),
            ("host", text(summary.host)),
            ("pid", number(summary.pid)),
            ("params", record.params),
            ("model", modelValue),
            ("model_problem", model == nil ? text(modelProblem) : .null),
            ("preprocessing", preprocessing.map { ParamValue.parse($0.json()) ?? .null } ?? .null),
            (
                "data",
                .list(
                    record.data.map { use in
                        .record([
                            ("role", .string(use.role)), ("name", .string(use.name)),
                            ("content_id", .string(use.contentID)),
                            ("schema", use.schema), ("lineage", use.lineage), ("object", text(use.object?.hex)),
                        ])
                    })
            ),
            (
                "history",
                .list(
                    record.history.map { epoch in
                        .record([
                            ("epoch", .number(Double(epoch.epoch))),
                            ("time", .number(epoch.time.timeIntervalSince1970)),
                            ("metrics", .metrics(epoch.metrics)),
                        ])
                    })
            ),
            ("metrics", .metrics(record.metrics)),
            ("weights", text(record.weights?.hex)),
            (
                "artifacts",
                .list(
                    record.artifacts.map { artifact in
                        .record([
                            ("name", .string(artifact.name)), ("object", .string(artifact.object.hex)),
                            ("media_type", .string(artifact.mediaType)),
                        ])
                    })
            ),
            ("source", .string(record.source)),
        ])
    }

    /// `{"kind": "stopped_early", "stopped_epoch": 12, "kept_epoch": 9}` and the like;
    /// null while the run runs.
    private var outcomeJSON: ParamValue {
        guard let outcome else { return .null }
        let kind: ParamValue = .string(outcome.columnName)
        switch outcome {
        case .completed, .failed:
            return .record([("kind", kind)])
        case .stoppedEarly(let stopped, let kept):
            return .record([
                ("kind", kind), ("stopped_epoch", .number(Double(stopped))), ("kept_epoch", .number(Double(kept))),
            ])
        case .interrupted(let epoch, let batch, let batches):
            return .record([
                ("kind", kind), ("epoch", .number(Double(epoch))), ("batch", .number(Double(batch))),
                ("batches", .number(Double(batches))),
            ])
        case .processGone(let last):
            return .record([("kind", kind), ("last_epoch", last.map { .number(Double($0)) } ?? .null)])
        case .pruned(let epoch):
            return .record([("kind", kind), ("epoch", .number(Double(epoch)))])
        }
    }
}
