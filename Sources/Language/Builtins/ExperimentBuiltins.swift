import Experiments
import Foundation
import Learn
import Store

/// The "Experiments" section of LANGUAGE.md over the versioned store: `runs`, `run`,
/// `compare`, `restore`, `tag`. (`fit` records the runs; `datasets` and `track` are
/// `StoreBuiltins`.)
enum ExperimentBuiltins {
    static var all: [Builtin] { [runs, run, compare, restore, tag] }

    static var runs: Builtin {
        Builtin(
            "runs",
            parameters: [
                .labelled("sort", default: .string("-created")), .labelled("limit", default: .number(20)),
                .labelled("tag", default: .nil), .labelled("status", default: .nil),
                .labelled("sweep", default: .nil),
            ],
            summary: "The runs in the store, as a table (newest first); each element is a run: runs()[0].name.",
            details: """
                sort: a field (created, ended, name, status, id) or a final metric name (val_accuracy, loss...); a leading \
                - sorts descending. Runs without the metric come last. Or an objective (objective("val_auc", require: \
                [val_precision: 0.9])): best score first, runs missing a requirement below those meeting all, the score \
                as a column. limit: at most this many runs; nil lists them all.
                tag: only runs with that tag; status: only runs that are "running", "finished", "interrupted" or \
                "failed"; sweep: only runs of that sweep (whose params record `sweep: name`, or tagged "sweep:name").
                The table shows each run's id (as much as names it alone), name, status, start time and key metrics.
                It works as a list: len(runs()), for r in runs() { ... }, \
                filter(runs(), { r in r.metrics.val_accuracy > 0.9 }) (a table of the runs kept).
                """
        ) { call throws(RuntimeError) in
            let limit: Int? = call.argument("limit").isNil ? nil : try call.positiveInteger("limit")
            let filter = try call.runFilter()
            if case .native(let given as ObjectiveValue) = call.argument("sort") {
                return .native(
                    try ObjectiveRunList.list(call, objective: given.objective, limit: limit, filter: filter))
            }
            let sort = try call.string("sort")
            guard !sort.isEmpty, sort != "-" else {
                throw call.invalid(
                    "sort", "'sort' must name a field or metric, such as \"-created\" or \"-val_accuracy\"")
            }
            let experiments: ExperimentStore
            do throws(RuntimeError) {
                experiments = try call.experimentStore()
            } catch {
                return .native(
                    try ExperimentSessionRuns.list(
                        call, sort: sort, limit: limit, filter: filter,
                        problem: error.message))
            }
            let store = experiments.store
            let summaries: [RunSummary]
            let total: Int
            do throws(StoreError) {
                summaries = try store.runs(sort: sort, limit: limit, filter: filter)
                total = try store.runCount(filter: filter)
            } catch .unknownSortField(let field, let known) {
                throw call.invalid("sort", ExperimentBuiltins.unknownSort(field, known: known))
            } catch {
                throw call.failure(error.description)
            }
            let length = RunPresenter.shortIDLength(summaries.map(\.id.rawValue), total: total, store: store)
            return .native(
                ExperimentRunList(
                    rows: summaries.map(RunRow.init), total: total, sort: sort,
                    shortIDLength: length
                ) {
                    // A run removed since the listing (by another process) is left out.
                    summaries.compactMap { try? store.run($0.id.rawValue) }.map {
                        ExperimentWeights.run($0, from: experiments)
                    }
                })
        }
    }

    static var run: Builtin {
        Builtin(
            "run", parameters: [.positional("id")],
            summary: "A run by id, unique id prefix or name (the newest run of that name), read from the store.",
            details: """
                Fields: .id .name .status ("running", "finished", "interrupted", "failed") .params .metrics .history .data \
                .created .tags .epochs .sources (the files behind its data: path, sha256, and the tracked version holding \
                them, or nil). evaluate(run, ds) and predict(run, ds) use its trained weights; plot(run) draws its curves.
                """
        ) { call throws(RuntimeError) in
            let found = try call.runArgument("id")
            // Given a run, read it again: the store has its latest tags and status.
            if case .native = call.argument("id") {
                return .native((try? call.findRun(found.id, at: call.span(of: "id"))) ?? found)
            }
            return .native(found)
        }
    }

    static var compare: Builtin {
        Builtin(
            "compare", parameters: [.variadic("runs")],
            summary: "Runs' params and metrics side by side, ≠ marking what differs, with their curves overlaid.",
            details: """
                Takes runs, their ids or names, or a list of runs: compare(a, b), compare(runs(limit: 3)).
                Fields: .runs, .differences (the names of the rows that differ). plot(compare(...)) draws the curves alone.
                """
        ) { call throws(RuntimeError) in
            var runs: [RunValue] = []
            for (value, span) in zip(call.rest, call.restSpans) {
                try ExperimentBuiltins.collectRuns(value, at: span, into: &runs, call: call, nested: false)
            }
            guard !runs.isEmpty else {
                throw call.failure(
                    "give the runs to compare: compare(a, b), compare(\"name\", \"other\") or compare(runs())")
            }
            return .native(Comparison(runs))
        }
    }

    static var restore: Builtin {
        Builtin(
            "restore", parameters: [.positional("run")],
            summary: "A model with the run's trained weights, read from the store (checked against their hash).",
            details: """
                The model has the run's layers and weights and knows the data it was trained on, so evaluate, predict and \
                fit (to train further) take it at once. A damaged weights object is an error naming the object.
                """
        ) { call throws(RuntimeError) in
            let given = try call.runArgument("run")
            // A run the store does not have (it could not be opened when the run was fitted)
            // still has the weights it ended with in this session.
            let store: ExperimentStore
            do throws(RuntimeError) {
                store = try call.experimentStore()
            } catch {
                return .native(try ExperimentBuiltins.unsavedModel(given, call: call, problem: error.message))
            }
            let run: ExperimentRun
            do throws(StoreError) {
                run = try store.run(given.id)
            } catch {
                return .native(try ExperimentBuiltins.unsavedModel(given, call: call, problem: error.description))
            }
            let model: Sequential
            do throws(RestoreError) {
                model = try store.model(of: run)
            } catch {
                throw call.failure(error.description)
            }
            let stored = RunValue(stored: run.record, model: model)
            let restored = ModelValue(model)
            restored.schema = stored.schema
            restored.loss = stored.loss
            restored.runID = stored.id
            return .native(restored)
        }
    }

    static var tag: Builtin {
        Builtin(
            "tag", parameters: [.positional("run"), .positional("label")],
            summary: "Adds a label (or a list of labels) to a run in the store and returns the run, tags included.",
            details: "Tags show in runs() and in run.tags; tagging twice with one label is harmless."
        ) { call throws(RuntimeError) in
            let given = try call.runArgument("run")
            switch call.argument("label") {
            case .string, .list: break
            default: throw call.mismatch("label", expected: "a string or a list of strings")
            }
            let labels = try call.strings("label")
            guard !labels.isEmpty else {
                throw call.invalid("label", "'label' must be a non-empty string or list of them")
            }
            for label in labels where label.trimmingCharacters(in: .whitespaces).isEmpty {
                throw call.invalid("label", "a tag cannot be empty or only spaces, got \(Value.quote(label))")
            }
            let store = try call.store()
            do throws(StoreError) {
                for label in labels { try store.tag(RunID(rawValue: given.id), label) }
            } catch .unknownRun {
                throw call.invalid(
                    "run", "run \(given.id) is not in the store \(store.location) (it was not saved there)")
            } catch {
                throw call.failure(error.description)
            }
            return .native(try call.findRun(given.id, at: call.span(of: "run")))
        }
    }
}
