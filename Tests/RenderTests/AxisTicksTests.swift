import Foundation
import Testing

@testable import Render

@Suite("Axis ticks")
struct AxisTicksTests {
    @Test(
        "1-2-5 steps",
        arguments: [
            (0.37, 0.5), (1300, 2000), (1, 1), (0.2, 0.2), (0.21, 0.5), (3, 5), (7, 10), (0.001, 0.001), (45, 50),
            (12.4, 20), (0.0003, 0.0005),
        ])
    func niceStep(raw: Double, expected: Double) {
        #expect(abs(AxisTicks.niceStep(raw) - expected) < expected * 1e-9)
    }

    struct LinearCase: Sendable, CustomTestStringConvertible {
        var low: Double, high: Double, padding: Double, includeZero: Bool
        var ticks: [Double], labels: [String]
        var testDescription: String { "\(low)...\(high)" }
    }

    @Test(
        "linear ticks and their labels",
        arguments: [
            LinearCase(
                low: 0, high: 10, padding: 0, includeZero: false, ticks: [0, 2, 4, 6, 8, 10],
                labels: ["0", "2", "4", "6", "8", "10"]),
            // 60 epochs: steps of 10 (7 ticks) beat steps of 20 (4 ticks) for a target of 6.
            LinearCase(
                low: 1, high: 60, padding: 0.04, includeZero: false, ticks: [0, 10, 20, 30, 40, 50, 60],
                labels: ["0", "10", "20", "30", "40", "50", "60"]),
            LinearCase(
                low: 0.1, high: 0.3, padding: 0, includeZero: false, ticks: [0.1, 0.15, 0.2, 0.25, 0.3],
                labels: ["0.10", "0.15", "0.20", "0.25", "0.30"]),
            LinearCase(
                low: 0, high: 1, padding: 0, includeZero: false, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1],
                labels: ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
            LinearCase(
                low: 48, high: 52, padding: 0.08, includeZero: true, ticks: [0, 10, 20, 30, 40, 50],
                labels: ["0", "10", "20", "30", "40", "50"]),
            LinearCase(
                low: 0, high: 100_000, padding: 0, includeZero: false,
                ticks: [0, 20_000, 40_000, 60_000, 80_000, 100_000], labels: ["0", "20k", "40k", "60k", "80k", "100k"]),
            LinearCase(
                low: -1500, high: 1500, padding: 0, includeZero: false,
                ticks: [-1500, -1000, -500, 0, 500, 1000, 1500],
                labels: ["-1.5k", "-1.0k", "-500", "0", "500", "1.0k", "1.5k"]),
            LinearCase(
                low: 0, high: 5e-5, padding: 0, includeZero: false, ticks: [0, 1e-5, 2e-5, 3e-5, 4e-5, 5e-5],
                labels: ["0", "1e-5", "2e-5", "3e-5", "4e-5", "5e-5"]),
        ])
    func linear(_ test: LinearCase) {
        let ticks = AxisTicks.linear(
            low: test.low, high: test.high, target: 6, padding: test.padding,
            includeZero: test.includeZero)
        #expect(ticks.values.count == test.ticks.count)
        for (actual, expected) in zip(ticks.values, test.ticks) {
            #expect(abs(actual - expected) <= 1e-12 * max(1, abs(expected)))
        }
        #expect(ticks.labels == test.labels)
        #expect(ticks.lower <= min(test.low, test.includeZero ? 0 : test.low) && ticks.upper >= test.high)
        #expect(
            ticks.values.allSatisfy { $0 >= ticks.lower - 1e-9 * ticks.step && $0 <= ticks.upper + 1e-9 * ticks.step })
    }

    @Test("a flat series still gets a range and ticks")
    func flat() {
        let ticks = AxisTicks.linear(low: 5, high: 5)
        #expect(ticks.lower < 5 && ticks.upper > 5 && ticks.values.contains(5))
        let zero = AxisTicks.linear(low: 0, high: 0)
        #expect(zero.lower < 0 && zero.upper > 0 && zero.values.contains(0))
    }

    @Test("log ticks are powers of ten, labelled compactly")
    func logarithmic() {
        let wide = AxisTicks.logarithmic(low: 0.001, high: 1000, target: 7)
        #expect(wide.labels == ["0.001", "0.01", "0.1", "1", "10", "100", "1k"])
        let short = AxisTicks.logarithmic(low: 1, high: 8)
        #expect(short.values == [1, 2, 5])
        let many = AxisTicks.logarithmic(low: 1e-8, high: 1e8, target: 6)
        #expect(many.values.count <= 9 && many.values.count >= 3)
        #expect(abs(wide.fraction(of: 1) - 0.5) < 1e-9)
    }
}

