import Experiments
import Foundation
import Render
import Store
import TextFormat

/// A sweep as a Strata value (`type(s)` is `"sweep"`): `.name`, `.best` (the best
/// trial's run), `.trials` (a record per trial: `number`, `params`, `value`, `state`,
/// `run`, `time`), `.space`. It shows the trials as a table, and `plot(s)` draws the
/// objective per trial with the best so far.
public final class SweepSearchValue: NativeValue, PlotSource {
    let definition: SweepDefinition
    let space: SearchSpace
    let rows: [SweepTrialRow]
    /// The best trial's run, as the session or the store has it.
    let bestRun: RunValue?

    init(definition: SweepDefinition, space: SearchSpace, rows: [SweepTrialRow], bestRun: RunValue?) {
        self.definition = definition
        self.space = space
        self.rows = rows
        self.bestRun = bestRun
    }

    public var typeName: String { "sweep" }

    public var memberNames: [String] { ["name", "best", "trials", "space", "method", "objective"] }

    public func member(named name: String) -> Value? {
        switch name {
        case "name": return .string(definition.name)
        case "best": return bestRun.map { .native($0) } ?? .nil
        case "trials": return .list(rows.map { .record(SweepSearchValue.record(of: $0, space: space)) })
        case "space":
            return .record(
                Record(
                    space.distributions.map { ($0.name, .string(SweepSearchValue.text($0.distribution))) }
                        + space.fixed.map { ($0.name, $0.value.value) }))
        case "method": return .string(definition.method)
        case "objective": return definition.objective.map { .string($0.json) } ?? .nil
        default: return nil
        }
    }

    public var length: Int? { rows.count }

    public func elements() -> [Value]? {
        member(named: "trials").flatMap { if case .list(let items) = $0 { items } else { nil } }
    }

    var direction: SweepDirection { definition.goal == .max ? .maximize : .minimize }

    /// The best finished trial, by the sweep's goal.
    var best: SweepTrialRow? {
        rows.filter { $0.state == .finished && $0.value?.isFinite == true }
            .min { direction.isBetter($0.value!, than: $1.value!) }
    }

    /// `sweep digits-mlp: 20 trials (15 finished, 5 pruned), tpe, best 0.9852 (trial 12)`.
    public var summary: String {
        let counts = TrialState.allCases.compactMap { state -> String? in
            let n = rows.filter { $0.state.rawValue == state.rawValue }.count
            return n == 0 ? nil : "\(n) \(state.rawValue)"
        }.joined(separator: ", ")
        var text = "sweep \(definition.name): \(rows.count) of \(definition.trials) trials"
        if !counts.isEmpty { text += " (\(counts))" }
        text += ", \(definition.method)"
        if let best, let value = best.value { text += ", best \(NumberText.metric(value)) (trial \(best.number))" }
        return text
    }

    public func display() -> MimeBundle {
        SweepSearchValue.table(definition: definition, space: space, rows: rows).bundle()
    }

    /// The trials as a table: number, each parameter, value, state, time; the best marked.
    static func table(definition: SweepDefinition, space: SearchSpace, rows: [SweepTrialRow]) -> Table {
        let direction: SweepDirection = definition.goal == .max ? .maximize : .minimize
        let bestNumber = rows.filter { $0.state == .finished && $0.value?.isFinite == true }
            .min { direction.isBetter($0.value!, than: $1.value!) }?.number
        let names = space.distributions.map(\.name)
        let body: [[String]] = rows.map { row in
            let params = SweepTrialRow.trial(row).params
            let seconds = (row.ended ?? Date()).timeIntervalSince(row.started)
            return ["\(row.number)"] + names.map { params[$0].map(cell) ?? "" }
                + [
                    row.value.map(NumberText.metric) ?? "", row.state.rawValue,
                    DurationText.short(max(0, seconds)), row.number == bestNumber ? "← best" : (row.error ?? ""),
                ]
        }
        let objective = definition.objective.flatMap { Objective(record: $0)?.description } ?? "value"
        return Table(
            columns: ["trial"] + names + [objective, "state", "time", ""], rows: body,
            caption: "sweep \(definition.name): \(rows.count) of \(definition.trials) trials, \(definition.method)"
                + (definition.pruner.map { ", \($0) pruning" } ?? ""))
    }

    static func cell(_ value: SweepValue) -> String {
        if case .number(let number) = value { return NumberText.significant(number, digits: 4) }
        if case .string(let text) = value { return text }
        return value.description
    }

