import ArgumentParser
import Foundation
import Store
import TextFormat

/// `strata store verify|gc|export|import`: looking after a store.
struct StoreMaintenanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Check, clean, push, pull, export and import the versioned store.",
        subcommands: [
            Verify.self, GarbageCollect.self, StorePushCommand.self, StorePullCommand.self, Export.self, Import.self,
            StoreStressCommand.self,
            StoreSweepStressCommand.self,
        ])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every object's hash and every reference; exit status 1 lists the problems.")

        @OptionGroup var options: StoreCommandOptions

        @Option(help: "Objects read at once from a team store's bucket.")
        var jobs = 16

        func run() throws {
            let report: VerifyReport
            if TeamStoreOpening.isTeamStore(options.location) {
                let store = try TeamStoreOpening.open(options.location)
                report = try StoreCommandFailure.reporting { () throws(StoreError) in try store.verify(jobs: jobs) }
            } else {
                let store = try options.openExisting(for: "store verify")
                report = try StoreCommandFailure.reporting { () throws(StoreError) in try store.verify() }
            }
            for problem in report.problems { emit("problem: \(problem)") }
            let summary =
                "\(report.objectsChecked) objects, \(report.referencesChecked) references checked"
                + (report.temporaries > 0 ? ", \(report.temporaries) leftover temporary files (gc removes them)" : "")
            if report.isConsistent {
                emit("ok: " + summary)
            } else {
                emit("\(report.problems.count) problems: " + summary)
                throw ExitCode(1)
            }
        }
    }

    struct GarbageCollect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc", abstract: "Remove objects no run, dataset or tracked version refers to.")

        @OptionGroup var options: StoreCommandOptions

        @Option(
            help: "Keep unreferenced objects younger than this many seconds (another process may be about to use them)."
        )
        var grace: Double = 3600

        func run() throws {
            let report: GarbageReport
            if TeamStoreOpening.isTeamStore(options.location) {
                let store = try TeamStoreOpening.open(options.location)
                report = try StoreCommandFailure.reporting { () throws(StoreError) in
                    try store.collectGarbage(gracePeriod: grace)
                }
            } else {
                let store = try options.openExisting(for: "store gc")
                report = try StoreCommandFailure.reporting { () throws(StoreError) in
                    try store.collectGarbage(gracePeriod: grace)
                }
            }
            var line =
                "removed \(report.removedObjects) objects (\(ByteText.size(report.removedBytes))), kept \(report.keptObjects)"
            if report.recentUnreferenced > 0 {
                line += "; \(report.recentUnreferenced) recent unreferenced kept (--grace)"
            }
            if report.removedTemporaries > 0 { line += "; removed \(report.removedTemporaries) temporary files" }
            emit(line)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write runs with their history, data versions and objects to a portable bundle (a tar file).")

        @OptionGroup var options: StoreCommandOptions

        @Argument(help: "Runs (ids, prefixes or names).")
        var runs: [String]

        @Option(name: .shortAndLong, help: "The bundle file to write.")
        var output: String

        func run() throws {
            let store = try options.openExisting(for: "store export")
            let count = try StoreCommandFailure.reporting { () throws(StoreError) in
                try store.exportBundle(runs: runs, to: output)
            }
            emit("exported \(count) runs to \(output)")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add the runs of a bundle to this store.")

        @OptionGroup var options: StoreCommandOptions

        @Argument(help: "The bundle file.")
        var file: String

        func run() throws {
            let store = try options.openCreating(for: "store import")
            let report = try StoreCommandFailure.reporting { () throws(StoreError) in try store.importBundle(file) }
            emit(
                "imported \(report.importedRuns.count) runs (\(report.newObjects) new objects)"
                    + (report.skippedRuns.isEmpty ? "" : "; \(report.skippedRuns.count) already present"))
        }
    }
}

/// `strata store stress`: writes runs in a loop, printing `finished ID` after each, for
/// the crash and concurrency tests (hidden from help).
struct StoreStressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress", abstract: "Write runs in a loop (for crash and concurrency tests).", shouldDisplay: false
    )

    @OptionGroup var options: StoreCommandOptions

    @Option(help: "How many runs to write.")
    var runs = 100

    @Option(help: "Epochs per run.")
    var epochs = 3

    @Option(help: "Bytes of weights per run.")
    var weightBytes = 4096

    func run() throws {
        let store = try options.openCreating(for: "store stress")
        try StoreCommandFailure.reporting { () throws(StoreError) in
            for index in 0..<runs {
                let id = try store.beginRun(
                    name: "stress-\(getpid())-\(index)",
                    params: .record([("index", .number(Double(index))), ("epochs", .number(Double(epochs)))]),
                    data: [], source: "stress")
                for epoch in 1...max(1, epochs) {
                    try store.appendEpoch(id, epoch: epoch, metrics: ["loss": 1 / Double(epoch)])
                }
                var weights = Data(count: weightBytes)
                weights.withUnsafeMutableBytes { raw in
                    for offset in raw.indices { raw[offset] = UInt8.random(in: 0...255) }
                }
                try store.finishRun(
                    id, outcome: .completed, metrics: ["loss": 1 / Double(epochs)], weights: weights, error: nil)
                emit("finished \(id)")
            }
        }
    }
}
