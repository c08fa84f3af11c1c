import Data
import Experiments
import Foundation
import Learn
import Store

/// LANGUAGE.md "Planning": `baseline`, the number to beat before any model, recorded as
/// a run tagged `baseline` so `runs` and `compare` show it beside models.
enum BaselineBuiltins {
    static var all: [Builtin] { [baseline] }

    /// The tag every baseline run carries.
    static let tag = "baseline"

    static var baseline: Builtin {
        Builtin(
            "baseline",
            parameters: [
                .optional("train"), .labelled("val", default: .nil), .labelled("kind", shown: "\"majority\""),
                .labelled("name", default: .nil), .labelled("metrics", default: .nil),
            ],
            summary:
                "A baseline to beat, recorded as a run tagged baseline: the most frequent class, the mean, or a linear model.",
            details: """
                kind: "majority" (the most frequent class; the default for classes), "mean" (the targets' mean; the default
                for numbers), "linear" (logistic regression for classes, least squares for numbers; deterministic).
                The baseline is a model like any other: evaluate, predict, restore, compare and diagnose take its run, and
                it keeps the training data's preprocessing. Its run's metrics are on train (and val when given).
                baseline(name: "human", metrics: [accuracy: 0.97]) records a baseline measured elsewhere (a published
                result, a business requirement, a human level): a run with those metrics and no model.
                """
        ) { call throws(RuntimeError) in
            if !call.argument("metrics").isNil { return try external(call) }
            guard call.has("train") else {
                throw call.failure(
                    "pass the training data, baseline(train), or metrics: for a baseline "
                        + "measured elsewhere, baseline(name: \"human\", metrics: [accuracy: 0.97])")
            }
            let train = try call.dataset("train")
            let trainData: TrainingData
            do throws(TrainingData.Problem) {
                trainData = try TrainingData(train.dataset)
            } catch {
                throw call.invalid("train", error.message)
            }
            let kind = try kind(call, classes: trainData.schema.task.isClassification)
            let validation = call.argument("val").isNil ? nil : try call.dataset("val")
            var validationData: TrainingData?
            if let validation {
                let prepared = try call.prepared(
                    validation.dataset, argument: "val", for: trainData.schema.preprocessing,
                    trained: call.argumentText("train") ?? "'\(train.dataset.name)'")
                do throws(TrainingData.Problem) {
                    validationData = try TrainingData(prepared)
                } catch {
                    throw call.invalid("val", error.message)
                }
                if let reason = trainData.schema.taskMismatch(validationData!.schema.task) {
                    throw call.invalid("val", reason)
                }
            }
            let name = try call.optionalString("name")
            let targets = trainData.samples.targets
            let loss = Loss.automatic(for: targets)
            let metrics = Metric.automatic(for: targets)
            let model: Sequential
            do throws(TrainingError) {
                model = try BaselineFit.fit(kind, on: trainData.samples)
            } catch {
                throw call.invalid("kind", error.description)
            }
            let params = ParamValue.record([
                ("kind", .string(kind.rawValue)), ("train", .string(train.dataset.name)),
                ("val", validation.map { .string($0.dataset.name) } ?? .null), ("loss", .string(loss.rawValue)),
                ("metrics", .list(metrics.map { .string($0.rawValue) })),
                ("name", name.map(ParamValue.string) ?? .null),
                ("tags", .list([.string(tag)])),
            ])
            let uses =
                [DataUse(train.dataset, contentID: train.contentID, role: "train")]
                + (validation.map { [DataUse($0.dataset, contentID: $0.contentID, role: "val")] } ?? [])
            let plan = FittedPlan(
                model: model, train: trainData.samples, validation: validationData?.samples, loss: loss,
                metrics: metrics, params: params, data: uses,
                preprocessing: trainData.schema.preprocessing, name: name, tags: [tag],
                source: call.cellSource)
            let (orchestrator, _) = orchestrator(call)
            let result: TrainingResult
            do throws(TrainingError) {
                result = try orchestrator.record(plan)
            } catch {
                throw call.invalid("train", error.description)
            }
            if let problem = result.storeProblem {
                call.host.write("baseline: the run was not saved to the store: \(problem)\n", to: .stderr)
            }
            let run = RunValue(
                id: result.runID.rawValue, name: name, params: RunValue.record(of: params), metrics: metrics,
                loss: loss, data: uses.map { ($0.role, $0.contentID) }, tags: [tag], created: Date(),
                model: model, schema: trainData.schema)
            run.epochs = result.history.epochs
            run.status = .finished
            run.outcome = .completed
            run.ended = Date()
            call.trainingRuns.add(run)
            return .native(run)
        }
    }

