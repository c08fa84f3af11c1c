import Foundation

/// The finite values of a stepped, integer or choice distribution, numbered from 0: what
/// a grid enumerates, and how a recorded value is matched back to its place.
extension SweepDistribution {
    /// How many values there are; nil for a continuous distribution (uniform without a
    /// step, loguniform). Saturates at `Int.max` for lattices too large to count.
    public var valueCount: Int? {
        switch self {
        case .uniform(let lo, let hi, let step):
            guard let step else { return nil }
            // The tolerance keeps hi itself when (hi - lo) / step rounds just below a whole number.
            let count = ((hi - lo) / step * (1 + 1e-12)).rounded(.down) + 1
            return count < Double(Int.max / 2) ? Int(count) : Int.max
        case .logUniform:
            return nil
        case .integer(let lo, let hi, _, let step):
            let (width, overflow) = hi.subtractingReportingOverflow(lo)
            return overflow ? Int.max : width / step + 1
        case .choice(let values):
            return values.count
        }
    }

    /// The `index`th value, in order: lo, lo + step, ... (0 <= index < valueCount).
    public func value(at index: Int) -> SweepValue {
        switch self {
        case .uniform(let lo, let hi, let step):
            // A multiple of the step rather than a running sum, so errors do not accumulate,
            // then rounded to the decimals of lo and step: 0.3, not 0.30000000000000004.
            let x = Swift.min(lo + Double(index) * (step ?? 0), hi)
            guard let places = Self.decimalPlaces([lo, step ?? 0]) else { return .number(x) }
            let scale = pow(10, Double(places))
            return .number((x * scale).rounded() / scale)
        case .logUniform(let lo, _):
            return .number(lo)
        case .integer(let lo, _, _, let step):
            return .number(Double(lo + index * step))
        case .choice(let values):
            return values[index]
        }
    }

    /// Where `value` stands among the values; nil when it is not one of them (another
    /// kind, off the lattice, out of range) or the distribution is continuous.
    public func index(of value: SweepValue) -> Int? {
        guard let count = valueCount else { return nil }
        switch self {
        case .uniform(let lo, _, let step):
            guard let x = value.number, let step else { return nil }
            return Self.latticeIndex(x, lo: lo, step: step, count: count)
        case .integer(let lo, _, _, let step):
            guard let x = value.number else { return nil }
            return Self.latticeIndex(x, lo: Double(lo), step: Double(step), count: count)
        case .logUniform:
            return nil
        case .choice(let values):
            return values.firstIndex(of: value)
        }
    }

    /// How many decimals the numbers are written with at most (0.25: 2, 1e-07: 7); nil
    /// past 15, where scaling by a power of ten would itself round.
    private static func decimalPlaces(_ numbers: [Double]) -> Int? {
        var most = 0
        for number in numbers {
            let text = number.magnitude.description
            let parts = text.split(separator: "e")
            let mantissa = parts[0].split(separator: ".")
            var places = mantissa.count == 2 && mantissa[1] != "0" ? mantissa[1].count : 0
            if parts.count == 2, let exponent = Int(parts[1]) { places -= exponent }
            most = Swift.max(most, places)
        }
        return most <= 15 ? most : nil
    }

    /// The nearest lattice index to x, if x lies on the lattice (to a relative 1e-9, so a
    /// value that went through text and back still matches).
    private static func latticeIndex(_ x: Double, lo: Double, step: Double, count: Int) -> Int? {
        let k = ((x - lo) / step).rounded()
        guard k >= 0, k < Double(count) else { return nil }
        let onLattice = abs(lo + k * step - x) <= 1e-9 * Swift.max(1, abs(x), abs(step))
        return onLattice ? Int(k) : nil
    }
}
