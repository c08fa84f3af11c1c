/// Whether a sweep looks for the smallest or the largest value.
public enum SweepDirection: String, Sendable, Hashable, Codable {
    case minimize
    case maximize

    /// Whether `a` is strictly better than `b`; NaN is never better, and anything is
    /// better than NaN.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        if a.isNaN { return false }
        if b.isNaN { return true }
        return self == .minimize ? a < b : a > b
    }

    /// The value as a loss: smaller is better in either direction (NaN becomes +inf, the worst).
    func loss(_ value: Double) -> Double {
        if value.isNaN { return .infinity }
        return self == .minimize ? value : -value
    }
}
