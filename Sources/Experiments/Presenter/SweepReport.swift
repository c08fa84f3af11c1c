import Foundation
import Render
import Store
import TextFormat

/// A sweep as it reads: its trials table, the best trial, the objective per trial,
/// parallel coordinates and parameter importance. A notebook's sweep value and the
/// dashboard's sweep page show the same tables and figures from this one value.
public struct SweepReport: Sendable {
    public let definition: SweepDefinition
    public let space: SearchSpace
    /// Every trial, in number order.
    public let rows: [SweepTrialRow]

    public init(definition: SweepDefinition, space: SearchSpace, rows: [SweepTrialRow]) {
        self.definition = definition
        self.space = space
        self.rows = rows
    }

    /// The report of a recorded sweep; nil when its space does not read (a store written
    /// by a newer release).
    public init?(definition: SweepDefinition, rows: [SweepTrialRow]) {
        guard let space = SweepReport.space(definition.space) else { return nil }
        self.init(definition: definition, space: space, rows: rows)
    }

    /// The space as the store keeps it (its JSON form as a param), read back.
    public static func space(_ param: ParamValue) -> SearchSpace? {
        try? JSONDecoder().decode(SearchSpace.self, from: Data(param.json.utf8))
    }

    public var direction: SweepDirection { definition.goal == .max ? .maximize : .minimize }

    /// The best finished trial, by the sweep's goal.
    public var best: SweepTrialRow? {
        SweepReport.best(rows, goal: definition.goal)
    }

    /// The best finished trial of `rows` for `goal`.
    public static func best(_ rows: [SweepTrialRow], goal: SweepGoal) -> SweepTrialRow? {
        let direction: SweepDirection = goal == .max ? .maximize : .minimize
        return rows.filter { $0.state == .finished && $0.value?.isFinite == true }
            .min { direction.isBetter($0.value!, than: $1.value!) }
    }

    /// What the objective is called: `val_accuracy (max)`, or `value`.
    public var objectiveLabel: String {
        definition.objective.flatMap { Objective(record: $0)?.description } ?? "value"
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

    /// The trials as a table: number, each parameter, value, state, time; the best marked.
    public var table: Table {
        let bestNumber = best?.number
        let names = space.distributions.map(\.name)
        let body: [[String]] = rows.map { row in
            let params = SweepTrialRow.trial(row).params
            let seconds = (row.ended ?? Date()).timeIntervalSince(row.started)
            return ["\(row.number)"] + names.map { params[$0].map(SweepReport.cell) ?? "" }
                + [
                    row.value.map(NumberText.metric) ?? "", row.state.rawValue,
                    DurationText.short(max(0, seconds)), row.number == bestNumber ? "← best" : (row.error ?? ""),
                ]
        }
        return Table(
            columns: ["trial"] + names + [objectiveLabel, "state", "time", ""], rows: body,
            caption: "sweep \(definition.name): \(rows.count) of \(definition.trials) trials, \(definition.method)"
                + (definition.pruner.map { ", \($0) pruning" } ?? ""))
    }

    /// A sampled value as a table cell.
    public static func cell(_ value: SweepValue) -> String {
        if case .number(let number) = value { return NumberText.significant(number, digits: 4) }
        if case .string(let text) = value { return text }
        return value.description
    }

    /// The objective per trial (finished and pruned) and the best so far.
    public var progressFigure: Figure {
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
        return Figure(xLabel: "trial", yLabel: objectiveLabel, content: .series(series))
    }

    /// Parallel coordinates: a line per trial over the parameters, coloured by its value.
    public var parallelFigure: Figure {
        let done = rows.filter { ($0.state == .finished || $0.state == .pruned) }
        let trials = done.map(SweepTrialRow.trial)
        let axes: [ParallelAxis] = space.distributions.map { name, distribution in
            switch distribution {
            case .choice(let choices):
                let names = choices.map(SweepReport.cell)
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
        return Figure(
            title: "sweep \(definition.name)",
            content: .parallel(
                ParallelCoordinates(
                    axes: axes, values: done.map { $0.value ?? .nan }, valueLabel: objectiveLabel,
                    higherIsBetter: direction == .maximize)))
    }

    /// Each parameter's share of the objective's variance over the finished trials,
    /// largest first.
    public var importance: [(name: String, share: Double)] {
        let finished = rows.filter { $0.state == .finished && $0.value?.isFinite == true }
        let trials = finished.map(SweepTrialRow.trial)
        let columns: [(name: String, column: ParameterImportance.Column)] = space.distributions.map {
            name, distribution in
            switch distribution {
            case .choice:
                return (name, .categories(trials.map { $0.params[name].map(SweepReport.cell) ?? "" }))
            case .logUniform:
                return (name, .numbers(trials.map { $0.params[name]?.number ?? .nan }, log: true))
            case .integer(_, _, let log, _):
                return (name, .numbers(trials.map { $0.params[name]?.number ?? .nan }, log: log))
            case .uniform:
                return (name, .numbers(trials.map { $0.params[name]?.number ?? .nan }, log: false))
            }
        }
        return ParameterImportance.shares(columns, values: finished.map { $0.value! }).sorted { $0.share > $1.share }
    }

    /// The importance as the bar chart `importance(sweep)` draws.
    public var importanceFigure: Figure {
        let shares = importance
        return Figure(
            title: "parameter importance", yLabel: "share of variance",
            content: .bars(BarChart(labels: shares.map(\.name), values: shares.map(\.share))),
            note: ParameterImportance.method)
    }
}
