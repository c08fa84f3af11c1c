import ArgumentParser
import Experiments
import Foundation
import Store
import TextFormat

/// `strata drift RUN`: the drift table `drift(run)` shows in a notebook, from the store's
/// prediction log.
struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Compare the requests a served run answered with its training data, per input column.",
        discussion: """
            Per column: the population stability index (PSI) over the training deciles or categories, a \
            two-sample test (Kolmogorov-Smirnov for numbers, chi-squared for categories) with its p-value, and a \
            flag: drift at PSI >= 0.25 (or p < 0.05 with PSI >= 0.1), watch at PSI >= 0.1 or p < 0.05. The last row \
            compares the predicted labels (or values) with the training targets. Exit status 0 either way.
            """)

    @OptionGroup var options: StoreCommandOptions

    @Argument(help: ArgumentHelp("The run (an id, a unique id prefix or a name).", valueName: "run"))
    var reference: String

    @Option(help: "Only the requests served under this model name (default: all that the run answered).")
    var model: String?

    @Option(help: "Only requests at or after this time (ISO 8601: 2026-12-05 or 2026-12-05T10:00:00Z).")
    var since: String?

    @Flag(help: "One JSON object per column instead of a table.")
    var json = false

    func run() throws {
        let experiments = try options.openExperiments()
        let run = try StoreCommandFailure.reporting { () throws(StoreError) in try experiments.run(reference) }
        var start: Date?
        if let since {
            guard let date = DateText.parse(since) else {
                throw StoreCommandFailure(
                    "--since: '\(since)' is not a date such as 2026-12-05 or 2026-12-05T10:00:00Z")
            }
            start = date
        }
        let served = try StoreCommandFailure.reporting { () throws(StoreError) in
            try DriftCheck.loggedRows(of: run, in: experiments.store, model: model, since: start)
        }
        guard served.rowCount > 0 else {
            throw StoreCommandFailure(
                "run \(run.id) has answered no logged request"
                    + (model.map { " as '\($0)'" } ?? "") + (since.map { " since \($0)" } ?? "")
                    + "; serve it with `strata serve \(run.name ?? run.id.rawValue)`")
        }
        let report: DriftReport
        do throws(DriftReport.Problem) {
            report = try DriftCheck.report(run: run, objects: experiments.store, served: served)
        } catch {
            throw StoreCommandFailure(error.description)
        }
        if json {
            for row in report.rows {
                emit(
                    ParamValue.record([
                        ("column", .string(row.column)), ("kind", .string(row.kind)),
                        ("train", .string(row.trainSummary)),
                        ("served", .string(row.servedSummary)), ("train_rows", .number(Double(row.trainRows))),
                        ("served_rows", .number(Double(row.servedRows))), ("psi", DriftCommand.number(row.psi)),
                        ("test", .string(row.test)), ("statistic", DriftCommand.number(row.statistic)),
                        ("p_value", DriftCommand.number(row.pValue)), ("unseen", .number(Double(row.unseen))),
                        ("flag", .string(row.flag.rawValue)),
                    ]).json)
            }
            return
        }
        let table = report.table
        emit(table.plain())
    }

    static func number(_ value: Double) -> ParamValue { value.isFinite ? .number(value) : .null }
}
