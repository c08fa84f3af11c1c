import ArgumentParser
import Foundation
import Tensor

/// The `strata` command: the Jupyter kernel, its installer, and a script runner.
@main
struct Strata: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "A Jupyter kernel and language for the whole deep-learning workflow.",
        version: version,
        subcommands: [
            KernelCommand.self, InstallCommand.self, RunCommand.self,
            StoreRunsCommand.self, StoreShowCommand.self, StoreDiffCommand.self,
            StoreSweepsCommand.self, StoreSweepCommand.self,
            StoreAddCommand.self, StoreCheckoutCommand.self, StoreStatusCommand.self,
            StoreMaintenanceCommand.self, ExportCommand.self, ServeCommand.self,
            DriftCommand.self, UICommand.self, InitCommand.self, LintCommand.self, FmtCommand.self,
        ])

    /// Chooses OpenBLAS's kernels before any other thread starts (the library reads its
    /// environment when it is first used, much later), then runs the command.
    static func main() {
        let choice = OpenBLASCoreChoice.apply()
        if Verbose.isOn {
            Verbose.log(choice.description)
        }
        main(nil)
    }
}
