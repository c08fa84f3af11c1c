import ArgumentParser

/// The `strata` command: the Jupyter kernel, its installer, and a script runner.
@main
struct Strata: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "A Jupyter kernel and language for the whole deep-learning workflow.",
        version: version,
        subcommands: [KernelCommand.self, InstallCommand.self, RunCommand.self,
                      StoreRunsCommand.self, StoreShowCommand.self, StoreDiffCommand.self,
                      StoreAddCommand.self, StoreCheckoutCommand.self, StoreStatusCommand.self,
                      StoreMaintenanceCommand.self])
}
