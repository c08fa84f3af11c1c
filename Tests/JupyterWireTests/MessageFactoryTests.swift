import Foundation
import Testing

@testable import JupyterWire

struct MessageFactoryTests {
    @Test(arguments: [
        (0, 0, "1970-01-01T00:00:00.000000Z"),
        (1_795_917_548, 123_456, "2026-11-29T01:59:08.123456Z"),
        (951_782_400, 999_999, "2000-02-29T00:00:00.999999Z"),
        (253_402_300_799, 7, "9999-12-31T23:59:59.000007Z"),
    ])
    func formatsTimestamps(seconds: Int, microseconds: Int, expected: String) {
        #expect(MessageFactory.timestamp(seconds: seconds, microseconds: microseconds) == expected)
    }

    @Test func currentTimestampIsWellFormedAndRecent() throws {
        let text = MessageFactory.timestamp()
        #expect(text.count == 27)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(formatter.date(from: text))
        #expect(abs(date.timeIntervalSinceNow) < 5)
    }

    @Test func headersHaveFreshLowercaseIDsAndTheKernelSession() {
        let factory = MessageFactory()
        let a = factory.header(.status)
        let b = factory.header(.status)
        #expect(a.msgID != b.msgID)
        #expect(a.msgID == a.msgID.lowercased())
        #expect(UUID(uuidString: a.msgID) != nil)
        #expect(a.session == b.session)
        #expect(a.session == factory.session)
        #expect(a.username == "strata")
        #expect(a.version == "5.3")
    }

    @Test func childrenOfARequestAreNotRoutedToItsSender() {
        let factory = MessageFactory(session: "k")
        var request = factory.message(.executeRequest, content: ["code": "1"])
        request.identities = [Data("client".utf8)]
        request.header.username = "alice"
        let status = factory.child(of: request, type: .status, content: ["execution_state": "busy"])
        #expect(status.identities.isEmpty)
        #expect(status.parentHeader == request.header)
        #expect(status.header.username == "alice")
        let reply = factory.reply(to: request, type: .executeReply, content: [:])
        #expect(reply.identities == [Data("client".utf8)])
        #expect(reply.header.username == "alice")
    }
}
