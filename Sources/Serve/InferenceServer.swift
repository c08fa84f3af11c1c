import Foundation
import HTTPTypes
import Hummingbird
import JSON
import Logging
import NIOCore
import ServiceLifecycle
import Store

/// The inference server: the Open Inference Protocol V2 and MLflow's `/invocations`
/// for each model, `/metrics` in Prometheus' text format, health checks, bearer-token
/// auth, body limits, batching, and the prediction log. `strata serve` runs it in the
/// foreground until SIGTERM or SIGINT; `serve(run)` in a notebook runs it in the
/// background (`start()`).
///
/// On shutdown it stops accepting connections, lets the requests in flight finish,
/// then runs what the batchers hold and writes the rest of the prediction log.
public final class InferenceServer: Sendable {
    public let models: [ServedModel]
    public let options: ServerOptions
    let byName: [String: ServedModel]
    let batchers: [String: BatchQueue]
    let metrics = ServerMetrics()
    let log: PredictionLogWriter?
    let report: @Sendable (String) -> Void

    /// - Parameters:
    ///   - log: where the prediction log goes; nil for none.
    ///   - report: where problems the server meets while running are told (stderr).
    public init(
        models: [ServedModel], log: (any PredictionLog)?, options: ServerOptions,
        report: @escaping @Sendable (String) -> Void
    ) throws(ServeError) {
        var byName: [String: ServedModel] = [:]
        for model in models {
            guard byName[model.name] == nil else { throw .duplicateName(model.name) }
            byName[model.name] = model
        }
        guard (0...65535).contains(options.port) else {
            throw .invalidOption("port", reason: "\(options.port) is not a port")
        }
        guard options.maxBatchRows > 0 else { throw .invalidOption("max-batch", reason: "must be at least 1") }
        guard (0...1).contains(options.logSample) else {
            throw .invalidOption("log-sample", reason: "\(options.logSample) is not a fraction between 0 and 1")
        }
        if let token = options.token, token.isEmpty { throw .invalidOption("token", reason: "the token is empty") }
        self.models = models
        self.options = options
        self.byName = byName
        self.report = report
        let metrics = self.metrics
        batchers = Dictionary(
            uniqueKeysWithValues: models.map { model in
                (
                    model.name,
                    BatchQueue(
                        model: model, maxRows: options.maxBatchRows, wait: options.batchWait,
                        onBatch: { metrics.batch(model: model.name, rows: $0) })
                )
            })
        self.log = log.map { PredictionLogWriter(log: $0, metrics: metrics, report: report) }
    }

