import ArgumentParser
import Experiments
import Foundation
import JupyterKernel
import JupyterWire
import Language
import Store

/// `strata kernel -f CONNECTION_FILE`: what Jupyter runs to start the kernel.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run the Jupyter kernel (Jupyter starts this through the kernelspec).")

    @Option(name: .customShort("f"), help: "The connection file Jupyter wrote.")
    var connectionFile: String

    /// Set by the `strata-kernel` launcher, which binds the ports before exec'ing this.
    @Option(help: .hidden)
    var listeners: String?

    func run() throws {
        let log: @Sendable (String) -> Void = { line in
            FileHandle.standardError.write(Data("[strata] \(line)\n".utf8))
        }
        let connection: ConnectionInfo
        do {
            connection = try ConnectionInfo.load(path: connectionFile)
        } catch {
            throw ValidationError("connection file: \(error)")
        }
        var handOff: ListenerHandOff?
        if let listeners {
            do throws(ListenerHandOffError) {
                handOff = try ListenerHandOff(parsing: listeners)
            } catch {
                // The descriptors cannot be told apart, so leave them be: every
                // channel binds its port itself, failing clearly if one is held.
                log("--listeners ignored: \(error)")
            }
        }
        let sockets: KernelSockets
        do {
            sockets = try KernelSockets(connection: connection, listeners: handOff, log: log)
        } catch {
            throw ValidationError("cannot open the kernel's sockets: \(error)")
        }
        let workingDirectory = FileManager.default.currentDirectoryPath
        let session = Session(
            environment: SessionEnvironment(
                workingDirectory: workingDirectory,
                openTeamStore: TeamStoreOpening.sessionOpener))
        let history = openHistory(for: session, workingDirectory: workingDirectory, log: log)
        let kernel = Kernel(
            interpreter: LanguageInterpreter(session: session), transport: sockets, history: history,
            session: UUID().uuidString.lowercased(), implementationVersion: Strata.version,
            log: log)
        let interrupts = InterruptSignal { kernel.interrupt() }
        sockets.start { message, channel in kernel.handle(message, from: channel) }
        kernel.start()
        _ = kernel.waitUntilShutdown()
        // Servers a notebook started drain and write their prediction logs before exit.
        kernel.closeInterpreter()
        sockets.close()
        withExtendedLifetime(interrupts) {}
    }

    /// Cell history in the session's store when it is a folder (shared with the session,
    /// so the database is opened once), else in memory.
    private func openHistory(
        for session: Session, workingDirectory: String,
        log: @escaping @Sendable (String) -> Void
    ) -> any HistoryStore {
        let location = Store.defaultLocation(workingDirectory: workingDirectory)
        guard !TeamStoreOpening.isTeamStore(location) else {
            // The team store is opened by the first cell that uses it: a server that is
            // down costs that cell an error, not the kernel its start.
            log("history is kept in memory: the store is a team store")
            return InMemoryHistoryStore()
        }
        do {
            let store = try Store.open(at: location)
            let experiments = try ExperimentStore(store)
            session.useStore(experiments)
            return StoreHistory(store: store, log: log)
        } catch {
            // History is a convenience: a read-only folder must not stop the kernel. The
            // session reports the store's problem itself when a cell needs it.
            log("history is kept in memory only: \(error)")
            return InMemoryHistoryStore()
        }
    }
}

extension KernelSockets: KernelTransport {}
