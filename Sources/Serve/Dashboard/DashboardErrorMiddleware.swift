import HTTPTypes
import Hummingbird

/// Answers what no route takes (an unknown path, a method a path does not accept) with
/// the dashboard's own page for it, not an empty body. It runs before the token check
/// and says nothing about the store.
struct DashboardErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPResponseError {
            let page: DashboardPage
            if error.status == .notFound {
                page = DashboardError.notFound("there is no page at \(request.uri.path)").page
            } else {
                page = DashboardPage(
                    title: error.status.reasonPhrase,
                    main: "<h1>\(HTML.text(error.status.reasonPhrase))</h1>\n<p><a href=\"/runs\">All runs</a></p>\n",
                    status: error.status)
            }
            return DashboardServer.response(
                error.status, page.document(section: nil), type: "text/html; charset=utf-8")
        }
    }
}