    /// Serves until `shutdown` (or, with `signals`, SIGTERM or SIGINT) ends it, then
    /// drains: in-flight requests finish, queued batches run, the log is written.
    /// `onListening` gets the bound port (useful when the port asked for was 0).
    public func run(
        signals: Bool, onListening: @escaping @Sendable (Int) -> Void,
        shutdown: ShutdownTrigger? = nil
    ) async throws(ServeError) {
        var logger = Logger(label: "strata-serve")
        logger.logLevel = .critical
        let app = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(options.host, port: options.port),
                serverName: "strata"),
            onServerRunning: { [port = options.port] channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [app], gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [], logger: logger))
        await shutdown?.attach(group)
        var failure: ServeError?
        do {
            try await group.run()
        } catch {
            failure = .bind(host: options.host, port: options.port, reason: InferenceServer.reason(error))
        }
        drain()
        if let failure { throw failure }
    }

    /// Runs what the batchers hold and writes the prediction log out.
    func drain() {
        for batcher in batchers.values { batcher.stop() }
        log?.flush()
    }

    static func reason(_ error: any Error) -> String {
        if let io = error as? IOError { return io.description }
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) + "..." : text
    }

    // MARK: Routes

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: JSONErrorMiddleware())
        router.get("/v2/health/live") { _, _ in Self.json(.ok, #"{"live":true}"#) }
        router.get("/v2/health/ready") { _, _ in Self.json(.ok, #"{"ready":true}"#) }
        router.get("/ping") { _, _ in Self.json(.ok, #"{"status":"ok"}"#) }
        router.get("/health") { _, _ in Self.json(.ok, #"{"status":"ok"}"#) }
        router.get("/v2") { request, _ in
            await self.respond(request, path: "/v2", model: nil) { _ throws(RequestError) in
                (
                    .ok,
                    JSONValue.object(["name": .string("strata"), "extensions": .array([.string("binary_tensor_data")])])
                        .jsonBytes, [:]
                )
            }
        }
        router.get("/v2/models/:name") { request, context in
            await self.respond(request, path: "/v2/models", model: context.parameters.get("name") ?? "") {
                model throws(RequestError) in
                (.ok, OpenInference.metadata(model!), [:])
            }
        }
        router.get("/v2/models/:name/ready") { request, context in
            await self.respond(request, path: "/v2/models/ready", model: context.parameters.get("name") ?? "") {
                model throws(RequestError) in
                (.ok, JSONValue.object(["name": .string(model!.name), "ready": .bool(true)]).jsonBytes, [:])
            }
        }
        router.post("/v2/models/:name/infer") { request, context in
            await self.infer(request, model: context.parameters.get("name") ?? "", version: nil)
        }
        router.post("/v2/models/:name/versions/:version/infer") { request, context in
            await self.infer(
                request, model: context.parameters.get("name") ?? "", version: context.parameters.get("version"))
        }
        router.post("/invocations") { request, _ in
            await self.invocations(request)
        }
        router.get("/metrics") { request, _ in
            await self.respond(request, path: "/metrics", model: nil) { _ throws(RequestError) in
                (.ok, Array(self.metrics.text.utf8), [.contentType: "text/plain; version=0.0.4; charset=utf-8"])
            }
        }
        return router
    }

    /// `POST /v2/models/NAME[/versions/V]/infer`.
    func infer(_ request: Request, model name: String, version: String?) async -> Response {
        await respondCollecting(request, path: "/v2/models/infer", model: name) {
            model, body, started throws(RequestError) in
            if let version, version != model.run.rawValue {
                throw RequestError(
                    .notFound, "model '\(model.name)' has version \(model.run) only, not '\(version)'",
                    field: "version")
            }
            let headerLength = request.headers[HTTPField.Name("Inference-Header-Content-Length")!].flatMap { Int($0) }
            let ticket = self.announce(model)
            let decoded = try ticket.refusing { () throws(RequestError) in
                try OpenInference.decode(body, headerLength: headerLength, model: model)
            }
            let id = decoded.id ?? Self.requestID(request)
            let answer = try await self.predict(model, decoded.table, ticket: ticket)
            let encoded = OpenInference.encode(answer, model: model, id: id, request: decoded)
            self.record(model: model, id: id, table: decoded.table, answer: answer, started: started)
            var headers: HTTPFields = [:]
            if let length = encoded.headerLength {
                headers[HTTPField.Name("Inference-Header-Content-Length")!] = String(length)
                headers[.contentType] = "application/octet-stream"
            }
            return (.ok, encoded.body, headers)
        }
    }

    /// `POST /invocations` (MLflow): the one served model, or the one `?model=NAME` names.
    func invocations(_ request: Request) async -> Response {
        let named = request.uri.queryParameters.get("model")
        let name = named ?? (models.count == 1 ? models[0].name : "")
        return await respondCollecting(request, path: "/invocations", model: name) {
            model, body, started throws(RequestError) in
            let ticket = self.announce(model)
            let table = try ticket.refusing { () throws(RequestError) in
                try MLflowScoring.decode(body, contentType: request.headers[.contentType], model: model)
            }
            let id = Self.requestID(request)
            let answer = try await self.predict(model, table, ticket: ticket)
            let body = MLflowScoring.encode(answer)
            self.record(model: model, id: id, table: table, answer: answer, started: started)
            return (.ok, body, [:])
        }
    }

    /// Tells the model's batcher a request is on its way (see `BatchQueue.announce`).
    func announce(_ model: ServedModel) -> BatchTicket {
        let batcher = batchers[model.name]!
        batcher.announce()
        return BatchTicket(batcher: batcher)
    }

    func predict(_ model: ServedModel, _ table: InputTable, ticket: BatchTicket) async throws(RequestError) -> Answer {
        let encoded = try ticket.refusing { () throws(RequestError) in try model.encode(table) }
        for unseen in encoded.unseen { metrics.unseen(model: model.name, column: unseen.column, rows: unseen.rows) }
        let outputs = await ticket.batcher.predict(encoded)
        return Answer(model: model, outputs: outputs, rows: encoded.rows)
    }

    /// Returns once every request answered so far is in the prediction log (the log is
    /// written off the response path, so a client can have its answer a moment before).
    public func syncLog() {
        log?.sync()
    }

    /// Hands the request to the prediction log (sampled), off the response path.
    func record(model: ServedModel, id: String, table: InputTable, answer: Answer, started: ContinuousClock.Instant) {
        guard let log, options.logSample > 0, options.logSample >= 1 || Double.random(in: 0..<1) < options.logSample
        else {
            return
        }
        let latency = Self.seconds(ContinuousClock.now - started)
        log.append(
            PredictionLogWriter.Entry(
                time: Date(), requestID: id, model: model, table: table, answer: answer,
                latency: latency))
    }

    static func requestID(_ request: Request) -> String {
        request.headers[HTTPField.Name("X-Request-Id")!] ?? UUID().uuidString.lowercased()
    }

    // MARK: The common frame of every request

    typealias Reply = (status: HTTPResponse.Status, body: [UInt8], headers: HTTPFields)

    /// Auth, the model lookup, metrics and errors around `body`.
    func respond(
        _ request: Request, path: String, model name: String?,
        _ body: (ServedModel?) async throws(RequestError) -> Reply
    ) async -> Response {
        let started = ContinuousClock.now
        metrics.inFlight.increment()
        defer { metrics.inFlight.decrement() }
        let reply: Reply
        do throws(RequestError) {
            try authorize(request)
            var model: ServedModel?
            if let name {
                guard let found = byName[name] else { throw unknownModel(name) }
                model = found
            }
            reply = try await body(model)
        } catch {
            reply = (error.status, error.json, error.status == .unauthorized ? [.wwwAuthenticate: "Bearer"] : [:])
        }
        metrics.request(
            model: name ?? "", path: path, code: reply.status.code,
            seconds: Self.seconds(ContinuousClock.now - started))
        var headers = reply.headers
        if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return Response(
            status: reply.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    /// `respond` for requests with a body, read up to the size limit (413 beyond).
    func respondCollecting(
        _ request: Request, path: String, model name: String,
        _ body: @escaping (ServedModel, [UInt8], ContinuousClock.Instant) async throws(RequestError) -> Reply
    )
        async -> Response
    {
        let started = ContinuousClock.now
        var request = request
        let limit = options.maxBodyBytes
        return await respond(request, path: path, model: name) { model throws(RequestError) in
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: limit)
            } catch {
                throw RequestError(.contentTooLarge, "the request body is larger than the limit of \(limit) bytes")
            }
            return try await body(model!, Array(buffer.readableBytesView), started)
        }
    }

    func authorize(_ request: Request) throws(RequestError) {
        guard let token = options.token else { return }
        let given = request.headers[.authorization] ?? ""
        let expected = "Bearer " + token
        guard Self.constantTimeEqual(Array(given.utf8), Array(expected.utf8)) else {
            throw RequestError(
                .unauthorized,
                given.isEmpty
                    ? "this server needs Authorization: Bearer <token>"
                    : "the bearer token is not this server's")
        }
    }

    func unknownModel(_ name: String) -> RequestError {
        if name.isEmpty {
            return RequestError(
                .badRequest,
                "several models are served here (" + models.map(\.name).joined(separator: ", ")
                    + "); name one with ?model=NAME", field: "model")
        }
        return RequestError(
            .notFound,
            "no model '\(name)' is served here; served: "
                + models.map { "'\($0.name)'" }.joined(separator: ", "), field: "model")
    }

    /// Compares without returning early, so the time taken says nothing about the token.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

/// An announced request's place with its model's batcher: a step that refuses the
/// request withdraws it, so the batcher stops waiting for it.
struct BatchTicket {
    let batcher: BatchQueue

    func refusing<T>(_ step: () throws(RequestError) -> T) throws(RequestError) -> T {
        do {
            return try step()
        } catch {
            batcher.withdraw()
            throw error
        }
    }
}

/// Stops a running server from outside it (a notebook's `stop(server)`, kernel shutdown):
/// a graceful shutdown, as SIGTERM gives.
public actor ShutdownTrigger {
    private var group: ServiceGroup?
    private var requested = false

    public init() {}

    func attach(_ group: ServiceGroup) async {
        self.group = group
        if requested { await group.triggerGracefulShutdown() }
    }

    public func trigger() async {
        requested = true
        await group?.triggerGracefulShutdown()
    }
}
