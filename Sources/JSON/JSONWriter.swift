/// A compact JSON encoder for `JSONValue`: no whitespace, object keys sorted (so equal
/// values give equal bytes), non-ASCII text written as raw UTF-8, control characters
/// escaped. Whole numbers are written as integers (`3`, not `3.0`), others in Swift's
/// shortest round-trip form.
public struct JSONWriter: Sendable {
    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends one value.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let n): write(number: n)
        case .string(let s): write(string: s)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let fields):
            write(object: fields)
        }
    }

    /// Appends an object with its keys in sorted order.
    public mutating func write(object fields: [String: JSONValue]) {
        bytes.append(UInt8(ascii: "{"))
        // Sorting keeps the output deterministic; objects on the wire are small.
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(string: key)
            bytes.append(UInt8(ascii: ":"))
            write(fields[key]!)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Appends a number. JSON has no NaN or infinity, so those become `null`, as a
    /// lenient front end would read them anyway.
    public mutating func write(number n: Double) {
        guard n.isFinite else { return append("null") }
        // Whole numbers below 2^53 are exact integers; print them without a fraction.
        if n.rounded(.towardZero) == n, abs(n) < 9_007_199_254_740_992 {
            return write(integer: Int64(n))
        }
        append(n.description)
    }

    /// Appends a Float32 in its own shortest round-trip form (`0.9`, not the
    /// `0.8999999761581421` its Double would print): what a model's outputs are.
    public mutating func write(float f: Float) {
        guard f.isFinite else { return append("null") }
        if f.rounded(.towardZero) == f, abs(f) < 16_777_216 { return write(integer: Int64(f)) }
        append(f.description)
    }

    /// Appends JSON punctuation or other text the caller knows is valid JSON as it is
    /// (`{`, `,"outputs":[`), for writers that stream a document rather than build a value.
    public mutating func write(raw text: StaticString) {
        append(text)
    }

    /// Appends an integer in decimal.
    public mutating func write(integer value: Int64) {
        if value == 0 { return bytes.append(UInt8(ascii: "0")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes is room for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// Appends a quoted, escaped string.
    public mutating func write(string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        // Native Swift strings are contiguous UTF-8; bridged ones are made so once.
        string.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                }
                runStart = index + 1
                appendEscape(byte)
            }
            if runStart < utf8.count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [
                UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
            ])
        }
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }
}

extension JSONValue {
    /// The value as compact JSON bytes (see `JSONWriter`).
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter()
        writer.write(self)
        return writer.bytes
    }

    /// The value as compact JSON text (see `JSONWriter`).
    public var jsonString: String {
        var writer = JSONWriter()
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
