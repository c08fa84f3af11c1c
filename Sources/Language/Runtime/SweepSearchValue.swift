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

    var report: SweepReport { SweepReport(definition: definition, space: space, rows: rows) }

    /// `sweep digits-mlp: 20 trials (15 finished, 5 pruned), tpe, best 0.9852 (trial 12)`.
    public var summary: String { report.summary }

    public func display() -> MimeBundle { report.table.bundle() }

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
    public func plotFigures() -> [Figure] { [report.progressFigure] }
}