    /// `loguniform(0.0001, 0.1)`.
    static func text(_ distribution: SweepDistribution) -> String {
        switch distribution {
        case .uniform(let lo, let hi, let step):
            return "uniform(\(NumberText.shortest(lo)), \(NumberText.shortest(hi))"
                + (step.map { ", step: \(NumberText.shortest($0))" } ?? "") + ")"
        case .logUniform(let lo, let hi):
            return "loguniform(\(NumberText.shortest(lo)), \(NumberText.shortest(hi)))"
        case .integer(let lo, let hi, let log, let step):
            return "integer(\(lo), \(hi)" + (log ? ", log: true" : "") + (step != 1 ? ", step: \(step)" : "") + ")"
        case .choice(let values):
            return "choice([" + values.map(\.description).joined(separator: ", ") + "])"
        }
    }

    static func record(of row: SweepTrialRow, space: SearchSpace) -> Record {
        let params = SweepTrialRow.trial(row).params
        let ordered = space.ordered(params)
        let seconds = (row.ended ?? Date()).timeIntervalSince(row.started)
        return Record([
            ("number", .number(Double(row.number))),
            ("params", .record(Record(ordered.map { ($0.name, $0.value.value) }))),
            ("value", row.value.map(Value.number) ?? .nil), ("state", .string(row.state.rawValue)),
            ("run", row.run.map { .string($0.rawValue) } ?? .nil), ("time", .number(max(0, seconds))),
            ("error", row.error.map(Value.string) ?? .nil),
        ])
    }

    // MARK: Plots

    public var plotTitle: String? { "sweep \(definition.name)" }

    /// The objective per trial (finished and pruned) and the best so far.
    public func plotFigures() -> [Figure] {
        let done = rows.filter { ($0.state == .finished || $0.state == .pruned) && $0.value?.isFinite == true }
        var best: [Double] = []
        for row in done {
            let value = row.value!
            if row.state == .finished, best.last.map({ !direction.isBetter($0, than: value) }) ?? true {
                best.append(value)
            } else {
                best.append(best.last ?? .nan)
            }
        }
        let label = definition.objective.flatMap { Objective(record: $0)?.description } ?? "value"
        let finished = done.filter { $0.state == .finished }, pruned = done.filter { $0.state == .pruned }
        var series: [Series] = [
            .scatter(
                ScatterSeries(
                    label: "finished", x: finished.map { Double($0.number) },
                    y: finished.map { $0.value! }))
        ]
        if !pruned.isEmpty {
            series.append(
                .scatter(
                    ScatterSeries(
                        label: "pruned (last value)", x: pruned.map { Double($0.number) },
                        y: pruned.map { $0.value! })))
        }
        series.append(.line(LineSeries(label: "best so far", x: done.map { Double($0.number) }, y: best)))
        return [Figure(xLabel: "trial", yLabel: label, content: .series(series))]
    }

    /// Parallel coordinates: a line per trial over the parameters, coloured by its value.
    func parallelFigure() -> Figure {
        let done = rows.filter { ($0.state == .finished || $0.state == .pruned) }
        let trials = done.map(SweepTrialRow.trial)
        let axes: [ParallelAxis] = space.distributions.map { name, distribution in
            switch distribution {
            case .choice(let choices):
                let names = choices.map(SweepSearchValue.cell)
                return ParallelAxis(
                    name: name, codes: trials.map { t in t.params[name].flatMap { choices.firstIndex(of: $0) } ?? -1 },
                    categories: names)
            case .logUniform:
                return ParallelAxis(name: name, numbers: trials.map { $0.params[name]?.number ?? .nan }, scale: .log)
            case .integer(_, _, let log, _):
                return ParallelAxis(
                    name: name, numbers: trials.map { $0.params[name]?.number ?? .nan }, scale: log ? .log : .linear)
            case .uniform:
                return ParallelAxis(name: name, numbers: trials.map { $0.params[name]?.number ?? .nan })
            }
        }
        let label = definition.objective.flatMap { Objective(record: $0)?.description } ?? "value"
        return Figure(
            title: "sweep \(definition.name)",
            content: .parallel(
                ParallelCoordinates(
                    axes: axes, values: done.map { $0.value ?? .nan }, valueLabel: label,
                    higherIsBetter: direction == .maximize)))
    }

    /// Each parameter's share of the objective's variance over the finished trials.
    func importance() -> [(name: String, share: Double)] {
        let finished = rows.filter { $0.state == .finished && $0.value?.isFinite == true }
        let trials = finished.map(SweepTrialRow.trial)
        let columns: [(name: String, column: ParameterImportance.Column)] = space.distributions.map {
            name, distribution in
            switch distribution {
            case .choice:
                return (name, .categories(trials.map { $0.params[name].map(SweepSearchValue.cell) ?? "" }))
            case .logUniform:
                return (name, .numbers(trials.map { $0.params[name]?.number ?? .nan }, log: true))
            case .integer(_, _, let log, _):
                return (name, .numbers(trials.map { $0.params[name]?.number ?? .nan }, log: log))
            case .uniform:
                return (name, .numbers(trials.map { $0.params[name]?.number ?? .nan }, log: false))
            }
        }
        return ParameterImportance.shares(columns, values: finished.map { $0.value! })
    }
}
