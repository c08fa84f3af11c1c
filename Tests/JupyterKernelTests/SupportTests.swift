import Foundation
import JupyterWire
import Synchronization
import Testing

@testable import JupyterKernel

@Suite("support types")
struct SupportTests {
    @Test(arguments: [
        (0, 0, "1970-01-01T00:00:00.000000Z"),
        (1_795_913_948, 123_456, "2026-11-29T00:59:08.123456Z"),
        (951_782_400, 7, "2000-02-29T00:00:00.000007Z"),
    ])
    func timestampsHaveMicroseconds(seconds: Int, microseconds: Int, expected: String) {
        #expect(Timestamp.format(seconds: seconds, microseconds: microseconds) == expected)
    }

    @Test(arguments: [
        ("execute_request", "execute_reply"), ("kernel_info_request", "kernel_info_reply"), ("odd", "odd_reply"),
    ])
    func replyTypes(request: String, reply: String) {
        #expect(KernelMessageFactory.replyType(for: request) == reply)
    }

    @Test func executeRequestDefaultsAndSilentForcesNoHistory() throws {
        let plain = try ExecuteRequest(content: ["code": "1"])
        #expect(
            plain
                == (try ExecuteRequest(content: [
                    "code": "1", "silent": false, "store_history": true,
                    "user_expressions": [:], "allow_stdin": true,
                    "stop_on_error": true,
                ])))
        #expect(try ExecuteRequest(content: ["code": "1", "silent": true]).storeHistory == false)
        #expect(throws: RequestError.missingField("code")) { try ExecuteRequest(content: [:]) }
        #expect(throws: RequestError.wrongType(field: "allow_stdin", expected: "a boolean")) {
            try ExecuteRequest(content: ["code": "1", "allow_stdin": 1])
        }
    }

    @Test(arguments: [
        (["hist_access_type": "tail"] as [String: JSONValue], HistoryRequest.Query.tail(n: 10)),
        (["hist_access_type": "range", "session": -2, "start": 3, "stop": 5], .range(session: -2, start: 3, stop: 5)),
        (["hist_access_type": "range"], .range(session: 0, start: 0, stop: nil)),
        (
            ["hist_access_type": "search", "pattern": "a*", "unique": true],
            .search(pattern: "a*", n: nil, unique: true)
        ),
        (["hist_access_type": "search", "n": 3], .search(pattern: "*", n: 3, unique: false)),
    ])
    func historyRequests(content: [String: JSONValue], expected: HistoryRequest.Query) throws {
        #expect(try HistoryRequest(content: content).query == expected)
    }

    @Test func executionThreadRunsJobsInOrderAfterStart() {
        let thread = ExecutionThread(name: "test")
        let order = Mutex<[Int]>([])
        for i in 0..<50 { thread.submit { order.withLock { $0.append(i) } } }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(order.withLock { $0 }.isEmpty, "nothing runs before start")
        thread.start()
        let deadline = Date().addingTimeInterval(5)
        while order.withLock({ $0.count }) < 50 && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(order.withLock { $0 } == Array(0..<50))
        thread.finish()
        thread.submit { order.withLock { $0.append(99) } }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(order.withLock { $0.last } == 49, "jobs after finish are dropped")
    }
}
