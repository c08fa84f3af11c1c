import Experiments
import Foundation
import Learn
import Testing

@Suite("Debugging steps")
struct DebuggingTests {
    @Test(
        "the symptoms of a curve that does not pass",
        arguments: [
            ([1.0, 0.8, .nan, .nan], OverfitSymptom.explodes),
            ([1.0, 3.0, 40.0, 200.0], .explodes),
            ([1.0, 1.1, 1.3, 1.6, 2.0], .rises),
            ([1.0, 0.5, 0.9, 0.4, 0.9, 0.4, 0.9, 0.4, 0.9, 0.4], .oscillates),
            ([1.0, 0.9, 0.85, 0.84, 0.84, 0.839, 0.839, 0.839], .plateaus),
        ])
    func symptoms(losses: [Double], expected: OverfitSymptom) {
        #expect(OverfitSymptom.classify(losses) == expected)
        #expect(!expected.causes.isEmpty)
    }

    @Test("the smoothed loss is de-biased: a constant loss smooths to itself from the first step")
    func smoothing() {
        let smoothed = SmoothedLoss.smoothing([2, 2, 2, 2])
        #expect(smoothed.allSatisfy { abs($0 - 2) < 1e-12 })
        var loss = SmoothedLoss()
        loss.add(1)
        loss.add(2)
        #expect(!loss.hasDiverged(factor: 4))
        for _ in 0..<200 { loss.add(10) }
        #expect(loss.hasDiverged(factor: 4))
    }

    @Test("the rates grow exponentially from start, as fastai schedules them")
    func rates() throws {
        let rates = ExponentialRates(start: 1e-7, end: 10, steps: 100)
        #expect(rates.rate(at: 0) == 1e-7)
        #expect(abs(rates.rate(at: 50) / 1e-7 - 1e4) < 1e-6)
        #expect(throws: SettingError.self) { try ExponentialRates(start: 1, end: 1, steps: 10).validate() }
        #expect(throws: SettingError.self) { try ExponentialRates(start: 1e-3, end: 1, steps: 1).validate() }
    }

    @Test("suggestions: valley inside the longest descent, steep at the fastest fall, minimum a tenth of the lowest")
    func suggestions() throws {
        // Flat, a long descent from index 20 to 60, then a rise.
        let lrs = (0..<100).map { 1e-6 * pow(10, Double($0) / 10) }
        let losses = (0..<100).map { i -> Double in
            if i < 20 { return 2 }
            if i < 60 { return 2 - Double(i - 20) * 0.045 }
            return 0.2 + Double(i - 60) * 0.2
        }
        let valley = try #require(LRSuggestion.valley.suggest(lrs: lrs, losses: losses, plannedSteps: 100))
        #expect(valley.index > 20 && valley.index < 60, "\(valley.index)")
        let minimum = try #require(LRSuggestion.minimum.suggest(lrs: lrs, losses: losses, plannedSteps: 100))
        #expect(minimum.index == 60)
        #expect(minimum.lr == lrs[60] / 10)
        let steep = try #require(LRSuggestion.steep.suggest(lrs: lrs, losses: losses, plannedSteps: 100))
        #expect(steep.index >= 20 && steep.index < 60)
        #expect(LRSuggestion.valley.suggest(lrs: [1, 2], losses: [.nan, .nan], plannedSteps: 2) == nil)
    }
}
