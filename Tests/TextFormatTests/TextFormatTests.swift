import Foundation
import Testing
import TextFormat

@Suite struct TextFormatTests {
    @Test(arguments: [
        (42.0, "42"), (0.1, "0.1"), (1e16, "1e16"), (2.5e-8, "2.5e-08"), (-0.0, "0"), (Double.nan, "nan"),
        (Double.infinity, "inf"),
    ])
    func shortestReadsBackAsTheSameNumber(_ value: Double, _ text: String) {
        #expect(NumberText.shortest(value) == text)
        if value.isFinite { #expect(Double(NumberText.shortest(value)) == value) }
    }

    @Test(arguments: [
        (Float(5), "5"), (Float(5.1), "5.1"), (Float(-0.25), "-0.25"), (Float(1e-7), "1e-07"),
        (Float(16_777_216), "16777216"), (Float(3.4028235e38), "3.4028235e38"),
    ])
    func floatsInTheirOwnShortestForm(_ value: Float, _ text: String) {
        #expect(NumberText.shortest(value) == text)
    }

    @Test(arguments: [
        (0.96666, 4, "0.9667"), (0.051234, 4, "0.05123"), (2891.0, 4, "2891"), (0.95, 4, "0.95"), (0.0, 4, "0"),
        (123456.0, 4, "1.235e+05"), (0.00001234, 4, "1.234e-05"), (654.891, 5, "654.89"), (0.00063, 5, "0.00063"),
        (Double.nan, 4, "nan"),
    ])
    func significantDigitsWithoutTrailingZeros(_ value: Double, _ digits: Int, _ text: String) {
        #expect(NumberText.significant(value, digits: digits) == text)
    }

    @Test(arguments: [(0.44, "0.4s"), (12.4, "12s"), (125.0, "2m 05s"), (3725.0, "1h 02m")])
    func durations(_ seconds: Double, _ text: String) {
        #expect(DurationText.short(seconds) == text)
    }

    @Test func datesInUTCAndLocalTime() {
        let date = Date(timeIntervalSince1970: 1_764_383_267)
        #expect(DateText.iso8601(date) == "2025-11-29T02:27:47Z")
        #expect(DateText.local(date).count == "2025-11-29 02:27:47".count)
    }
}
