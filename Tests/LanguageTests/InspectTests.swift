import Language
import Testing

@Suite("Inspect")
struct InspectTests {
    func session(_ setup: String = "") -> Session {
        let session = makeSession()
        if !setup.isEmpty { _ = session.execute(setup, host: RecordingHost()) }
        return session
    }

    @Test("a builtin under the cursor: the same text as help")
    func builtin() throws {
        let s = session()
        let bundle = try #require(s.inspect("round(2.5)", cursor: 2))
        let help = try #require(s.execute("help(round)", host: RecordingHost()).pages.first)
        #expect(bundle.plainText == help.plainText)
        #expect(bundle.data["text/markdown"]?.contains("round(x, digits: 0)") == true)
    }

    @Test("the name just before the cursor")
    func justBefore() throws {
        let bundle = try #require(session().inspect("sqrt", cursor: 4))
        #expect(bundle.plainText.hasPrefix("sqrt(x)"))
    }

    @Test("inside a call's arguments: the callee")
    func callee() throws {
        let bundle = try #require(session().inspect("round(2.5, ", cursor: 11))
        #expect(bundle.plainText.hasPrefix("round(x, digits: 0)"))
        let label = try #require(session().inspect("round(2.5, digits: 1)", cursor: 13))
        #expect(label.plainText.hasPrefix("round("))
    }

    @Test("a bound value: its type and summary")
    func value() throws {
        let bundle = try #require(session("cfg = [lr: 0.1]").inspect("cfg", cursor: 1))
        #expect(bundle.plainText.hasPrefix("cfg: record with fields lr"))
        #expect(bundle.plainText.contains("[lr: 0.1]"))
    }

    @Test("a closure: its parameters")
    func closure() throws {
        let bundle = try #require(session("f = { a, b in a }").inspect("f(1, 2)", cursor: 1))
        #expect(bundle.plainText.hasPrefix("f(a, b)"))
    }

    @Test("a method call reaches the builtin; a field reaches its value")
    func members() throws {
        let s = session("cfg = [lr: 0.1]")
        #expect(try #require(s.inspect("cfg.round()", cursor: 6)).plainText.hasPrefix("round("))
        #expect(try #require(s.inspect("cfg.lr", cursor: 6)).plainText.hasPrefix("lr: number"))
    }

    @Test("nothing to say: nil")
    func nothing() {
        #expect(session().inspect("unknown_thing", cursor: 3) == nil)
        #expect(session().inspect("1 + 2", cursor: 3) == nil)
        #expect(session().inspect("", cursor: 0) == nil)
    }
}
