import Data
import Experiments
import Foundation
import Serve
import Store
import Synchronization
import TextFormat

/// LANGUAGE.md's "Export and serving", the serving half: `serve` (the inference server
/// of `strata serve`, in the background), `stop`, `predictions` (a served model's log
/// as a dataset) and `drift` (served data against the training data).
enum ServingBuiltins {
    static var all: [Builtin] { [serve, stop, query, predictions, drift] }

    static var serve: Builtin {
        Builtin(
            "serve",
            parameters: [
                .positional("run"), .labelled("port", default: .number(8080)),
                .labelled("host", default: .string("127.0.0.1")), .labelled("name", default: .nil),
                .labelled("token", default: .nil),
            ],
            summary: "Starts the inference server for a stored run in the background and returns it (.url, .name).",
            details: """
                The same server as `strata serve`: POST {url}/v2/models/{name}/infer (Open Inference Protocol V2),
                POST {url}/invocations (MLflow: dataframe_split, dataframe_records, instances, inputs; JSON or CSV),
                GET {url}/metrics, GET {url}/v2/health/ready. Requests carry the columns as loaded; the run's
                preprocessing is applied in the server. Every request goes to the store's prediction log:
                predictions(name) reads it, drift(run) compares it with the training data.
                name: the model's name in URLs (default: the run's name, else its id). port: 0 picks a free port.
                host: loopback unless told otherwise. token: requests then need Authorization: Bearer <token>.
                stop(server) stops it; so does the end of the session.
                """
        ) { call throws(RuntimeError) in
            let (run, experiments) = try ServingBuiltins.storedRun(
                call, purpose: "a server loads its model from the store")
            let name: String
            if case .string(let given) = call.argument("name") {
                name = given
            } else {
                name = run.name ?? run.id.rawValue
            }
            guard ServedModel.isValidName(name) else {
                throw call.invalid("name", "'\(name)' cannot be a model name: use letters, digits, '-', '_' and '.'")
            }
            let port = try call.wholeNumber("port")
            let host = try call.string("host")
            let token: String? = if case .string(let text) = call.argument("token") { text } else { nil }
            let served: ServedModel
            do throws(ServeError) {
                served = try ServedModel(name: name, run: run, objects: experiments.store)
            } catch {
                throw call.invalid("run", error.description)
            }
            let server: InferenceServer
            do throws(ServeError) {
                server = try InferenceServer(
                    models: [served], log: experiments.store,
                    options: ServerOptions(host: host, port: port, token: token)
                ) { message in
                    // Between cells there is no cell to write to: the kernel's own log takes it.
                    FileHandle.standardError.write(Data(("serve: " + message + "\n").utf8))
                }
            } catch {
                throw call.failure(error.description)
            }
            let started = BackgroundStart()
            let trigger = ShutdownTrigger()
            let finished = DispatchSemaphore(value: 0)
            Task.detached {
                do throws(ServeError) {
                    try await server.run(signals: false, onListening: { started.listening($0) }, shutdown: trigger)
                } catch {
                    started.failed(error.description)
                }
                finished.signal()
            }
            switch started.wait(seconds: 15) {
            case .listening(let bound):
                let display = host.contains(":") ? "[\(host)]" : host
                let value = ServerValue(
                    url: "http://\(display):\(bound)", name: name, run: run.id.rawValue, host: host,
                    port: bound, token: token, server: server, trigger: trigger, finished: finished)
                call.services.get(ServingSession.self) { ServingSession() }.servers.append(value)
                return .native(value)
            case .failed(let message):
                throw call.failure(message + (port != 0 ? "; pass port: 0 for any free port" : ""))
            case .timedOut:
                Task { await trigger.trigger() }
                throw call.failure("the server did not start listening within 15 seconds")
            }
        }
    }

    static var stop: Builtin {
        Builtin(
            "stop", parameters: [.positional("server")],
            summary: "Stops a server from serve(): requests in flight finish, the prediction log is written.",
            details: "Stopping a server twice is harmless."
        ) { call throws(RuntimeError) in
            guard case .native(let native) = call.argument("server"), let server = native as? ServerValue else {
                throw call.mismatch("server", expected: "a server from serve(...)")
            }
            server.stop()
            call.services.existing(ServingSession.self)?.servers.removeAll { $0 === server }
            return .nil
        }
    }