    /// The kind asked for; without `kind:`, majority for classes and mean for numbers.
    private static func kind(_ call: BuiltinCall, classes: Bool) throws(RuntimeError) -> BaselineFit.Kind {
        guard call.has("kind") else { return classes ? .majority : .mean }
        guard case .string(let text) = call.argument("kind") else {
            throw call.mismatch("kind", expected: "\"majority\", \"mean\" or \"linear\"")
        }
        guard let kind = BaselineFit.Kind(rawValue: text) else {
            throw call.invalid(
                "kind", BuiltinCall.unknown("baseline kind", text, among: BaselineFit.Kind.allCases.map(\.rawValue)))
        }
        if kind == .majority, !classes {
            throw call.invalid("kind", "a \"majority\" baseline needs classes, and the target is numeric; use \"mean\"")
        }
        if kind == .mean, classes {
            throw call.invalid(
                "kind", "a \"mean\" baseline needs a numeric target, and this one holds classes; use \"majority\"")
        }
        return kind
    }

    /// `baseline(name: "human", metrics: [accuracy: 0.97])`.
    private static func external(_ call: BuiltinCall) throws(RuntimeError) -> Value {
        if call.has("train") {
            throw call.invalid(
                "train",
                "a baseline with metrics: was measured elsewhere and takes no data; "
                    + "drop the data, or drop metrics: to fit one")
        }
        guard case .string(let name)? = call.value("name"), !name.isEmpty else {
            throw call.invalid(
                "metrics", "a baseline measured elsewhere needs a name: baseline(name: \"human\", metrics: [...])")
        }
        guard case .record(let given) = call.argument("metrics"), !given.isEmpty else {
            throw call.mismatch("metrics", expected: "a record of metric values such as [accuracy: 0.97]")
        }
        var metrics: [(name: String, value: Double)] = []
        let known = ["loss"] + Metric.allCases.map(\.rawValue)
        for (key, value) in given.fields {
            let base = key.hasPrefix("val_") ? String(key.dropFirst(4)) : key
            guard known.contains(base) else {
                throw call.invalid(
                    "metrics", BuiltinCall.unknown("metric", key, among: known + known.map { "val_" + $0 }))
            }
            guard case .number(let number) = value, number.isFinite else {
                throw call.invalid("metrics", "metric '\(key)' must be a finite number, got \(value.plainText())")
            }
            if let metric = Metric(rawValue: base), metric.isClassification, !(0...1).contains(number) {
                throw call.invalid("metrics", "metric '\(key)' lies between 0 and 1, got \(value.plainText())")
            }
            metrics.append((key, number))
        }
        let params = ParamValue.record([
            ("kind", .string("external")), ("name", .string(name)),
            ("tags", .list([.string(tag)])),
        ])
        let (orchestrator, _) = orchestrator(call)
        let recorded = orchestrator.recordExternal(
            name: name, params: params, metrics: metrics, tags: [tag],
            source: call.cellSource)
        if let problem = recorded.storeProblem {
            call.host.write("baseline: the run was not saved to the store: \(problem)\n", to: .stderr)
        }
        // No model: evaluate and predict say so, as for any run without weights.
        let run = RunValue(
            id: recorded.runID.rawValue, name: name, params: RunValue.record(of: params), metrics: [],
            loss: .crossEntropy, data: [], tags: [tag], created: Date(),
            model: (try? Sequential([.flatten])) ?? (try! Sequential([.flatten])),
            schema: RunValue.unknownSchema)
        run.status = .finished
        run.outcome = .completed
        run.ended = Date()
        run.recordedMetrics = metrics
        call.trainingRuns.add(run)
        return .native(run)
    }

    /// The session's store, or memory when it cannot be used (as `fit` does).
    private static func orchestrator(_ call: BuiltinCall) -> (TrainingOrchestrator, ExperimentStore?) {
        do throws(RuntimeError) {
            let store = try call.experimentStore()
            return (TrainingOrchestrator(writer: store.store), store)
        } catch {
            return (TrainingOrchestrator(writer: MemoryStore(), unavailable: error.message), nil)
        }
    }
}
