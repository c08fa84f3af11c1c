import ArgumentParser
import Experiments
import Foundation
import Store

/// `--store PATH`, shared by every store subcommand.
struct StoreCommandOptions: ParsableArguments {
    @Option(name: .long, help: "The store folder (default: $STRATA_STORE, else .strata/ here).")
    var store: String?

    /// Opens the store, turning a failure into a one-line error and exit status 1.
    func open() throws -> Store {
        try openExperiments().store
    }

    /// Opens the store as the experiments layer reads it (runs typed, models loadable).
    func openExperiments() throws -> ExperimentStore {
        do {
            return try ExperimentStore.open(at: store ?? Store.defaultLocation())
        } catch {
            throw StoreCommandFailure(error.description)
        }
    }
}

/// A store error as the CLI reports it: `strata: <message>` on stderr, exit status 1.
struct StoreCommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

extension StoreCommandFailure {
    /// Runs `body`, turning a `StoreError` into a command failure.
    static func reporting<T>(_ body: () throws(StoreError) -> T) throws -> T {
        do { return try body() } catch { throw StoreCommandFailure(error.description) }
    }
}

/// Writes a line to standard output, flushed at once (scripts and tests read it live).
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Human sizes: `812 B`, `3.4 KiB`, `1.02 GiB`.
func byteCount(_ bytes: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: "%.2f %@", value, units[unit])
}
