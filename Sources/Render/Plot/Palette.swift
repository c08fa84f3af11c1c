/// An opaque colour, components from 0 to 1.
public struct Color: Sendable, Equatable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `0x0072B2`.
    public init(hex: UInt32) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255)
    }

    /// Perceived brightness (Rec. 709 weights), to pick black or white text on a cell.
    public var luminance: Double { 0.2126 * red + 0.7152 * green + 0.0722 * blue }

    /// Part way from `self` to `other`.
    public func mixed(with other: Color, _ amount: Double) -> Color {
        Color(
            red: red + (other.red - red) * amount, green: green + (other.green - green) * amount,
            blue: blue + (other.blue - blue) * amount)
    }
}

/// The colours plots use. Series colours are Okabe and Ito's palette, which people
/// with the common colour-vision deficiencies tell apart; yellow is left to last
/// because it is faint on white. Scales are light-to-dark blues (single hue, readable
/// for everyone) for counts and viridis for values on scatter points and for a sweep's
/// objective on parallel coordinates.
public enum Palette {
    public static let series: [Color] = [
        0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0x000000, 0xF0E442,
    ].map { Color(hex: $0) }

    /// The colour for series `index`, cycling.
    public static func color(_ index: Int) -> Color {
        series[((index % series.count) + series.count) % series.count]
    }

    public static let background = Color(hex: 0xFFFFFF)
    public static let text = Color(hex: 0x262626)
    public static let axis = Color(hex: 0x4D4D4D)
    public static let grid = Color(hex: 0xE5E5E5)
    public static let missing = Color(hex: 0xB0B0B0)

    /// Matplotlib's "Blues", from near-white to dark blue.
    static let blues: [Color] = [
        0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B,
    ].map { Color(hex: $0) }

    /// Matplotlib's "viridis", sampled at nine points.
    static let viridis: [Color] = [
        0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725,
    ].map { Color(hex: $0) }

    /// Blue through white to red, for matrices with both signs (correlations).
    static let diverging: [Color] = [
        0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B,
    ].map { Color(hex: $0) }

    /// A colour scale: `position` from 0 to 1 interpolated along `stops`.
    static func interpolate(_ stops: [Color], _ position: Double) -> Color {
        guard position.isFinite else { return missing }
        let clamped = min(1, max(0, position)) * Double(stops.count - 1)
        let index = min(stops.count - 2, Int(clamped))
        return stops[index].mixed(with: stops[index + 1], clamped - Double(index))
    }
}

/// A sequential or diverging colour scale over a value range.
struct ColorScale {
    var stops: [Color]
    var lower: Double
    var upper: Double

    /// Blues from 0 (or the minimum) for non-negative data; a symmetric diverging
    /// scale when the data has both signs.
    static func forMatrix(low: Double, high: Double) -> ColorScale {
        if low < 0, high > 0 {
            let bound = max(-low, high)
            return ColorScale(stops: Palette.diverging, lower: -bound, upper: bound)
        }
        let lower = low >= 0 ? min(0, low) : low
        return ColorScale(stops: Palette.blues, lower: lower, upper: high > lower ? high : lower + 1)
    }

    /// Viridis over an objective's range, turned so the best value gets the dark end:
    /// dark lines stand out on white and the pale yellow of the worst recedes, which is
    /// what a sweep's reader wants to see. A single value spans `fallback`.
    static func forObjective(
        low: Double, high: Double, higherIsBetter: Bool,
        fallback: ClosedRange<Double>
    ) -> ColorScale {
        let range = low < high ? low...high : fallback
        return ColorScale(
            stops: higherIsBetter ? Palette.viridis.reversed() : Palette.viridis,
            lower: range.lowerBound, upper: range.upperBound)
    }

    func color(_ value: Double) -> Color {
        Palette.interpolate(stops, (value - lower) / (upper - lower))
    }
}
