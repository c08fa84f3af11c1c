import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization

/// Where the body of a 200 answer goes: into a temporary file (a file to keep), or into
/// memory up to a limit (a page read for links, robots.txt).
enum BodyDestination: Sendable {
    case file(PartialFile)
    case memory(limit: Int)
}

/// One answer as the crawler needs it. The body is in memory for `.memory` requests
/// and for answers other than 200 (their first bytes, for the message); a 200 answer to
/// a `.file` request went to the file.
struct HTTPReply: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    /// True when the body was longer than the memory limit and was cut.
    var truncated: Bool

    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// Receives one answer for async-http-client, streaming a 200 body into its
/// destination as it arrives, so a large file never sits in memory.
final class ResponseReceiver: HTTPClientResponseDelegate {
    typealias Response = HTTPReply

    /// First bytes of an answer other than 200 kept for the message.
    static let errorBodyLimit = 4096

    private struct State {
        var reply = HTTPReply(status: 0, headers: [:], body: [], truncated: false)
        var toFile: PartialFile?
        var limit: Int
        var writeProblem: FileProblem?
    }

    private let destination: BodyDestination
    private let state: Mutex<State>

    init(destination: BodyDestination) {
        self.destination = destination
        if case .memory(let limit) = destination {
            state = Mutex(State(limit: limit))
        } else {
            state = Mutex(State(limit: ResponseReceiver.errorBodyLimit))
        }
    }

    /// The problem writing the file, if a write failed (the request was then failed).
    var writeProblem: FileProblem? { state.withLock { $0.writeProblem } }

    func didReceiveHead(task: HTTPClient.Task<HTTPReply>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        let status = Int(head.status.code)
        state.withLock { state in
            state.reply.status = status
            state.reply.headers = head.headers
            if status == 200, case .file(let file) = destination { state.toFile = file }
        }
        return task.eventLoop.makeSucceededFuture(())
    }

    func didReceiveBodyPart(task: HTTPClient.Task<HTTPReply>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let problem: FileProblem? = state.withLock { state in
            if let file = state.toFile {
                var failure: FileProblem?
                buffer.withUnsafeReadableBytes { bytes in
                    do throws(FileProblem) { try file.write(bytes) } catch { failure = error }
                }
                state.writeProblem = failure
                return failure
            }
            let room = state.limit - state.reply.body.count
            if buffer.readableBytes > room { state.reply.truncated = true }
            if room > 0 { state.reply.body.append(contentsOf: buffer.readableBytesView.prefix(room)) }
            return nil
        }
        if let problem { return task.eventLoop.makeFailedFuture(problem) }
        return task.eventLoop.makeSucceededFuture(())
    }

    func didReceiveError(task: HTTPClient.Task<HTTPReply>, _ error: any Error) {}

    func didFinishRequest(task: HTTPClient.Task<HTTPReply>) throws -> HTTPReply {
        state.withLock { $0.reply }
    }
}
