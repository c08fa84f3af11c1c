import Experiments
import Foundation
import Testing

/// Distributions, their checks and JSON form, and the grid of a space.
@Suite struct SearchSpaceTests {
    @Test(
        "invalid distributions are refused, naming the parameter and the problem",
        arguments: [
            (SweepDistribution.uniform(lo: 1, hi: 1, step: nil), SweepDistribution.Problem.emptyRange(lo: 1, hi: 1)),
            (.uniform(lo: 2, hi: 1, step: nil), .emptyRange(lo: 2, hi: 1)),
            (.uniform(lo: 0, hi: .infinity, step: nil), .nonFiniteBound(.infinity)),
            (.uniform(lo: 0, hi: 1, step: 0), .invalidStep(step: 0, range: 1)),
            (.uniform(lo: 0, hi: 1, step: -0.1), .invalidStep(step: -0.1, range: 1)),
            (.uniform(lo: 0, hi: 1, step: 2), .invalidStep(step: 2, range: 1)),
            (.logUniform(lo: 0, hi: 1), .nonPositiveLogBound(0)),
            (.logUniform(lo: -1, hi: 1), .nonPositiveLogBound(-1)),
            (.logUniform(lo: 0.1, hi: 0.01), .emptyRange(lo: 0.1, hi: 0.01)),
            (.integer(lo: 5, hi: 5, log: false, step: 1), .emptyRange(lo: 5, hi: 5)),
            (.integer(lo: 0, hi: 10, log: false, step: 0), .invalidStep(step: 0, range: 10)),
            (.integer(lo: 0, hi: 10, log: false, step: 11), .invalidStep(step: 11, range: 10)),
            (.integer(lo: 0, hi: 10, log: true, step: 1), .nonPositiveLogBound(0)),
            (.integer(lo: 1, hi: 10, log: true, step: 2), .logIntegerStep(2)),
            (.choice([]), .noChoices),
        ])
    func invalid(_ distribution: SweepDistribution, _ problem: SweepDistribution.Problem) {
        #expect(throws: SweepSpaceError.invalid(parameter: "p", problem)) {
            try SearchSpace([("p", distribution)])
        }
    }

    @Test("a name given twice is refused, among the fixed values too")
    func duplicates() {
        #expect(throws: SweepSpaceError.duplicateParameter("a")) {
            try SearchSpace([("a", .choice([.number(1)])), ("a", .choice([.number(2)]))])
        }
        #expect(throws: SweepSpaceError.duplicateParameter("a")) {
            try SearchSpace([("a", .choice([.number(1)]))], fixed: [("a", .number(3))])
        }
    }

    @Test("errors read as the parameter and the constraint")
    func errorText() {
        #expect(
            SweepSpaceError.invalid(parameter: "lr", .nonPositiveLogBound(0)).description
                == "lr: a log scale needs bounds above 0, got 0")
        #expect(SweepSpaceError.notGriddable(parameter: "dropout").description.hasPrefix("dropout is continuous"))
    }

    @Test(
        "distributions encode as the documented JSON and decode back",
        arguments: [
            (SweepDistribution.uniform(lo: 0, hi: 1, step: nil), #"{"hi":1,"kind":"uniform","lo":0,"step":null}"#),
            (.uniform(lo: 0, hi: 0.5, step: 0.1), #"{"hi":0.5,"kind":"uniform","lo":0,"step":0.1}"#),
            (.logUniform(lo: 0.0001, hi: 0.1), #"{"hi":0.1,"kind":"loguniform","lo":0.0001}"#),
            (
                .integer(lo: 16, hi: 256, log: true, step: 1),
                #"{"hi":256,"kind":"integer","lo":16,"log":true,"step":1}"#
            ),
            (
                .choice([.number(1), .string("relu"), .bool(true), .null]),
                #"{"kind":"choice","values":[1,"relu",true,null]}"#
            ),
        ])
    func json(_ distribution: SweepDistribution, _ text: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(distribution), as: UTF8.self) == text)
        #expect(try JSONDecoder().decode(SweepDistribution.self, from: Data(text.utf8)) == distribution)
    }

    @Test("a space round-trips through JSON in order, and a stored invalid space does not decode")
    func spaceJSON() throws {
        let space = try SearchSpace(
            [
                ("lr", .logUniform(lo: 1e-4, hi: 0.1)), ("units", .integer(lo: 16, hi: 256, log: true, step: 1)),
                ("depth", .choice([.number(1), .number(2), .number(3)])),
            ],
            fixed: [("epochs", .number(20)), ("act", .string("relu"))])
        let data = try JSONEncoder().encode(space)
        let back = try JSONDecoder().decode(SearchSpace.self, from: data)
        #expect(back == space)
        #expect(back.distributions.map(\.name) == ["lr", "units", "depth"])
        let bad = #"{"parameters":[{"name":"lr","distribution":{"kind":"loguniform","lo":0,"hi":1}}],"fixed":[]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SearchSpace.self, from: Data(bad.utf8)) }
    }

    @Test("ordered puts a trial's params in the space's order, fixed values last")
    func ordered() throws {
        let space = try SearchSpace(
            [("b", .choice([.number(1)])), ("a", .choice([.number(2)]))], fixed: [("c", .null)])
        let ordered = space.ordered(["a": .number(2), "c": .null, "b": .number(1), "other": .bool(true)])
        #expect(ordered.map(\.name) == ["b", "a", "c"])
    }

    @Test("the grid is every combination once, in odometer order, with the fixed values")
    func grid() throws {
        let space = try SearchSpace(
            [
                ("u", .uniform(lo: 0, hi: 0.3, step: 0.1)), ("n", .integer(lo: 1, hi: 5, log: false, step: 2)),
                ("c", .choice([.string("a"), .string("b")])),
            ], fixed: [("f", .bool(true))])
        let points = try space.gridPoints()
        #expect(points.count == 4 * 3 * 2)
        #expect(Set(points).count == points.count)
        #expect(points[0] == ["u": .number(0), "n": .number(1), "c": .string("a"), "f": .bool(true)])
        #expect(points[1] == ["u": .number(0), "n": .number(1), "c": .string("b"), "f": .bool(true)])
        #expect(points.last == ["u": .number(0.3), "n": .number(5), "c": .string("b"), "f": .bool(true)])
        // Multiples of the step rounded to its decimals: 0.3, not 0.30000000000000004.
        #expect(Set(points.map { $0["u"]! }) == [.number(0), .number(0.1), .number(0.2), .number(0.3)])
        #expect(SweepDistribution.uniform(lo: 0, hi: 1, step: 0.1).value(at: 7) == .number(0.7))
        #expect(SweepDistribution.uniform(lo: 1e-7, hi: 1e-6, step: 1e-7).value(at: 2) == .number(3e-7))
        #expect(SweepDistribution.uniform(lo: -0.25, hi: 1, step: 0.05).value(at: 3) == .number(-0.1))
        #expect(Set(points.map { $0["n"]! }) == [.number(1), .number(3), .number(5)])
    }

    @Test("a step that does not divide the range stops at the last value within it")
    func partialStep() throws {
        #expect(SweepDistribution.uniform(lo: 0, hi: 1, step: 0.3).valueCount == 4)  // 0, 0.3, 0.6, 0.9
        #expect(SweepDistribution.integer(lo: 0, hi: 10, log: false, step: 3).valueCount == 4)  // 0, 3, 6, 9
        #expect(SweepDistribution.uniform(lo: 0, hi: 1, step: 0.1).valueCount == 11)
    }

    @Test("a grid over a continuous distribution, or too many points, is refused")
    func notGriddable() throws {
        let continuous = try SearchSpace([("a", .choice([.number(1)])), ("lr", .logUniform(lo: 1e-4, hi: 1))])
        #expect(throws: SweepSpaceError.notGriddable(parameter: "lr")) { try continuous.gridPoints() }
        let huge = try SearchSpace([
            ("a", .integer(lo: 0, hi: 10_000, log: false, step: 1)),
            ("b", .integer(lo: 0, hi: 10_000, log: false, step: 1)),
        ])
        #expect(throws: SweepSpaceError.gridTooLarge(points: 10_001 * 10_001, maximum: SearchSpace.maximumGridPoints)) {
            try huge.gridPoints()
        }
    }

    @Test("trials and their states round-trip through JSON")
    func trialJSON() throws {
        let trial = SweepTrial(
            number: 3, params: ["lr": .number(0.01), "act": .string("relu")], value: 0.5,
            state: .pruned, intermediate: [0: 0.9, 4: 0.5])
        #expect(try JSONDecoder().decode(SweepTrial.self, from: JSONEncoder().encode(trial)) == trial)
        #expect(trial.lastStep == 4)
        #expect(TrialState.allCases.map(\.rawValue) == ["running", "finished", "pruned", "failed"])
    }
}
