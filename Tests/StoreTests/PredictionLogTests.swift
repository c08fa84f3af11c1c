import Foundation
import Testing

@testable import Store

/// The prediction log behaves alike in SQLite and in memory.
@Suite struct PredictionLogTests {
    static func record(_ seconds: Double, _ model: String, _ id: String) -> PredictionRecord {
        PredictionRecord(
            time: Date(timeIntervalSince1970: seconds), requestID: id, model: model,
            run: RunID(rawValue: "run-" + model), inputs: #"{"x":[1]}"#, outputs: #"{"predictions":[2]}"#,
            latency: 0.0015)
    }

    func check(_ log: any PredictionLog) throws {
        try log.appendPredictions([PredictionLogTests.record(100, "a", "1"), PredictionLogTests.record(101, "b", "2")])
        try log.appendPredictions([PredictionLogTests.record(102, "a", "3")])
        let all = try log.predictions(model: "a", since: nil)
        #expect(all.map(\.requestID) == ["1", "3"])
        #expect(all[0].latency == 0.0015)
        #expect(all[0].inputs == #"{"x":[1]}"#)
        #expect(try log.predictions(model: "a", since: Date(timeIntervalSince1970: 101)).map(\.requestID) == ["3"])
        let logs = try log.predictionLogs()
        #expect(logs.map(\.model) == ["a", "b"])
        #expect(logs.map(\.requests) == [2, 1])
        #expect(logs[0].last == Date(timeIntervalSince1970: 102))
    }

    @Test("SQLite: appended records read back by model and time, and survive reopening")
    func sqlite() throws {
        let folder = TemporaryFolder()
        try check(Store.open(at: folder.path))
        #expect(try Store.open(at: folder.path).predictions(model: "a", since: nil).count == 2)
        #expect(try Store.open(at: folder.path).schemaVersion() >= 7)
    }

    @Test("memory: the same")
    func memory() throws {
        try check(MemoryStore())
    }
}
