import Experiments
import Foundation
import Render
import Store
import TextFormat

/// How sweeps read in a terminal (`strata sweeps`, `strata sweep NAME`) and as JSON.
enum SweepCommandFormatting {
    static func sweepsTable(_ sweeps: [SweepSummary]) -> Table {
        Table(
            columns: ["name", "method", "goal", "trials", "running", "failed", "best", "created"],
            rows: sweeps.map { sweep in
                [
                    sweep.name, sweep.definition.method, sweep.definition.goal.rawValue,
                    "\(sweep.done)/\(sweep.definition.trials)", "\(sweep.running)", "\(sweep.failed)",
                    sweep.best.map(NumberText.metric) ?? "-", DateText.local(sweep.definition.created),
                ]
            })
    }

    /// The definition, then one row per trial: its number, state, value, run, every
    /// sampled param, and how long it took (or why it failed).
    static func show(_ sweep: SweepSummary, trials: [SweepTrialRow], store: any RunReader) -> String {
        let definition = sweep.definition
        var lines = ["sweep \(definition.name)"]
        lines.append("method:   \(definition.method) (seed \(definition.seed))")
        lines.append(
            "goal:     \(definition.goal.rawValue)" + (definition.objective.map { " (objective \($0.json))" } ?? ""))
        lines.append("pruner:   " + (definition.pruner ?? "none"))
        var counts = ["\(sweep.done)/\(definition.trials) done"]
        if sweep.finished > 0 { counts.append("\(sweep.finished) finished") }
        if sweep.pruned > 0 { counts.append("\(sweep.pruned) pruned") }
        if sweep.failed > 0 { counts.append("\(sweep.failed) failed") }
        if sweep.running > 0 { counts.append("\(sweep.running) running") }
        lines.append("trials:   " + counts.joined(separator: ", "))
        if let best = sweep.best, let number = sweep.bestTrial {
            lines.append("best:     \(NumberText.metric(best)) (trial \(number))")
        }
        lines.append("created:  " + DateText.local(definition.created))
        lines.append("")
        lines.append(
            Table(
                columns: ["param", "space"],
                rows: definition.space.flattened().map { [$0.path, $0.value.description] }
            ).plain())
        guard !trials.isEmpty else { return lines.joined(separator: "\n") }
        lines.append("")
        lines.append(trialsTable(trials, store: store).plain())
        return lines.joined(separator: "\n")
    }

    static func trialsTable(_ trials: [SweepTrialRow], store: any RunReader) -> Table {
        var paths: [String] = []
        for trial in trials {
            for (path, _) in trial.params.flattened() where !paths.contains(path) { paths.append(path) }
        }
        let runIDs = trials.compactMap(\.run?.rawValue)
        let idLength =
            runIDs.isEmpty
            ? 0
            : RunPresenter.shortIDLength(runIDs, total: (try? store.runCount()) ?? runIDs.count, store: store)
        let rows = trials.map { trial in
            let params = Dictionary(trial.params.flattened().map { ($0.path, $0.value.description) }) { first, _ in
                first
            }
            let time = trial.state == .failed ? (trial.error ?? "") : RunPresenter.took(trial.started, trial.ended)
            return [
                "\(trial.number)", trial.state.rawValue, trial.value.map(NumberText.metric) ?? "",
                trial.run.map { String($0.rawValue.prefix(idLength)) } ?? "",
            ]
                + paths.map { params[$0] ?? "" } + [time]
        }
        return Table(columns: ["number", "state", "value", "run"] + paths + ["time"], rows: rows)
    }

    static func json(_ sweep: SweepSummary) -> [(String, ParamValue)] {
        let definition = sweep.definition
        return [
            ("name", .string(definition.name)), ("method", .string(definition.method)),
            ("seed", .number(Double(definition.seed))), ("goal", .string(definition.goal.rawValue)),
            ("objective", definition.objective ?? .null), ("pruner", definition.pruner.map(ParamValue.string) ?? .null),
            ("space", definition.space), ("target", .number(Double(definition.trials))),
            ("done", .number(Double(sweep.done))), ("running", .number(Double(sweep.running))),
            ("finished", .number(Double(sweep.finished))), ("pruned", .number(Double(sweep.pruned))),
            ("failed", .number(Double(sweep.failed))), ("best", sweep.best.map(ParamValue.number) ?? .null),
            ("best_trial", sweep.bestTrial.map { .number(Double($0)) } ?? .null),
            ("created", .number(definition.created.timeIntervalSince1970)),
        ]
    }

    static func json(_ trial: SweepTrialRow) -> [(String, ParamValue)] {
        [
            ("number", .number(Double(trial.number))), ("state", .string(trial.state.rawValue)),
            ("value", trial.value.map(ParamValue.number) ?? .null), ("params", trial.params),
            ("run", trial.run.map { .string($0.rawValue) } ?? .null),
            ("error", trial.error.map(ParamValue.string) ?? .null),
            ("process_gone", .bool(trial.processGone)),
            (
                "intermediate",
                .record(trial.intermediate.sorted { $0.key < $1.key }.map { ("\($0.key)", .number($0.value)) })
            ),
            ("host", trial.host.map(ParamValue.string) ?? .null),
            ("pid", trial.pid.map { .number(Double($0)) } ?? .null),
            ("started", .number(trial.started.timeIntervalSince1970)),
            ("ended", trial.ended.map { .number($0.timeIntervalSince1970) } ?? .null),
        ]
    }
}
