import Foundation

/// Sizes as people read them, in binary units: `812 B`, `3.40 KiB`, `1.02 GiB`.
public enum ByteText {
    public static func size(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.2f ", value) + units[unit]
    }
}
