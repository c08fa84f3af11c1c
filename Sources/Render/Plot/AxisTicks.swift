import Foundation

/// Where an axis puts its ticks: "nice" steps of 1, 2 or 5 times a power of ten on a
/// linear axis, powers of ten (with 2 and 5 between when the range is short) on a log
/// axis, and the range the axis shows.
public struct AxisTicks: Sendable, Equatable {
    /// Tick positions in data units, ascending, all inside `lower...upper`.
    public var values: [Double]
    /// The shown range.
    public var lower: Double
    public var upper: Double
    /// The distance between ticks on a linear axis (0 on a log axis).
    public var step: Double
    public var scale: AxisScale

    /// The 1-2-5 step closest above `raw`: 0.37 gives 0.5, 1300 gives 2000.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let exponent = (log10(raw)).rounded(.down)
        let power = pow(10, exponent)
        let fraction = raw / power
        // A small tolerance so 0.2 (stored as 0.2000000001) stays 0.2, not 0.5.
        let nice: Double = fraction <= 1.000001 ? 1 : fraction <= 2.000001 ? 2 : fraction <= 5.000001 ? 5 : 10
        return nice * power
    }

    /// The 1-2-5 step just below `step`: 5 gives 2, 2 gives 1, 1 gives 0.5.
    static func previousStep(_ step: Double) -> Double {
        let mantissa = step / pow(10, log10(step).rounded(.down))
        return (mantissa - 5).magnitude < 0.01 ? step * 0.4 : step * 0.5
    }

    /// Whether every finite value is a whole number (and there is one): counts, epochs,
    /// a histogram's bin heights. Such an axis gets whole-number ticks (`wholeNumbers`).
    public static func areWhole(_ values: some Sequence<Double>) -> Bool {
        var any = false
        for value in values where value.isFinite {
            guard value == value.rounded() else { return false }
            any = true
        }
        return any
    }

    /// Ticks for data from `low` to `high`, about `target` of them.
    /// - Parameters:
    ///   - padding: the fraction of the data range added on each side (none when the
    ///     axis starts at zero for bars and histograms).
    ///   - includeZero: extend the range to 0 (bar heights start there).
    ///   - wholeNumbers: the data are whole numbers (counts): steps are never below 1,
    ///     so no tick falls at 0.5 or 1.5 of something that only comes whole.
    public static func linear(
        low: Double, high: Double, target: Int = 6, padding: Double = 0.04,
        includeZero: Bool = false, wholeNumbers: Bool = false
    ) -> AxisTicks {
        var low = low.isFinite ? low : 0
        var high = high.isFinite ? high : 1
        if low > high { swap(&low, &high) }
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if low == high {
            // A flat series: show a unit-sized window (or 10% of the value) around it;
            // whole numbers get at least one unit each side, so ticks either side show.
            let half = low == 0 || wholeNumbers ? max(1, abs(low) * 0.1) : abs(low) * 0.1
            low -= half
            high += half
        }
        let range = high - low
        var lower = low - (includeZero && low == 0 ? 0 : range * padding)
        var upper = high + (includeZero && high == 0 ? 0 : range * padding)
        if includeZero, low >= 0 { lower = 0 }
        if includeZero, high <= 0 { upper = 0 }
        // Of the two 1-2-5 steps around the ideal one, take the one whose tick count is
        // nearer the target (fewer ticks on a tie): 62 epochs get steps of 10, not 20.
        var coarse = niceStep((upper - lower) / Double(max(1, target - 1)))
        var fineStep = previousStep(coarse)
        // 1-2-5 steps of 1 or more land on whole numbers only.
        if wholeNumbers { coarse = max(coarse, 1); fineStep = max(fineStep, 1) }
        // A hair of tolerance so 0.3 / 0.05 = 5.999999999999999 still ends on 0.3.
        func firstIndex(_ step: Double) -> Double { (lower / step - 1e-9).rounded(.up) }
        func lastIndex(_ step: Double) -> Double { (upper / step + 1e-9).rounded(.down) }
        func tickCount(_ step: Double) -> Int { Int(lastIndex(step) - firstIndex(step)) + 1 }
        let step = abs(tickCount(fineStep) - target) < abs(tickCount(coarse) - target) ? fineStep : coarse
        let first = firstIndex(step)
        let last = lastIndex(step)
        var values: [Double] = []
        if first <= last {
            var index = first
            while index <= last, values.count < 100 {
                // Multiplying (not accumulating) keeps 0.1 * 3 from drifting to 0.30000000000000004.
                let value = index * step
                values.append(abs(value) < step * 1e-9 ? 0 : value)
                index += 1
            }
        }
        return AxisTicks(values: values, lower: lower, upper: upper, step: step, scale: .linear)
    }

    /// Ticks on a base-10 log axis for positive data from `low` to `high`; `wholeNumbers`
    /// as for `linear` (it matters only below one decade, where steps turn linear).
    public static func logarithmic(low: Double, high: Double, target: Int = 6, wholeNumbers: Bool = false) -> AxisTicks
    {
        var low = low > 0 && low.isFinite ? low : 1
        var high = high > 0 && high.isFinite ? high : 10
        if low > high { swap(&low, &high) }
        if low == high { low /= 2; high *= 2 }
        // Pad by a few percent of the log range, as on a linear axis.
        let logLow = log10(low), logHigh = log10(high)
        let pad = (logHigh - logLow) * 0.04
        let lower = pow(10, logLow - pad), upper = pow(10, logHigh + pad)
        let firstDecade = Int((logLow - pad).rounded(.down)), lastDecade = Int((logHigh + pad).rounded(.up))
        let decades = logHigh - logLow
        var multipliers: [Double] = [1]
        if decades <= 1 { multipliers = [1, 2, 5] }
        if decades <= 0.5 { multipliers = [1, 2, 3, 5] }
        // Many decades: label every second (or third...) one so labels do not crowd.
        let every = max(1, Int((decades / Double(max(2, target))).rounded(.up)))
        var values: [Double] = []
        for decade in firstDecade...lastDecade where decade % every == 0 && (!wholeNumbers || decade >= 0) {
            for multiplier in multipliers {
                let value = multiplier * pow(10, Double(decade))
                if value >= lower * 0.999999, value <= upper * 1.000001 { values.append(value) }
            }
        }
        if values.count < 2 {
            // Less than one decade with no round numbers inside: fall back to linear steps.
            let linear = AxisTicks.linear(low: low, high: high, target: target, wholeNumbers: wholeNumbers)
            values = linear.values.filter { $0 > 0 && $0 >= lower && $0 <= upper }
        }
        return AxisTicks(values: values, lower: lower, upper: upper, step: 0, scale: .log)
    }

    /// Ticks for `scale`.
    public static func make(
        scale: AxisScale, low: Double, high: Double, target: Int,
        padding: Double = 0.04, includeZero: Bool = false, wholeNumbers: Bool = false
    ) -> AxisTicks {
        switch scale {
        case .linear:
            return linear(
                low: low, high: high, target: target, padding: padding, includeZero: includeZero,
                wholeNumbers: wholeNumbers)
        case .log: return logarithmic(low: low, high: high, target: target, wholeNumbers: wholeNumbers)
        }
    }

    /// The position of `value` between `lower` (0) and `upper` (1).
    public func fraction(of value: Double) -> Double {
        switch scale {
        case .linear: return (value - lower) / (upper - lower)
        case .log: return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// The tick labels, formatted alike (`0.5`, `1.0`, `1.5` share one precision).
    public var labels: [String] {
        switch scale {
        case .linear: return values.map { NumberLabel.tick($0, step: step) }
        case .log: return values.map { NumberLabel.compact($0) }
        }
    }
}
