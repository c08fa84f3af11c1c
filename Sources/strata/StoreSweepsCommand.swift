import ArgumentParser
import Foundation
import Store

/// `strata sweeps [--json]`: the store's sweeps, newest first.
struct StoreSweepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweeps",
        abstract: "List the store's hyperparameter sweeps: trials done of the target, best value.")

    @OptionGroup var options: StoreCommandOptions

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    func run() throws {
        let store = try options.openSession()
        let sweeps = try StoreCommandFailure.reporting { () throws(StoreError) in try store.sweeps() }
        if json {
            for sweep in sweeps { emit(ParamValue.record(SweepCommandFormatting.json(sweep)).json) }
            return
        }
        guard !sweeps.isEmpty else {
            emit("no sweeps in \(store.location)")
            return
        }
        emit(SweepCommandFormatting.sweepsTable(sweeps).plain())
    }
}

/// `strata sweep NAME [--json]`: a sweep's definition and its trials.
struct StoreSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Show a sweep: its space, method and objective, and a table of its trials.")

    @OptionGroup var options: StoreCommandOptions

    @Argument(help: ArgumentHelp("The sweep's name.", valueName: "name"))
    var name: String

    @Flag(help: "The sweep and every trial (params, state, value, run, intermediate values) as one JSON object.")
    var json = false

    func run() throws {
        try StoreSweepCommand.show(name, store: try options.openSession(), json: json)
    }

    /// Prints the sweep `name` (also `strata show NAME` when no run has that name).
    static func show(_ name: String, store: any SessionStore, json: Bool) throws {
        let (summary, trials) = try StoreCommandFailure.reporting { () throws(StoreError) in
            guard let summary = try store.sweeps().first(where: { $0.name == name }) else { throw .unknownSweep(name) }
            return (summary, try store.trials(sweep: name))
        }
        if json {
            emit(
                ParamValue.record(
                    SweepCommandFormatting.json(summary)
                        + [("trials", .list(trials.map { .record(SweepCommandFormatting.json($0)) }))]
                ).json)
            return
        }
        emit(SweepCommandFormatting.show(summary, trials: trials, store: store))
    }
}
