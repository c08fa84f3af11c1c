/// One `allow` or `disallow` line: a path pattern matched from the start of a URL's
/// path and query, where `*` stands for any run of characters and a final `$` anchors
/// the end (RFC 9309 2.2.3). Patterns and paths are compared in one canonical
/// percent-encoding (`RobotsRule.canonical`), so `/café` and `/caf%C3%A9` agree.
public struct RobotsRule: Sendable, Equatable {
    public var allows: Bool
    /// The pattern as written in the file.
    public var path: String
    /// The pattern's octets in canonical form, `*` and a final `$` kept as operators.
    let octets: [UInt8]
    let anchored: Bool

    public init(allows: Bool, path: String) {
        self.allows = allows
        self.path = path
        var octets = RobotsRule.canonical(path)
        anchored = octets.last == UInt8(ascii: "$")
        if anchored { octets.removeLast() }
        self.octets = octets
    }

    /// How specific the rule is: the number of octets in its pattern (RFC 9309 2.2.2:
    /// "the match that has the most octets").
    var specificity: Int { octets.count + (anchored ? 1 : 0) }

    /// Whether the pattern matches the start of `path` (already canonical), or all of
    /// it when anchored. Greedy with one backtrack point per `*`, so the cost stays
    /// O(pattern x path) whatever the file's author wrote.
    func matches(_ path: [UInt8]) -> Bool {
        let star = UInt8(ascii: "*")
        var p = 0, t = 0
        var lastStar: Int?
        var resume = 0
        while true {
            if p == octets.count {
                // Unanchored patterns only need to match a prefix.
                if !anchored || t == path.count { return true }
            } else if octets[p] == star {
                lastStar = p
                resume = t
                p += 1
                continue
            } else if t < path.count, octets[p] == path[t] {
                p += 1
                t += 1
                continue
            }
            // A mismatch (or an anchored end not reached): let the last star take one more octet.
            guard let star = lastStar, resume < path.count else { return false }
            resume += 1
            t = resume
            p = star + 1
        }
    }

    /// The octets of `text` in the form robots.txt matching compares: bytes outside
    /// printable ASCII percent-encoded, escapes of unreserved characters decoded
    /// (`%7E` is `~`), other escapes in upper case (RFC 9309 2.2.2).
    static func canonical(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                let decoded = high << 4 | low
                if isUnreserved(decoded) {
                    out.append(decoded)
                } else {
                    out.append(contentsOf: percentEncoded(decoded))
                }
                index += 3
                continue
            }
            if byte <= 0x20 || byte >= 0x7F {
                out.append(contentsOf: percentEncoded(byte))
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func percentEncoded(_ byte: UInt8) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        return [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
    }
}
