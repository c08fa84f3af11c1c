import Foundation

/// Numbers as text, the same way everywhere Strata shows or records one: the
/// language's values, JSON, error messages, tables of metrics and statistics.
public enum NumberText {
    /// The shortest text that reads back as the same number: whole numbers without a
    /// fraction (`42`), others as Swift's shortest round-trip form (`0.1`, `1e-07`,
    /// `1e20`: no `+` in the exponent, so the language's lexer and JSON both read it),
    /// and `nan`, `inf`, `-inf`.
    public static func shortest(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        if number == number.rounded(), abs(number) < 1e16 {
            return number == 0 ? "0" : String(Int64(number))
        }
        return number.description.replacing("e+", with: "e")
    }

    /// A Float (a dataset's cell) in its shortest form: whole numbers without a fraction
    /// (`5`, `16777216`) as for Doubles, others as Float's shortest round-trip form (`5.1`,
    /// not 5.099999904632568; `3.4028235e38`, without a `+`).
    public static func shortest(_ number: Float) -> String {
        if number.isNaN || number.isInfinite { return shortest(Double(number)) }
        if number == number.rounded(), abs(number) < 1e16 { return number == 0 ? "0" : String(Int64(number)) }
        return number.description.replacing("e+", with: "e")
    }

    /// A metric in a table or a progress line: four significant digits (`0.9667`).
    public static func metric(_ value: Double) -> String { significant(value, digits: 4) }

    /// `digits` significant digits without trailing zeros (`0.9667`, `0.05123`, `2891`
    /// with 4), scientific notation below 1e-4 and from 1e5 on (`1.235e+05`), and the
    /// shortest form for whole numbers below 1e5 and for nan and infinities. Metrics in
    /// tables use 4 digits, dataset statistics 5.
    public static func significant(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return shortest(value) }
        let digits = max(1, digits)
        if value != 0, abs(value) >= 1e5 || abs(value) < 1e-4 {
            return String(format: "%.\(digits - 1)e", value)
        }
        let decimals = value == 0 ? 1 : max(0, digits - 1 - Int(log10(abs(value)).rounded(.down)))
        let text = String(format: "%.\(decimals)f", value)
        // Trailing zeros say nothing: 0.9500 reads as 0.95.
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.last == "0" { trimmed.removeLast() }
        if trimmed.last == "." { trimmed.removeLast() }
        return String(trimmed)
    }
}
