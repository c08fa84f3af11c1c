import Foundation

/// Numbers as plots label them: short, with SI suffixes for large values (`1.5k`,
/// `2.5M`) and scientific notation for tiny ones (`1e-5`).
public enum NumberLabel {
    /// Suffixes for powers of 1000, from 10^3.
    static let suffixes = ["k", "M", "G", "T", "P", "E"]
    /// From here on (1000E) a suffix no longer shortens: scientific notation does.
    static let largestSuffixed = 1e21

    /// A tick label: ticks of one axis share the precision their `step` needs, so
    /// `0.5, 1.0, 1.5` line up and `0.1 + 0.2` reads `0.3`.
    public static func tick(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        // Zero shares its neighbours' decimals (`0.0`, `0.5`) unless they use suffixes.
        if value == 0 { return step >= 1000 || step < 1e-3 ? "0" : fixed(0, decimals: decimals(for: step)) }
        let magnitude = abs(value)
        if magnitude >= largestSuffixed { return scientific(value, precisionStep: nil) }
        if magnitude >= 1000 {
            let power = min(suffixes.count, Int((log10(magnitude) + 1e-9) / 3))
            let scale = pow(1000, Double(power))
            return fixed(value / scale, decimals: decimals(for: step / scale)) + suffixes[power - 1]
        }
        if step < 1e-3 || magnitude < 1e-3 {
            return scientific(value, precisionStep: step)
        }
        return fixed(value, decimals: decimals(for: step))
    }

    /// A value on its own with three significant digits: `0.123`, `2.3`, `60`,
    /// `1.23k`, `2.5M`, `1e-5`, `-0.5`.
    public static func compact(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= largestSuffixed { return scientific(value, precisionStep: nil) }
        if magnitude >= 1000 {
            let power = min(suffixes.count, Int((log10(magnitude) + 1e-9) / 3))
            let scaled = value / pow(1000, Double(power))
            // 999.96k rounds to 1000k; move to the next suffix instead.
            if abs(Double(significant(scaled, digits: 3)) ?? 0) >= 1000, power < suffixes.count {
                return significant(scaled / 1000, digits: 3) + suffixes[power]
            }
            return significant(scaled, digits: 3) + suffixes[power - 1]
        }
        if magnitude < 1e-3 {
            return scientific(value, precisionStep: nil)
        }
        return significant(value, digits: 3)
    }

    /// The decimals a step needs: 0.5 needs 1, 0.25 needs 2, 20 needs 0.
    static func decimals(for step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        var decimals = 0
        var scaled = step
        // Count until the step is whole, so 0.25 gives 2 and 0.2 gives 1.
        while decimals < 12, abs(scaled - scaled.rounded()) > 1e-6 * max(1, scaled) {
            scaled *= 10
            decimals += 1
        }
        return decimals
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text == "-0" || text.hasPrefix("-0.") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// `2.5e-5`: the mantissa with the digits `precisionStep` needs (or up to three
    /// significant ones), no `+` and no leading zeros in the exponent.
    static func scientific(_ value: Double, precisionStep: Double?) -> String {
        let exponent = Int((log10(abs(value)) + 1e-9).rounded(.down))
        var mantissa = value / pow(10, Double(exponent))
        var shift = exponent
        if abs(mantissa) >= 9.9995 { mantissa /= 10; shift += 1 }
        let body: String
        if let precisionStep, precisionStep > 0 {
            let mantissaStep = precisionStep / pow(10, Double(shift))
            body = fixed(mantissa, decimals: min(3, decimals(for: mantissaStep)))
        } else {
            body = significant(mantissa, digits: 3)
        }
        return body + "e" + String(shift)
    }

    /// `digits` significant digits without trailing zeros: 2.30 reads `2.3`.
    static func significant(_ value: Double, digits: Int) -> String {
        let magnitude = abs(value)
        let integerDigits = magnitude >= 1 ? Int(log10(magnitude).rounded(.down)) + 1 : 0
        let decimals = max(0, digits - integerDigits)
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        // Small values need leading zeros kept significant: 0.0123 -> "0.0123".
        if magnitude < 1, magnitude > 0 {
            let leadingZeros = Int((-log10(magnitude)).rounded(.down))
            let needed = leadingZeros + digits
            var precise = String(format: "%.\(needed)f", value)
            while precise.hasSuffix("0") { precise.removeLast() }
            if precise.hasSuffix(".") { precise.removeLast() }
            text = precise
        }
        return text
    }

    static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf")
    }

    /// `100,000`: a count with thousands separators, for notes and summaries.
    public static func grouped(_ count: Int) -> String {
        let digits = String(abs(count))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return count < 0 ? "-" + out : out
    }
}
