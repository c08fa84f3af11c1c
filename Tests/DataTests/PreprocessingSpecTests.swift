import Data
import Foundation
import Testing

/// The preprocessing spec a run keeps: its JSON form reads back equal, and preparing
/// data applies exactly the steps it has not been through.
@Suite struct PreprocessingSpecTests {
    static func table(_ values: [Float], _ cities: [Int32], name: String = "t") -> Dataset {
        Dataset(
            name: name,
            columns: [
                Column(name: "x", values: .numeric(values)),
                Column(name: "city", values: .categorical(codes: cities, categories: ["a", "b"])),
            ],
            target: .classification(name: "y", labels: values.map { $0 > 2 ? 1 : 0 }, classes: ["lo", "hi"]),
            rowCount: values.count, lineage: Lineage(operation: "test"))
    }

    @Test func jsonReadsBackEqual() throws {
        let train = Self.table([1, 2, 3, 4], [0, 1, -1, 0]).fillingForTest().standardizedForTest()
        let spec = Preprocessing(of: train)
        #expect(spec.steps.map(\.operation) == ["fillna", "standardize"])
        let json = spec.json()
        #expect(json.contains(#""op":"standardize""#) && json.contains(#""format":"strata-preprocessing""#))
        #expect(try Preprocessing.decode(json: json).get() == spec)
        #expect(json == (try Preprocessing.decode(json: json).get()).json())
        guard
            case .failure(let problem) = Preprocessing.decode(
                json: #"{"format":"other","version":1,"columns":[],"steps":[]}"#)
        else { Issue.record("a foreign document decoded"); return }
        #expect(problem.reason.contains("not a preprocessing spec"))
    }

    @Test func preparingAppliesOnlyTheMissingSteps() throws {
        let raw = Self.table([1, 2, 3, 4], [0, 1, 1, 0])
        let scaled = try raw.standardize(using: raw)
        let spec = Preprocessing(of: scaled)
        let fromRaw = try raw.prepared(for: spec)
        #expect(fromRaw.report.appliedSteps == 1 && fromRaw.report.differentSteps == nil)
        #expect(fromRaw.dataset.columns == scaled.columns)
        let fromScaled = try scaled.prepared(for: spec)
        #expect(fromScaled.report.appliedSteps == 0 && fromScaled.dataset.columns == scaled.columns)
        let minmaxed = try raw.minmax(using: raw)
        let other = try minmaxed.prepared(for: spec)
        #expect(other.report.differentSteps?.data.map(\.usedOwnStatistics) == [true])
        #expect(other.dataset.columns == minmaxed.columns)
    }
}

extension Dataset {
    fileprivate func fillingForTest() -> Dataset {
        try! fillna(.mode)
    }

    fileprivate func standardizedForTest() -> Dataset { try! standardize(using: self) }
}