    static var query: Builtin {
        Builtin(
            "query", parameters: [.positional("server"), .positional("ds")],
            summary: "Sends a dataset's rows to a server from serve() as a client would (MLflow's /invocations) and "
                + "returns its answer as a dataset: label and one probability per class, or prediction.",
            details: """
                The rows go as JSON (dataframe_split) with the dataset's feature columns as loaded; the server applies
                the run's preprocessing, answers, and logs the request like any other. A request the server refuses is
                this call's error, with the server's message.
                """
        ) { call throws(RuntimeError) in
            guard case .native(let native) = call.argument("server"), let server = native as? ServerValue else {
                throw call.mismatch("server", expected: "a server from serve(...)")
            }
            guard server.running else { throw call.invalid("server", "the server is stopped") }
            let data = try call.dataset("ds").dataset
            var headers = [("Content-Type", "application/json")]
            if let token = server.token { headers.append(("Authorization", "Bearer " + token)) }
            let reply: LoopbackClient.Reply
            do throws(LoopbackClient.Failure) {
                reply = try LoopbackClient.post(
                    host: server.host, port: server.port, path: "/invocations?model=\(server.name)",
                    body: ServingBuiltins.dataframeSplit(data), headers: headers)
            } catch {
                throw call.failure(error.description)
            }
            let text = String(decoding: reply.body, as: UTF8.self)
            guard reply.status == 200 else {
                let message =
                    ParamValue.parse(text)?["error"].flatMap { if case .string(let m) = $0 { m } else { nil } } ?? text
                throw call.failure("the server answered \(reply.status): \(message)")
            }
            guard case .list(let rows)? = ParamValue.parse(text)?["predictions"] else {
                throw call.failure("the server's answer has no predictions")
            }
            return .native(DatasetValue(ServingBuiltins.answerDataset(rows, name: server.name)))
        }
    }

    /// A dataset's feature columns as MLflow's `dataframe_split`.
    static func dataframeSplit(_ data: Dataset) -> [UInt8] {
        let columns = data.columns
        var rows: [ParamValue] = []
        rows.reserveCapacity(data.rowCount)
        for row in 0..<data.rowCount {
            rows.append(
                .list(
                    columns.map { column in
                        switch column.values {
                        case .numeric, .sparse:
                            column.numberOrNaN(at: row).isNaN ? .null : .number(Double(column.numberOrNaN(at: row)))
                        case .categorical(let codes, let categories):
                            codes[row] >= 0 ? .string(categories[Int(codes[row])]) : .null
                        case .text(let strings): .string(strings[row])
                        }
                    }))
        }
        let document = ParamValue.record([
            (
                "dataframe_split",
                .record([
                    ("columns", .list(columns.map { .string($0.name) })), ("data", .list(rows)),
                ])
            )
        ])
        return Array(document.json.utf8)
    }

    /// `{"label": ..., "probabilities": {...}}` rows (or values) as a dataset.
    static func answerDataset(_ rows: [ParamValue], name: String) -> Dataset {
        var columns: [Column] = []
        if case .record(let first)? = rows.first, first.contains(where: { $0.0 == "label" }) {
            let labels = rows.map { row -> String? in if case .string(let label)? = row["label"] { label } else { nil }
            }
            columns.append(Column(name: "label", values: PredictionLogData.categorical(labels)))
            if case .record(let classes)? = first.first(where: { $0.0 == "probabilities" })?.1 {
                for (className, _) in classes {
                    columns.append(
                        Column(
                            name: className,
                            values: .numeric(
                                rows.map { row in
                                    if case .number(let p)? = row["probabilities"]?[className] {
                                        Float(p)
                                    } else {
                                        .nan
                                    }
                                })))
                }
            }
        } else {
            columns.append(
                Column(
                    name: "prediction",
                    values: .numeric(
                        rows.map { row in
                            if case .number(let value) = row { Float(value) } else { .nan }
                        })))
        }
        return Dataset(
            name: name + " predictions", columns: columns, target: nil, rowCount: rows.count,
            lineage: Lineage(operation: "query", parameters: ["model": name]))
    }

    static var predictions: Builtin {
        Builtin(
            "predictions", parameters: [.positional("name"), .labelled("since", default: .nil)],
            summary: "A served model's prediction log as a dataset: time, request_id, latency, the inputs, prediction.",
            details: """
                One row per predicted row, oldest first: time (ISO 8601, UTC), request_id, latency (seconds, the
                request's), the input columns as the client sent them, and prediction (the label or the value).
                name: the model's name as served (a server's .name), or a server. since: only rows at or after this time,
                a date such as "2026-12-05" or "2026-12-05T10:00:00Z", or seconds since 1970.
                """
        ) { call throws(RuntimeError) in
            let name: String
            switch call.argument("name") {
            case .string(let text): name = text
            case .native(let native as ServerValue): name = native.name
            default: throw call.mismatch("name", expected: "a served model's name or a server")
            }
            let since = try ServingBuiltins.since(call)
            let experiments = try call.experimentStore()
            call.services.existing(ServingSession.self)?.syncLogs()
            let records: [PredictionRecord]
            let known: [String]
            do throws(StoreError) {
                records = try experiments.store.predictions(model: name, since: since)
                known = try experiments.store.predictionLogs().map(\.model)
            } catch {
                throw call.failure(error.description)
            }
            guard known.contains(name) else {
                throw call.invalid(
                    "name",
                    "no model '\(name)' has a prediction log"
                        + (known.isEmpty
                            ? " (nothing has been served yet)" : "; logs: " + known.joined(separator: ", ")))
            }
            let preprocessing = records.last.flatMap { try? experiments.run($0.run.rawValue).preprocessing }
            return .native(DatasetValue(PredictionLogData.dataset(records, name: name, preprocessing: preprocessing)))
        }
    }

