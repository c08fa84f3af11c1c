import Experiments
import Foundation
import Testing

@Suite struct ParameterImportanceTests {
    /// The objective depends on `lr` alone: it takes (nearly) all the importance.
    @Test func theParameterThatDrivesTheObjectiveDominates() {
        let lrs = (0..<40).map { 1e-4 * pow(10, Double($0 % 8) / 2) }
        let noise = (0..<40).map { Double(($0 * 7919) % 13) }
        let depth = (0..<40).map { ["1", "2", "3"][$0 % 3] }
        let values = lrs.map { -abs(log10($0) + 2.5) }
        let shares = ParameterImportance.shares(
            [
                ("lr", .numbers(lrs, log: true)), ("noise", .numbers(noise, log: false)),
                ("depth", .categories(depth)),
            ], values: values)
        #expect(shares.map(\.name) == ["lr", "noise", "depth"])
        #expect(shares[0].share > 0.8, "\(shares)")
        #expect(abs(shares.map(\.share).reduce(0, +) - 1) < 1e-12)
    }

    @Test func aCategoryThatSplitsTheValuesIsFoundAndAConstantObjectiveGivesZeros() {
        let depth = (0..<30).map { ["1", "2", "3"][$0 % 3] }
        let width = (0..<30).map { Double(16 + ($0 * 37) % 200) }
        let values = depth.map { Double($0)! * 10 }
        let shares = ParameterImportance.shares(
            [("width", .numbers(width, log: false)), ("depth", .categories(depth))],
            values: values)
        #expect(shares[1].share > 0.9, "\(shares)")
        let flat = ParameterImportance.shares([("depth", .categories(depth))], values: Array(repeating: 1, count: 30))
        #expect(flat.map(\.share) == [0])
        #expect(ParameterImportance.shares([("depth", .categories(["1"]))], values: [1]).map(\.share) == [0])
    }
}
