import HTTPTypes

/// Why a dashboard page cannot be shown; each case is one status and one page.
public enum DashboardError: Error, Sendable, Equatable {
    /// No run, sweep, dataset version or model by that name (404).
    case notFound(String)
    /// A query field that does not read (400), named.
    case badRequest(field: String, reason: String)
    /// The store could not be opened or read (503); the reason never holds a secret (the
    /// store's errors name settings, not their values).
    case storeUnavailable(String)
    /// A change asked of a read-only dashboard (403).
    case forbidden(String)

    var status: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .storeUnavailable: .serviceUnavailable
        case .forbidden: .forbidden
        }
    }

    var heading: String {
        switch self {
        case .notFound: "Not found"
        case .badRequest: "Bad request"
        case .storeUnavailable: "The store cannot be opened"
        case .forbidden: "Read-only"
        }
    }

    var message: String {
        switch self {
        case .notFound(let what): what
        case .badRequest(let field, let reason): "\(field): \(reason)"
        case .storeUnavailable(let reason): reason
        case .forbidden(let reason): reason
        }
    }

    /// The page's main content.
    var page: DashboardPage {
        var main = "<h1>\(HTML.text(heading))</h1>\n<p class=\"error\">\(HTML.text(message))</p>\n"
        if case .storeUnavailable = self {
            main += "<p>The dashboard keeps running and tries again on the next request.</p>\n"
        }
        main += "<p><a href=\"/runs\">All runs</a></p>\n"
        return DashboardPage(title: heading, main: main, status: status)
    }
}
