import ArgumentParser
import Experiments
import Foundation
import Serve
import Store
import Synchronization

/// `strata serve RUN[=NAME]...`: the inference server for runs of the store, in the
/// foreground until SIGTERM or SIGINT (then it drains and exits 0).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve runs' models over HTTP: Open Inference Protocol V2, MLflow's /invocations, /metrics.",
        discussion: """
            Each RUN (an id, a unique id prefix or a run name) is served under its run name, or under NAME when \
            given as RUN=NAME: POST /v2/models/NAME/infer, GET /v2/models/NAME, POST /invocations (one model, or \
            ?model=NAME), GET /v2/health/live and /v2/health/ready, GET /metrics. Requests carry the columns as \
            loaded; the run's preprocessing is applied here. Every request (or the --log-sample fraction) is \
            appended to the store's prediction log, which predictions(NAME) and `strata drift` read. \
            The token may also come from STRATA_SERVE_TOKEN, which keeps it out of the process list.
            """)

    @OptionGroup var options: StoreCommandOptions

    @Argument(help: ArgumentHelp("Runs to serve, as RUN or RUN=NAME.", valueName: "run"))
    var runs: [String]

    @Option(help: "The address to listen on; loopback unless told otherwise.")
    var host = "127.0.0.1"

    @Option(help: "The port (0: any free port; the one chosen is printed).")
    var port = 8080

    @Option(help: "Require Authorization: Bearer <token> on every request but the health checks.")
    var token: String?

    @Option(name: .customLong("max-body"), help: "The largest request body, in bytes (413 beyond).")
    var maxBody = 16 << 20

    @Option(name: .customLong("max-batch"), help: "The most rows one forward pass takes.")
    var maxBatch = 256

    @Option(
        name: .customLong("batch-wait-ms"),
        help: "How long a lone request waits for others to share its forward pass, in milliseconds.")
    var batchWait = 0.5

    @Option(name: .customLong("log-sample"), help: "The fraction of requests written to the prediction log (0 to 1).")
    var logSample = 1.0

    func run() throws {
        let experiments = try options.openExperiments()
        var models: [ServedModel] = []
        for entry in runs {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            let run = try StoreCommandFailure.reporting { () throws(StoreError) in try experiments.run(parts[0]) }
            let name = parts.count == 2 ? parts[1] : (run.name ?? run.id.rawValue)
            guard ServedModel.isValidName(name) else {
                throw StoreCommandFailure("'\(name)' cannot be a model name: use letters, digits, '-', '_' and '.'")
            }
            do throws(ServeError) {
                models.append(try ServedModel(name: name, run: run, objects: experiments.store))
            } catch {
                throw StoreCommandFailure(error.description)
            }
        }
        let token = token ?? ProcessInfo.processInfo.environment["STRATA_SERVE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let settings = ServerOptions(
            host: host, port: port, token: token, maxBodyBytes: maxBody, maxBatchRows: maxBatch,
            batchWait: batchWait / 1000, logSample: logSample)
        let server: InferenceServer
        do throws(ServeError) {
            server = try InferenceServer(models: models, log: experiments.store, options: settings) { message in
                FileHandle.standardError.write(Data(("strata serve: " + message + "\n").utf8))
            }
        } catch {
            throw StoreCommandFailure(error.description)
        }
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        let host = self.host
        Task {
            do throws(ServeError) {
                try await server.run(
                    signals: true,
                    onListening: { port in
                        for model in server.models {
                            emit(
                                "serving \(model.name) (run \(model.run)) at http://\(host):\(port)/v2/models/\(model.name)/infer"
                            )
                        }
                        emit("listening on http://\(host):\(port)")
                    })
            } catch {
                outcome.failure.withLock { $0 = error.description }
            }
            done.signal()
        }
        done.wait()
        if let failure = outcome.failure.withLock({ $0 }) { throw StoreCommandFailure(failure) }
        emit("stopped; the prediction log is written")
    }
}

/// What the server task reports back to the command's thread.
final class ServeOutcome: Sendable {
    let failure = Mutex<String?>(nil)
}
