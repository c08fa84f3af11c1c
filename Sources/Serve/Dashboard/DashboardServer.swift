import Digest
import Experiments
import Export
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Store

/// `strata ui`: server-rendered pages of a store's runs, sweeps, data and served models.
/// Read-only but for tags (with the token); loopback unless told otherwise; every value
/// from the store escaped; plots are the notebooks' SVGs; nothing fetched from outside.
///
/// One bracket (`page`) frames every page: the token, the store (opened lazily: a store
/// that cannot be opened gives a 503 page, and the next request tries again), the
/// status page for a typed error, and the render time in `Server-Timing`.
public final class DashboardServer: Sendable {
    public let options: DashboardOptions
    let store: DashboardStore
    /// Live pages' renders, one per page and interval for all its viewers.
    let liveRenders = LivePageRenders()
    /// The cookie's value: an HMAC of a fixed label keyed by the token, so the cookie
    /// is not the token itself.
    let session: String?

    static let cookieName = "strata_ui"

    /// - Parameter open: opens the store; called on first use and after a failure.
    public init(options: DashboardOptions, open: @escaping @Sendable () throws(StoreError) -> ExperimentStore)
        throws(ServeError)
    {
        guard (0...65535).contains(options.port) else {
            throw .invalidOption("port", reason: "\(options.port) is not a port")
        }
        if let token = options.token, token.isEmpty { throw .invalidOption("token", reason: "the token is empty") }
        guard options.refreshInterval > 0 else { throw .invalidOption("refresh", reason: "must be positive") }
        self.options = options
        self.store = DashboardStore(open: open)
        session = options.token.map { token in
            HMACSHA256.authenticate(key: Array(token.utf8), Array("strata-ui-session".utf8))
                .map { String($0, radix: 16).leftPadded(2) }.joined()
        }
    }