@Suite("Number labels")
struct NumberLabelTests {
    @Test(
        "compact: three significant digits, SI suffixes, scientific when tiny",
        arguments: [
            (0.12, "0.12"), (2.3, "2.3"), (60, "60"), (1234, "1.23k"), (2_500_000, "2.5M"), (1e-5, "1e-5"),
            (2.5e-5, "2.5e-5"), (-0.5, "-0.5"), (999_960, "1M"), (0, "0"), (123.456, "123"), (0.0123, "0.0123"),
            (3e9, "3G"), (0.001, "0.001"), (Double.nan, "nan"), (-Double.infinity, "-inf"),
            // Past the largest suffix, scientific (not "1000E").
            (1e21, "1e21"), (2.5e22, "2.5e22"), (5e20, "500E"),
        ])
    func compact(value: Double, expected: String) {
        #expect(NumberLabel.compact(value) == expected)
    }

    @Test(
        "ticks share their step's precision",
        arguments: [
            (2500, 500, "2.5k"), (1000, 500, "1.0k"), (500, 500, "500"), (0.3, 0.1, "0.3"), (3e-5, 1e-5, "3e-5"),
            (2.5e-5, 5e-6, "2.5e-5"), (1.5, 0.5, "1.5"), (2, 0.5, "2.0"), (0, 0.5, "0.0"), (-1000, 500, "-1.0k"),
            (0.30000000000000004, 0.1, "0.3"), (40_000, 20_000, "40k"), (1.25, 0.25, "1.25"),
            (1e21, 5e20, "1e21"), (2.5e34, 5e33, "2.5e34"),
        ])
    func tick(value: Double, step: Double, expected: String) {
        #expect(NumberLabel.tick(value, step: step) == expected)
    }

    @Test(
        "counts with thousands separators",
        arguments: [
            (0, "0"), (999, "999"), (5000, "5,000"), (100_000, "100,000"),
            (-1_234_567, "-1,234,567"),
        ])
    func grouped(count: Int, expected: String) {
        #expect(NumberLabel.grouped(count) == expected)
    }
}

@Suite("Downsampling")
struct DownsamplingTests {
    @Test("long lines keep every bucket's extremes, in order")
    func keepsExtremes() {
        var y = (0..<10_000).map { sin(Double($0) / 50) }
        y[7_777] = 100
        y[1_234] = -100
        y[5_000] = .nan
        let kept = Downsampling.lineIndices(y, buckets: 100)
        #expect(kept.count <= 500 && kept.count >= 200)
        #expect(kept == kept.sorted() && Set(kept).count == kept.count)
        #expect(kept.contains(7_777) && kept.contains(1_234) && kept.contains(5_000))
        #expect(kept.first == 0 && kept.last == 9_999)
        for bucket in 0..<100 {
            let range = (bucket * 100)..<((bucket + 1) * 100)
            let finite = range.filter { y[$0].isFinite }
            let low = finite.min { y[$0] < y[$1] }!, high = finite.max { y[$0] < y[$1] }!
            #expect(kept.contains(low) && kept.contains(high), "bucket \(bucket)")
        }
    }

    @Test("short lines are left alone")
    func shortLine() {
        #expect(Downsampling.lineIndices([1, 2, 3], buckets: 100) == [0, 1, 2])
    }

    @Test("scatter samples: exactly the limit, ordered, spread, the same every time")
    func sample() {
        let first = Downsampling.sampleIndices(count: 100_000, limit: 5_000)
        #expect(first.count == 5_000)
        #expect(zip(first, first.dropFirst()).allSatisfy { $0 < $1 })
        #expect(first.first! < 200 && first.last! > 99_800)
        #expect(first == Downsampling.sampleIndices(count: 100_000, limit: 5_000))
        #expect(Downsampling.sampleIndices(count: 10, limit: 5_000) == Array(0..<10))
    }
}
