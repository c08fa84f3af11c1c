/// How `strata ui` listens: loopback unless told otherwise, and with `token` every
/// request must carry it (the login form's cookie, or `Authorization: Bearer`).
public struct DashboardOptions: Sendable {
    public var host: String
    public var port: Int
    public var token: String?
    /// How often a live page (server-sent events) looks for changes, in seconds.
    public var refreshInterval: Double

    public init(host: String = "127.0.0.1", port: Int = 8050, token: String? = nil, refreshInterval: Double = 1) {
        self.host = host
        self.port = port
        self.token = token
        self.refreshInterval = refreshInterval
    }
}
