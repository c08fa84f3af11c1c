import Foundation

/// Lengths of time as text: training progress, how long a run took.
public enum DurationText {
    /// `0.4s`, `12s`, `2m 05s`, `1h 02m`.
    public static func short(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "" }
        if seconds < 10 { return String(format: "%.1fs", max(0, seconds)) }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return String(format: "%dm %02ds", whole / 60, whole % 60) }
        return String(format: "%dh %02dm", whole / 3600, (whole % 3600) / 60)
    }
}
