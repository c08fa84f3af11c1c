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

    /// `2025-11-29T02:41:07.250Z`: to the millisecond (prediction logs).
    public static func iso8601Milliseconds(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`: an HTTP date (RFC 9110's IMF-fixdate), as
    /// `Last-Modified` carries one.
    public static func http(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    /// A time as a user writes one: `2026-12-05` (midnight UTC), `2026-12-05T10:00:00Z`,
    /// with or without fractional seconds; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return full.date(from: text) ?? plain.date(from: text) ?? day.date(from: text)
    }
}