    /// Serves until `shutdown` (or, with `signals`, SIGTERM or SIGINT) ends it.
    /// `onListening` gets the bound port (useful when the port asked for was 0).
    public func run(
        signals: Bool, onListening: @escaping @Sendable (Int) -> Void, shutdown: ShutdownTrigger? = nil
    ) async throws(ServeError) {
        var logger = Logger(label: "strata-ui")
        logger.logLevel = .critical
        let app = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(options.host, port: options.port), serverName: "strata"),
            onServerRunning: { [port = options.port] channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [app], gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [], logger: logger))
        await shutdown?.attach(group)
        do {
            try await group.run()
        } catch {
            throw .bind(host: options.host, port: options.port, reason: InferenceServer.reason(error))
        }
    }

    // MARK: Routes

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: DashboardErrorMiddleware())
        router.get("/health") { _, _ in Self.response(.ok, "ok\n", type: "text/plain; charset=utf-8") }
        router.get("/static/ui.js") { _, _ in
            var response = Self.response(.ok, DashboardAssets.script, type: "text/javascript; charset=utf-8")
            response.headers[.cacheControl] = "max-age=3600"
            return response
        }
        router.get("/login") { request, _ in
            self.loginPage(next: Self.next(request.uri.queryParameters.get("next")), error: nil, status: .ok)
        }
        router.post("/login") { request, _ in await self.login(request) }
        router.get("/") { request, _ in
            if let refusal = self.refusal(request) { return refusal }
            return Self.redirect("/runs")
        }
        router.get("/events") { request, _ in await self.events(request) }
        router.get("/runs/:id/artifacts/:name") { request, context in
            let name = context.parameters.get("name").flatMap { HTML.percentDecoded(Substring($0), plus: false) }
            return await self.download(request, run: context.parameters.get("id") ?? "", .named(name ?? ""))
        }
        // The first dashboard's addresses of the same two downloads, kept for old links.
        router.get("/runs/:id/weights") { request, context in
            await self.download(request, run: context.parameters.get("id") ?? "", .weights)
        }
        router.get("/runs/:id/model.onnx") { request, context in
            await self.download(request, run: context.parameters.get("id") ?? "", .onnx)
        }
        router.post("/runs/:id/tags") { request, context in
            await self.addTag(request, run: context.parameters.get("id") ?? "")
        }
        // Hummingbird's router does not backtrack from `/runs/:id/weights` to a wildcard,
        // so each page's path is named (DashboardRoute reads them all the same way).
        for path in [
            "/runs", "/runs/:id", "/compare", "/sweeps", "/sweeps/:name", "/data", "/data/versions/:id",
            "/data/tracked/:id", "/serving", "/serving/:name",
        ] {
            router.get(RouterPath(path)) { request, _ in await self.page(request) }
        }
        return router
    }

    // MARK: The frame of every page

    /// Auth, the route, the store, the render, the status page for an error.
    func page(_ request: Request) async -> Response {
        if let refusal = refusal(request) { return refusal }
        let started = ContinuousClock.now
        let canEdit = session != nil
        let rendered: (page: DashboardPage, section: String?)
        do throws(DashboardError) {
            let route = try DashboardRoute(path: request.uri.path, query: request.uri.query.map { Substring($0) })
            let page = try await store.read { experiments throws(DashboardError) in
                try route.render(experiments, canEdit: canEdit)
            }
            rendered = (page, route.section)
        } catch {
            rendered = (error.page, nil)
        }
        let milliseconds = InferenceServer.seconds(ContinuousClock.now - started) * 1000
        var response = Self.response(
            rendered.page.status, rendered.page.document(section: rendered.section), type: "text/html; charset=utf-8")
        response.headers[HTTPField.Name("Server-Timing")!] = "render;dur=" + String(format: "%.1f", milliseconds)
        return response
    }

    /// `/events?path=...&seen=VERSION`: server-sent events for a live page. Every interval
    /// the page is rendered again (once for all its viewers, `LivePageRenders`); when its
    /// main content differs from what the browser shows (`seen`, or on a reconnect the
    /// `Last-Event-ID` of the last update), an `update` event carries it, with its version
    /// as the event id.
    func events(_ request: Request) async -> Response {
        if let refusal = refusal(request) { return refusal }
        let target =
            // Hummingbird has already percent-decoded the value (decoding it again would
            // turn a literal "%41" in a sweep's name into "A").
            request.uri.queryParameters.get("path").map { String($0) }
            ?? "/runs"
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let route: DashboardRoute
        do throws(DashboardError) {
            route = try DashboardRoute(path: String(parts[0]), query: parts.count > 1 ? parts[1] : nil)
        } catch {
            return Self.response(error.status, error.message + "\n", type: "text/plain; charset=utf-8")
        }
        // A reconnecting EventSource names the last update it applied; a first connection
        // names the version the page was rendered with.
        let seen =
            request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { $0.isEmpty ? nil : $0 }
            ?? request.uri.queryParameters.get("seen").map { String($0) }
        let store = self.store
        let renders = liveRenders
        let canEdit = session != nil
        let interval = options.refreshInterval
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                // Without a version from the browser, the first render stands for what it shows.
                var last = seen
                var quiet = 0.0
                while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    let started = ContinuousClock.now
                    let main = await renders.main(of: target, maxAge: .seconds(interval)) {
                        try? await store.read { experiments throws(DashboardError) in
                            try route.render(experiments, canEdit: canEdit).main
                        }
                    }
                    let version = main.map(DashboardPage.version(of:))
                    if let main, let version, last != nil, version != last {
                        try await writer.write(ByteBuffer(string: Self.event("update", main, id: version)))
                        quiet = 0
                    } else if quiet >= Self.keepAliveSeconds {
                        // A comment now and then: proxies keep the stream open, and a gone
                        // client shows as a failed write, which ends this loop. The server
                        // cannot see a closed tab otherwise, and a stream left behind would
                        // render its page every interval for nobody.
                        try await writer.write(ByteBuffer(string: ": still here\n\n"))
                        quiet = 0
                    }
                    if let version { last = version }
                    // Never more than half the time rendering: a slow store (a team store
                    // under load) is asked less often instead of being kept busy.
                    let rendering = InferenceServer.seconds(ContinuousClock.now - started)
                    let pause = Swift.max(interval, 2 * rendering)
                    try await Task.sleep(for: .seconds(pause))
                    quiet += pause + rendering
                }
                try await writer.finish(nil)
            })
    }

    /// How long a live stream goes without writing before it sends a comment.
    static let keepAliveSeconds = 3.0

    /// An SSE event whose data is `text`, one `data:` line per line, with an optional id.
    static func event(_ name: String, _ text: String, id: String? = nil) -> String {
        "event: \(name)\n" + (id.map { "id: \($0)\n" } ?? "")
            + text.split(separator: "\n", omittingEmptySubsequences: false).map { "data: " + $0 }.joined(
                separator: "\n")
            + "\n\n"
    }

    /// What `/runs/ID/artifacts/NAME` downloads: a stored artifact of that name, else the
    /// run's weights (`weights`) or the model as ONNX (`model.onnx`, made on request from
    /// the run's spec, weights and preprocessing, as `strata export` makes it).
    enum Download {
        case named(String)
        case weights
        case onnx
    }

    /// A run's weights, its ONNX file or one of its artifacts, as a download.
    func download(_ request: Request, run reference: String, _ wanted: Download) async -> Response {
        if let refusal = refusal(request) { return refusal }
        do throws(DashboardError) {
            let (bytes, filename, type) = try await store.read { experiments throws(DashboardError) in
                let record = try stored { () throws(StoreError) in try experiments.store.run(reference) }
                var wanted = wanted
                if case .named(let name) = wanted, !record.artifacts.contains(where: { $0.name == name }) {
                    if name == "weights" { wanted = .weights }
                    if name == "model.onnx" { wanted = .onnx }
                }
                let object: ObjectID
                let filename: String
                let type: String
                switch wanted {
                case .onnx:
                    let run = ExperimentRun(record)
                    do throws(ExportError) {
                        let bytes = try ONNXExport.model(ONNXExport.Source(run: run, objects: experiments.store))
                        return (Data(bytes), "\(run.name ?? run.id.rawValue).onnx", "application/onnx")
                    } catch {
                        throw .notFound("run \(record.id) cannot be exported to ONNX: \(error.description)")
                    }
                case .named(let name):
                    guard let artifact = record.artifacts.first(where: { $0.name == name }) else {
                        throw .notFound("run \(record.id) has no artifact '\(name)'")
                    }
                    (object, filename, type) = (artifact.object, artifact.name, artifact.mediaType)
                case .weights:
                    guard let weights = record.weights else { throw .notFound("run \(record.id) has no weights") }
                    (object, filename, type) = (
                        weights, "\(record.id.rawValue)-weights.bin", "application/octet-stream"
                    )
                }
                let data = try stored { () throws(StoreError) in try experiments.store.object(object) }
                return (data, filename, type)
            }
            var headers = HTTPFields()
            headers[.contentType] = type
            let safe = filename.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? String($0) : "_" }.joined()
            headers[.contentDisposition] = "attachment; filename=\"\(safe)\""
            headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        } catch {
            return Self.response(error.status, error.page.document(section: nil), type: "text/html; charset=utf-8")
        }
    }

    /// `POST /runs/ID/tags`: the one change the dashboard makes, with the token.
    func addTag(_ request: Request, run reference: String) async -> Response {
        if let refusal = refusal(request) { return refusal }
        guard session != nil else {
            let error = DashboardError.forbidden(
                "this dashboard is read-only: start `strata ui` with --token to edit tags")
            return Self.response(error.status, error.page.document(section: nil), type: "text/html; charset=utf-8")
        }
        guard Self.sameOrigin(request) else {
            let error = DashboardError.forbidden("the form was sent from another site")
            return Self.response(error.status, error.page.document(section: nil), type: "text/html; charset=utf-8")
        }
        var request = request
        let form = (try? await request.collectBody(upTo: 16 << 10)).map { String(buffer: $0) } ?? ""
        do throws(DashboardError) {
            let fields = try QueryItems(Substring(form))
            guard let tag = fields["tag"], tag.count <= 200, !tag.contains(where: \.isNewline) else {
                throw .badRequest(field: "tag", reason: "give a tag of 1 to 200 characters on one line")
            }
            let id = try await store.read { experiments throws(DashboardError) in
                try stored { () throws(StoreError) in
                    let id = try experiments.store.resolveRun(reference)
                    try experiments.store.tag(id, tag)
                    return id
                }
            }
            return Self.redirect("/runs/" + id.rawValue)
        } catch {
            return Self.response(error.status, error.page.document(section: nil), type: "text/html; charset=utf-8")
        }
    }

    // MARK: The token

    /// nil when the request may go on; else the login page (401).
    func refusal(_ request: Request) -> Response? {
        guard let session, let token = options.token else { return nil }
        if let cookie = request.cookies[Self.cookieName]?.value,
            InferenceServer.constantTimeEqual(Array(cookie.utf8), Array(session.utf8))
        {
            return nil
        }
        if let header = request.headers[.authorization],
            InferenceServer.constantTimeEqual(Array(header.utf8), Array(("Bearer " + token).utf8))
        {
            return nil
        }
        let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        return loginPage(next: Self.next(next), error: nil, status: .unauthorized)
    }

    func login(_ request: Request) async -> Response {
        var request = request
        let form = (try? await request.collectBody(upTo: 16 << 10)).map { String(buffer: $0) } ?? ""
        let fields = (try? QueryItems(Substring(form)))
        let next = Self.next(fields?["next"])
        guard let session, let token = options.token else { return Self.redirect(next) }
        guard let given = fields?["token"], InferenceServer.constantTimeEqual(Array(given.utf8), Array(token.utf8))
        else {
            return loginPage(next: next, error: "That is not this dashboard's token.", status: .unauthorized)
        }
        var response = Self.redirect(next)
        response.setCookie(
            Cookie(name: Self.cookieName, value: session, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    func loginPage(next: String, error: String?, status: HTTPResponse.Status) -> Response {
        var main = "<h1>Sign in</h1>\n"
        if let error { main += "<p class=\"error\">\(HTML.text(error))</p>\n" }
        main += """
            <p>This dashboard needs its token (the one given to <code>strata ui --token</code>).</p>
            <form id="login" method="post" action="/login">
            <input type="hidden" name="next" value="\(HTML.text(next))">
            <label>token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
            <button type="submit">Sign in</button>
            </form>

            """
        var response = Self.response(
            status, DashboardPage(title: "Sign in", main: main, status: status).document(section: nil),
            type: "text/html; charset=utf-8")
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    /// Where to go after signing in: a path on this server only (never another site).
    static func next(_ value: String?) -> String {
        guard let value, value.hasPrefix("/"), !value.hasPrefix("//"), !value.contains("\\") else { return "/runs" }
        return value
    }

    /// Whether a form post comes from these pages: its Origin (or, lacking one, its
    /// Referer) names this host. SameSite=Strict already keeps the cookie off other
    /// sites' requests; this also covers a bearer header added by a proxy.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let host = request.head.authority else { return false }
        if let origin = request.headers[.origin] { return origin == "http://" + host || origin == "https://" + host }
        if let referer = request.headers[.referer] {
            return referer.hasPrefix("http://" + host + "/") || referer.hasPrefix("https://" + host + "/")
        }
        return true
    }

    // MARK: Responses

    static let securityHeaders: [(HTTPField.Name, String)] = [
        (
            .contentSecurityPolicy,
            "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; "
                + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        ),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "same-origin"),
    ]

    static func response(_ status: HTTPResponse.Status, _ body: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        for (name, value) in securityHeaders { headers[name] = value }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}

extension String {
    /// Left-padded with zeros to `width` characters (hex bytes).
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
