import ArgumentParser
import Experiments
import Foundation
import Serve
import Store
import Synchronization

/// `strata ui`: the web dashboard of a store, in the foreground until SIGTERM or SIGINT.
struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "A web dashboard of the store: runs, a run, compare, sweeps, data versions, served models.",
        discussion: """
            Pages are rendered here (plots are the notebooks' SVGs) and work without JavaScript; a small script \
            adds live updates while runs train. Nothing is fetched from outside the machine. The dashboard only \
            reads the store, except tags, which need --token. With --token every request needs it: a login form \
            sets an HttpOnly, SameSite=Strict cookie, or send Authorization: Bearer <token>. The token may also \
            come from STRATA_UI_TOKEN, which keeps it out of the process list. A store that cannot be opened (a \
            team store whose database is down) shows a page saying why, and is tried again on the next request.
            """)

    @OptionGroup var options: StoreCommandOptions

    @Option(help: "The address to listen on; loopback unless told otherwise.")
    var host = "127.0.0.1"

    @Option(help: "The port (0: any free port; the one chosen is printed).")
    var port = 8050

    @Option(help: "Require this token on every request (a login form sets a cookie).")
    var token: String?

    func run() throws {
        let location = options.location
        let open: @Sendable () throws(StoreError) -> ExperimentStore = { () throws(StoreError) in
            if TeamStoreOpening.isTeamStore(location) {
                return try ExperimentStore(TeamStoreOpening.openStore(location))
            }
            return try ExperimentStore.open(at: location, creating: false)
        }
        let token = token ?? ProcessInfo.processInfo.environment["STRATA_UI_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let server: DashboardServer
        do throws(ServeError) {
            server = try DashboardServer(options: DashboardOptions(host: host, port: port, token: token), open: open)
        } catch {
            throw StoreCommandFailure(error.description)
        }
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        let host = self.host
        Task {
            do throws(ServeError) {
                try await server.run(
                    signals: true, onListening: { port in emit("listening on http://\(host):\(port)") })
            } catch {
                outcome.failure.withLock { $0 = error.description }
            }
            done.signal()
        }
        done.wait()
        if let failure = outcome.failure.withLock({ $0 }) { throw StoreCommandFailure(failure) }
    }
}
