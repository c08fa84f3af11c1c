import Foundation
import JupyterKernel
import JupyterWire
import Testing

@Suite("history")
struct HistoryTests {
    static func temporaryFolder() -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-history-\(UUID().uuidString)").path
        return folder
    }

    @Test func fileStorePersistsAcrossInstancesAndNumbersSessions() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try FileHistoryStore(folder: folder)
        let s1 = try first.startSession()
        #expect(s1 == 1)
        try first.append(session: s1, line: 1, source: "a = 1")
        try first.append(session: s1, line: 2, source: "print(\"a\\nb\")\nplot(a)")

        let second = try FileHistoryStore(folder: folder)
        let s2 = try second.startSession()
        #expect(s2 == 2)
        try second.append(session: s2, line: 1, source: "b = 2")

        #expect(
            second.tail(n: 10) == [
                HistoryEntry(session: 1, line: 1, source: "a = 1"),
                HistoryEntry(session: 1, line: 2, source: "print(\"a\\nb\")\nplot(a)"),
                HistoryEntry(session: 2, line: 1, source: "b = 2"),
            ])
        #expect(first.tail(n: 1).map(\.source) == ["b = 2"], "each instance reads the shared file")
        #expect(second.range(session: 1, start: 2, stop: nil).map(\.line) == [2])

        // A session that wrote nothing still takes its number.
        let third = try FileHistoryStore(folder: folder)
        #expect(try third.startSession() == 3)
        #expect(try third.startSession() == 4)
    }

    @Test func tornLastLineIsSkippedAndRepaired() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try FileHistoryStore(folder: folder)
        let session = try store.startSession()
        try store.append(session: session, line: 1, source: "kept")
        let handle = try #require(FileHandle(forWritingAtPath: store.path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"session":1,"line":2,"sou"#.utf8))
        handle.closeFile()
        #expect(store.entries().map(\.source) == ["kept"])

        let next = try FileHistoryStore(folder: folder)
        let newSession = try next.startSession()
        #expect(newSession == 2)
        try next.append(session: newSession, line: 1, source: "after")
        #expect(next.entries().map(\.source) == ["kept", "after"])
    }

    @Test func concurrentAppendsKeepEveryRecord() async throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stores = [try FileHistoryStore(folder: folder), try FileHistoryStore(folder: folder)]
        let sessions = try stores.map { try $0.startSession() }
        #expect(Set(sessions).count == 2)
        let source = String(repeating: "x", count: 3000)
        await withTaskGroup(of: Void.self) { group in
            for (store, session) in zip(stores, sessions) {
                group.addTask {
                    for line in 1...100 { try? store.append(session: session, line: line, source: source) }
                }
            }
        }
        let entries = stores[0].entries()
        #expect(entries.count == 200)
        #expect(entries.allSatisfy { $0.source == source })
    }

    static let sample: [HistoryEntry] = [
        HistoryEntry(session: 1, line: 1, source: "x = 1"),
        HistoryEntry(session: 1, line: 2, source: "print(x)"),
        HistoryEntry(session: 1, line: 3, source: "x = 1"),
        HistoryEntry(session: 2, line: 1, source: "print(y)"),
        HistoryEntry(session: 2, line: 2, source: "x = 1"),
        HistoryEntry(session: 2, line: 3, source: "fit(model)"),
    ]

    @Test(
        arguments: [
            ("*", nil, false, [0, 1, 2, 3, 4, 5]),
            ("print*", nil, false, [1, 3]),
            ("print(?)", nil, false, [1, 3]),
            ("*x*", nil, false, [0, 1, 2, 4]),
            ("x = 1", nil, true, [4]),
            ("*", nil, true, [1, 3, 4, 5]),
            ("*", 2, true, [4, 5]),
            ("*", 2, false, [4, 5]),
            ("PRINT*", nil, false, []),
        ] as [(String, Int?, Bool, [Int])])
    func search(pattern: String, n: Int?, unique: Bool, expected: [Int]) {
        let store = InMemoryHistoryStore(entries: Self.sample.shuffled())
        #expect(store.search(pattern: pattern, n: n, unique: unique) == expected.map { Self.sample[$0] })
    }

    @Test func tailAndRangeAreChronological() {
        let store = InMemoryHistoryStore(entries: Self.sample.reversed())
        #expect(store.tail(n: 2) == Array(Self.sample.suffix(2)))
        #expect(store.tail(n: 0) == [])
        #expect(store.range(session: 1, start: 2, stop: 3) == [Self.sample[1]])
        #expect(store.range(session: 2, start: 0, stop: nil) == Array(Self.sample[3...5]))
    }

    @Test func historyRequestsThroughTheKernel() {
        let store = InMemoryHistoryStore(entries: [HistoryEntry(session: 1, line: 1, source: "old cell")])
        let harness = KernelHarness(history: store)
        #expect(harness.run("print a")["status"] == "ok")
        #expect(harness.run("print b")["status"] == "ok")
        func history(_ content: [String: JSONValue]) -> JSONValue? {
            harness.reply(to: harness.send("history_request", content))?.content["history"]
        }
        #expect(
            history(["hist_access_type": "tail", "n": 2, "output": false, "raw": true])
                == [[2, 1, "print a"], [2, 2, "print b"]])
        #expect(
            history(["hist_access_type": "range", "session": 0, "start": 2, "stop": nil])
                == [[2, 2, "print b"]])
        #expect(
            history(["hist_access_type": "range", "session": -1, "start": 1, "stop": 2])
                == [[1, 1, "old cell"]])
        #expect(
            history(["hist_access_type": "range", "session": 1, "start": 0])
                == [[1, 1, "old cell"]])
        #expect(
            history(["hist_access_type": "search", "pattern": "*cell", "unique": true, "n": 5])
                == [[1, 1, "old cell"]])
        #expect(
            history(["hist_access_type": "tail", "n": 1, "output": true])
                == [[2, 2, ["print b", nil]]])
    }
}

@Suite("glob patterns")
struct GlobPatternTests {
    @Test(arguments: [
        ("*", "", true), ("*", "anything", true), ("", "", true), ("", "a", false),
        ("a?c", "abc", true), ("a?c", "ac", false), ("a*c", "ac", true), ("a*c", "abbbc", true),
        ("a*c", "abcd", false), ("*a*a*a*", "banana bread", true), ("*a*a*a*a*", "banana", false),
        ("print*", "print(x)", true), ("*(x)", "print(x)", true), ("Print*", "print(x)", false),
        ("??", "é!", true), ("x = *", "x = 1\ny = 2", true),
    ])
    func matches(pattern: String, text: String, expected: Bool) {
        let store = InMemoryHistoryStore(entries: [HistoryEntry(session: 1, line: 1, source: text)])
        #expect(!store.search(pattern: pattern, n: nil, unique: false).isEmpty == expected)
    }
}
