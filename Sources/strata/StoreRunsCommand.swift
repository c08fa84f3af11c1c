import ArgumentParser
import Experiments
import Foundation
import Store

/// `strata runs [--sort FIELD] [--limit N] [--tag T] [--status S] [--sweep NAME] [--json]`:
/// the runs in the store, filtered as `runs(tag:, status:, sweep:)` filters them.
struct StoreRunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List the runs in the store, newest first.")

    @OptionGroup var options: StoreCommandOptions

    @Option(
        help:
            "A field (created, ended, name, status, id) or metric name; a leading - sorts descending (write --sort=-accuracy)."
    )
    var sort = "-created"

    @Option(help: "At most this many runs (0: all).")
    var limit = 20

    @Option(help: "Only runs with this tag.")
    var tag: String?

    @Option(help: "Only runs with this status: running, finished, interrupted, failed or pruned.")
    var status: String?

    @Option(help: "Only the runs of this sweep's trials (and runs tagged sweep:NAME).")
    var sweep: String?

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    func validate() throws {
        if let status, RunStatus(rawValue: status) == nil {
            let known = RunStatus.allCases.map(\.rawValue)
            throw ValidationError("unknown status '\(status)'; expected one of " + known.joined(separator: ", "))
        }
    }

    func run() throws {
        let store = try options.openSession()
        let filter = RunFilter(tag: tag, status: status.flatMap(RunStatus.init(rawValue:)), sweep: sweep)
        let runs = try StoreCommandFailure.reporting { () throws(StoreError) in
            try store.runs(sort: sort, limit: limit == 0 ? nil : limit, filter: filter)
        }
        if json {
            for run in runs { emit(ParamValue.record(StoreCommandFormatting.json(run)).json) }
            return
        }
        guard !runs.isEmpty else {
            if let sweep, (try? store.sweep(named: sweep)) == nil {
                emit("no sweep named '\(sweep)' in \(store.location) (`strata sweeps` lists them)")
            } else {
                emit(filter.isEmpty ? "no runs in \(store.location)" : "no runs in \(store.location) match")
            }
            return
        }
        let total = (try? store.runCount(filter: filter)) ?? runs.count
        emit(StoreCommandFormatting.runsTable(runs, total: total, sort: sort, store: store).plain())
    }
}

/// `strata show RUN [--json]`: everything recorded about one run.
struct StoreShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a run (status, params, metrics, data, history and source), or a sweep by its name.")

    @OptionGroup var options: StoreCommandOptions

    @Argument(help: ArgumentHelp("A run id, unique id prefix, or name.", valueName: "run"))
    var reference: String

    @Flag(help: "The typed run as JSON: params, model spec, data lineage, history, outcome (Docs/StoreFormat.md).")
    var json = false

    func run() throws {
        let experiments = try options.openExperiments()
        let store = experiments.store
        // A name no run has may be a sweep's: show the sweep then.
        if case .failure(.unknownRun) = Result(catching: { () throws(StoreError) in try experiments.run(reference) }),
            (try? store.sweep(named: reference)) != nil
        {
            try StoreSweepCommand.show(reference, store: store, json: json)
            return
        }
        let run = try StoreCommandFailure.reporting { () throws(StoreError) in try experiments.run(reference) }
        let lookup = try? TrackedFileLookup(store: store)
        emit(
            json
                ? run.json.json
                : StoreCommandFormatting.show(run.record) { path, sha256 in
                    (try? lookup?.version(holding: path, sha256: sha256)) ?? nil
                })
    }
}

/// `strata diff RUN RUN`: params and metrics side by side.
struct StoreDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Compare two runs' params, metrics and data side by side; ≠ marks what differs.")

    @OptionGroup var options: StoreCommandOptions

    @Argument(help: "The first run (id, prefix or name).")
    var first: String

    @Argument(help: "The second run.")
    var second: String

    func run() throws {
        let store = try options.openSession()
        let (left, right) = try StoreCommandFailure.reporting { () throws(StoreError) in
            (try store.run(first), try store.run(second))
        }
        emit(RunComparison([RunComparison.Run(left), RunComparison.Run(right)]).table.plain())
    }
}