    static var drift: Builtin {
        Builtin(
            "drift",
            parameters: [.positional("run"), .labelled("data", default: .nil), .labelled("reference", default: .nil)],
            summary: "How far served data has shifted from a run's training data, per input column and for the "
                + "predictions: PSI and a two-sample test, flagged past the usual thresholds.",
            details: """
                data: the served rows, such as predictions(name) (the default: every logged request answered by this
                run, whatever its name when served). reference: training data to compare with instead of the profile
                of its training data the run kept. Both are prepared as the model reads data (its preprocessing).
                Per column: psi over the training deciles (numbers) or categories; ks, the two-sample
                Kolmogorov-Smirnov test, for numbers, chi2, the chi-squared test of homogeneity, for categories, with
                p-values; the prediction row compares predicted labels (or values) with the training targets.
                Flags: drift at psi >= 0.25, or p < 0.05 with psi >= 0.1; watch at psi >= 0.1 or p < 0.05.
                Fields: .columns, .psi, .p_values, .flagged, .rows.
                """
        ) { call throws(RuntimeError) in
            let (run, experiments) = try ServingBuiltins.storedRun(
                call, purpose: "drift reads its training profile from the store")
            let served: Dataset
            if call.argument("data").isNil {
                call.services.existing(ServingSession.self)?.syncLogs()
                do throws(StoreError) {
                    served = try DriftCheck.loggedRows(of: run, in: experiments.store)
                } catch {
                    throw call.failure(error.description)
                }
                guard served.rowCount > 0 else {
                    throw call.invalid(
                        "data", "run \(run.id) has answered no logged request yet; serve it, or pass data:")
                }
            } else {
                served = try call.dataset("data").dataset
            }
            let reference = call.argument("reference").isNil ? nil : try call.dataset("reference").dataset
            do throws(DriftReport.Problem) {
                return .native(
                    DriftValue(
                        try DriftCheck.report(
                            run: run, objects: experiments.store, served: served,
                            reference: reference)))
            } catch {
                throw call.invalid(reference == nil ? "data" : "reference", error.description)
            }
        }
    }

    /// The stored run the `run` argument names, as the experiments layer reads it.
    static func storedRun(_ call: BuiltinCall, purpose: String) throws(RuntimeError) -> (ExperimentRun, ExperimentStore)
    {
        let value = try call.runArgument("run")
        let experiments = try call.experimentStore()
        do throws(StoreError) {
            return (try experiments.run(value.id), experiments)
        } catch {
            throw call.invalid("run", "run \(value.id) is not in the store (\(error)); \(purpose)")
        }
    }

    /// `since:` as a date.
    static func since(_ call: BuiltinCall) throws(RuntimeError) -> Date? {
        switch call.argument("since") {
        case .nil:
            return nil
        case .number(let seconds):
            return Date(timeIntervalSince1970: seconds)
        case .string(let text):
            if let date = DateText.parse(text) { return date }
            throw call.invalid("since", "'\(text)' is not a date such as \"2026-12-05\" or \"2026-12-05T10:00:00Z\"")
        default:
            throw call.mismatch("since", expected: "a date as text, or seconds since 1970")
        }
    }
}

/// The background server's first word: listening on a port, or failed.
final class BackgroundStart: Sendable {
    enum Outcome: Sendable {
        case listening(Int)
        case failed(String)
        case timedOut
    }

    private let outcome = Mutex<Outcome?>(nil)
    private let signal = DispatchSemaphore(value: 0)

    func listening(_ port: Int) {
        outcome.withLock { $0 = $0 ?? .listening(port) }
        signal.signal()
    }

    func failed(_ message: String) {
        outcome.withLock { $0 = $0 ?? .failed(message) }
        signal.signal()
    }

    func wait(seconds: Double) -> Outcome {
        _ = signal.wait(timeout: .now() + seconds)
        return outcome.withLock { $0 } ?? .timedOut
    }
}
