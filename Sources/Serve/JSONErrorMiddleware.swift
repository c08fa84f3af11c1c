import HTTPTypes
import Hummingbird
import NIOCore

/// Answers what no route takes (an unknown path, a method a path does not accept) with
/// the same JSON error body as every other refusal, not an empty one.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPResponseError {
            let message =
                error.status == .notFound
                ? "no endpoint \(request.method.rawValue) \(request.uri.path); see /v2, /v2/models/NAME, /invocations, /metrics"
                : "\(error.status.code) \(error.status.reasonPhrase)"
            let body = RequestError(error.status, message).json
            return Response(
                status: error.status, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}
