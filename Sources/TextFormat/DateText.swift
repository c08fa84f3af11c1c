import Foundation

/// Points in time as text.
public enum DateText {
    /// `2025-11-29 14:02:07`, local time: tables of runs, in notebooks and the terminal.
    public static func local(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// `2025-11-29T02:41:07Z`: a run's `.created` and machine-readable output.
    public static func iso8601(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
