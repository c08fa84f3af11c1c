import Data
import Foundation
import Store
import Testing

@testable import Experiments

/// The drift statistics against values computed with SciPy, and the report's flags.
@Suite struct DriftTests {
    @Test("chi-squared and Kolmogorov p-values match SciPy's (chi2.sf, kstwobign.sf)")
    func pValues() {
        #expect(abs(DriftStatistics.chiSquaredP(3.841458820694124, degrees: 1) - 0.05) < 1e-9)
        #expect(abs(DriftStatistics.chiSquaredP(10, degrees: 4) - 0.04042768199451279) < 1e-9)
        #expect(abs(DriftStatistics.chiSquaredP(1, degrees: 10) - 0.9998278843700441) < 1e-9)
        #expect(abs(DriftStatistics.kolmogorovQ(1.0) - 0.2699996716773546) < 1e-9)
        #expect(abs(DriftStatistics.kolmogorovQ(0.5) - 0.9639452436648751) < 1e-9)
    }

    @Test("PSI of [0.5, 0.5] against [0.6, 0.4] is 0.1 ln 1.2 + 0.1 ln 1.25")
    func psi() {
        let value = DriftStatistics.populationStability(expected: [0.5, 0.5], actual: [0.6, 0.4])
        #expect(abs(value - (0.1 * log(1.2) + 0.1 * log(1.25))) < 1e-12)
        #expect(DriftStatistics.populationStability(expected: [0.2, 0.8], actual: [0.2, 0.8]) == 0)
    }

    @Test("the KS distance of two samples is the largest gap of their empirical distributions")
    func kolmogorovSmirnov() {
        #expect(DriftStatistics.kolmogorovSmirnov([1, 2, 3, 4], [1, 2, 3, 4]) == 0)
        #expect(DriftStatistics.kolmogorovSmirnov([1, 2, 3, 4], [5, 6]) == 1)
        #expect(abs(DriftStatistics.kolmogorovSmirnov([1, 2, 3, 4], [2.5, 3.5]) - 0.5) < 1e-12)
    }

    static func dataset(_ numbers: [Float], _ colors: [String]) -> Dataset {
        let categories = Array(Set(colors)).sorted()
        return Dataset(
            name: "d",
            columns: [
                Column(name: "x", values: .numeric(numbers)),
                Column(
                    name: "color",
                    values: .categorical(
                        codes: colors.map { Int32(categories.firstIndex(of: $0)!) },
                        categories: categories)),
            ], target: nil, rowCount: numbers.count, lineage: Lineage(operation: "test"))
    }

    @Test("served data like the training data is not flagged; a shifted column is, and unseen categories count")
    func report() throws {
        let train = DriftTests.dataset(
            (0..<1000).map { Float($0 % 100) }, (0..<1000).map { $0 % 2 == 0 ? "red" : "blue" })
        let profile = DataProfile(of: train)
        let same = DriftTests.dataset(
            (0..<200).map { Float(($0 * 7) % 100) }, (0..<200).map { $0 % 2 == 0 ? "blue" : "red" })
        let quiet = try DriftReport.compare(profile: profile, served: same, predictions: nil, preprocessing: nil)
        #expect(quiet.flagged.isEmpty)
        let shifted = DriftTests.dataset(
            (0..<200).map { Float(50 + ($0 % 100)) },
            (0..<200).map { $0 % 4 == 0 ? "green" : "red" })
        let loud = try DriftReport.compare(profile: profile, served: shifted, predictions: nil, preprocessing: nil)
        #expect(loud.rows.map(\.flag) == [.drift, .drift])
        #expect(loud.rows[1].unseen == 50)
        #expect(loud.rows[0].pValue < 1e-6)
        #expect(loud.table.rows.count == 2)
    }

    @Test("a profile survives its JSON and keeps a bounded sketch")
    func profileJSON() throws {
        let train = DriftTests.dataset((0..<5000).map { Float($0) }, (0..<5000).map { $0 % 3 == 0 ? "a" : "b" })
        let profile = DataProfile(of: train)
        guard case .numeric(let sketch, let count, let mean) = profile.columns[0].distribution else {
            Issue.record("numbers expected")
            return
        }
        #expect(sketch.count == DataProfile.sketchSize)
        #expect(sketch.first == 0 && sketch.last == 4999)
        #expect(count == 5000)
        #expect(mean == 2499.5)
        #expect(DataProfile.decode(json: Data(profile.json().utf8)) == profile)
    }

    @Test("the prediction log reads as one row per predicted row, with the inputs and the label")
    func logDataset() {
        let records = [
            PredictionRecord(
                time: Date(timeIntervalSince1970: 1_800_000_000), requestID: "a", model: "m",
                run: RunID(rawValue: "r"), inputs: #"{"x": [1, 2], "color": ["red", "blue"]}"#,
                outputs: #"{"label": ["yes", "no"], "probabilities": [[0.1, 0.9], [0.8, 0.2]]}"#, latency: 0.002),
            PredictionRecord(
                time: Date(timeIntervalSince1970: 1_800_000_001), requestID: "b", model: "m",
                run: RunID(rawValue: "r"), inputs: #"{"x": [3], "color": ["red"]}"#,
                outputs: #"{"label": ["yes"], "probabilities": [[0.3, 0.7]]}"#, latency: 0.001),
        ]
        let data = PredictionLogData.dataset(records, name: "m", preprocessing: nil)
        #expect(data.rowCount == 3)
        #expect(data.columns.map(\.name) == ["time", "request_id", "latency", "x", "color", "prediction"])
        #expect(data.column(named: "x")?.values == .numeric([1, 2, 3]))
        #expect(data.column(named: "prediction")?.values == .categorical(codes: [1, 0, 1], categories: ["no", "yes"]))
        #expect(
            data.column(named: "time")?.values
                == .categorical(
                    codes: [0, 0, 1], categories: ["2027-01-15T08:00:00.000Z", "2027-01-15T08:00:01.000Z"]))
    }
}
