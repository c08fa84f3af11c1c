#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds row boundaries in a buffer of CSV text that starts at a row boundary, so
/// the loader can cut it into pieces that parse independently. Without quote
/// characters a line end always ends a row and `memchr` finds them; with quotes,
/// a scan that follows the parser's quoting rules (a quote opens a field only at its
/// start; `""` inside quotes is a literal quote) tells line ends inside quoted
/// fields apart.
enum CSVBoundaries {
    /// Offsets just after row-ending line feeds: for each of `targets` (ascending),
    /// the first boundary at or after it (or nil); and the last boundary in the buffer.
    struct Cuts {
        var splits: [Int?]
        var last: Int?
    }

    static func find(in base: UnsafePointer<UInt8>, count: Int, delimiter: UInt8, targets: [Int]) -> Cuts {
        if memchr(base, Int32(UInt8(ascii: "\"")), count) == nil {
            return unquoted(base, count: count, targets: targets)
        }
        return quoted(base, count: count, delimiter: delimiter, targets: targets)
    }

    private static func unquoted(_ base: UnsafePointer<UInt8>, count: Int, targets: [Int]) -> Cuts {
        // Scanning back from the end: the last line end is usually a row's length away.
        var last: Int?
        var index = count - 1
        while index >= 0 {
            if base[index] == UInt8(ascii: "\n") { last = index + 1; break }
            index -= 1
        }
        let splits: [Int?] = targets.map { (target: Int) -> Int? in
            guard target < count, let found = memchr(base + target, Int32(UInt8(ascii: "\n")), count - target) else {
                return nil
            }
            return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
        }
        return Cuts(splits: splits, last: last)
    }

    private static func quoted(_ base: UnsafePointer<UInt8>, count: Int, delimiter: UInt8, targets: [Int]) -> Cuts {
        var splits = [Int?](repeating: nil, count: targets.count)
        var nextTarget = 0
        var last: Int?
        var inQuotes = false
        var fieldStart = true
        var index = 0
        while index < count {
            let byte = base[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < count, base[index + 1] == UInt8(ascii: "\"") {
                        index += 2
                        continue
                    }
                    inQuotes = false
                }
            } else if byte == UInt8(ascii: "\"") && fieldStart {
                inQuotes = true
                fieldStart = false
            } else if byte == delimiter || byte == UInt8(ascii: "\r") {
                fieldStart = true
            } else if byte == UInt8(ascii: "\n") {
                fieldStart = true
                last = index + 1
                while nextTarget < targets.count, targets[nextTarget] <= index {
                    splits[nextTarget] = index + 1
                    nextTarget += 1
                }
            } else {
                fieldStart = false
            }
            index += 1
        }
        return Cuts(splits: splits, last: last)
    }
}
