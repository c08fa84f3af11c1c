import AsyncHTTPClient
import Dispatch
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// GET requests for one ingest, one at a time, through async-http-client on an event
/// loop of its own: the body of a file is written to disk on that loop, which must not
/// stall the loops a notebook's inference server shares. Redirects are not followed
/// here (the caller checks each hop against robots.txt and the site), nothing is
/// decompressed (the bytes hashed are the bytes served), and a request waits at most
/// `timeout` seconds for a connection and for each piece of the answer.
final class HTTPFetcher {
    private let group: MultiThreadedEventLoopGroup
    private let client: HTTPClient
    private let userAgent: String

    init(timeout: Double, userAgent: String) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        let wait = TimeAmount.milliseconds(Int64((max(timeout, 0.001) * 1000).rounded()))
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: wait, read: wait)
        // Retries are ours, counted and spaced by the caller.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .shared(group), configuration: configuration)
        self.userAgent = userAgent
    }

    deinit {
        try? client.syncShutdown()
        try? group.syncShutdownGracefully()
    }

    /// Sends `GET address` with `headers` and waits for the whole answer, polling
    /// `shouldStop` (then the request is cancelled).
    func get(
        _ address: WebAddress, headers: [(String, String)], into destination: BodyDestination,
        shouldStop: () -> Bool
    ) throws(FetchProblem) -> HTTPReply {
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(
                url: address.description, method: .GET,
                headers: HTTPHeaders([("User-Agent", userAgent)] + headers))
        } catch {
            throw .connection("the URL cannot be requested (\(error))")
        }
        let receiver = ResponseReceiver(destination: destination)
        let task = client.execute(request: request, delegate: receiver)
        let finished = DispatchSemaphore(value: 0)
        task.futureResult.whenComplete { _ in finished.signal() }
        while finished.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if shouldStop() {
                task.cancel()
                finished.wait()
                throw .interrupted
            }
        }
        do {
            return try task.futureResult.wait()
        } catch {
            if let problem = receiver.writeProblem { throw .local(problem) }
            throw FetchProblem(error)
        }
    }
}

/// Why a request got no answer.
enum FetchProblem: Error, Equatable {
    /// No connection, or no data for `timeout` seconds.
    case timedOut
    /// The connection failed or dropped before the answer was complete.
    case connection(String)
    /// Writing the body to disk failed.
    case local(FileProblem)
    case interrupted

    init(_ error: any Error) {
        if let client = error as? HTTPClientError {
            switch client {
            case .readTimeout, .connectTimeout, .deadlineExceeded: self = .timedOut
            case .remoteConnectionClosed: self = .connection("the server closed the connection before answering")
            default: self = .connection(String(describing: client))
            }
        } else if let io = error as? IOError {
            // NIO words a refused connection as "connection reset (error set): ..."; the errno says it plainly.
            self = .connection(String(cString: strerror(io.errnoCode)).lowercased())
        } else {
            self = .connection(FetchProblem.shortened(String(describing: error)))
        }
    }

    /// What a result row says.
    var reason: String {
        switch self {
        case .timedOut: "timed out"
        case .connection(let why): why
        case .local(let problem): problem.description
        case .interrupted: "interrupted"
        }
    }

    private static func shortened(_ text: String) -> String {
        text.count > 160 ? String(text.prefix(160)) + "..." : text
    }
}
