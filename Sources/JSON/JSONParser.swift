/// Why JSON text could not be read; `offset` is a byte offset into the input.
public enum JSONParseError: Error, Sendable, Equatable {
    case unexpectedEnd
    case unexpectedByte(UInt8, offset: Int)
    case invalidNumber(offset: Int)
    case invalidEscape(offset: Int)
    case controlCharacterInString(offset: Int)
    case nestingTooDeep(offset: Int)
    case trailingData(offset: Int)
}

extension JSONParseError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unexpectedEnd: "unexpected end of JSON text"
        case .unexpectedByte(let byte, let offset):
            if byte >= 0x20 && byte < 0x7F {
                "unexpected character '\(Character(Unicode.Scalar(byte)))' at byte \(offset)"
            } else {
                "unexpected byte 0x\(String(byte, radix: 16)) at byte \(offset)"
            }
        case .invalidNumber(let offset): "invalid number at byte \(offset)"
        case .invalidEscape(let offset): "invalid escape sequence at byte \(offset)"
        case .controlCharacterInString(let offset): "unescaped control character in a string at byte \(offset)"
        case .nestingTooDeep(let offset): "arrays and objects nested too deeply at byte \(offset)"
        case .trailingData(let offset): "unexpected data after the JSON value at byte \(offset)"
        }
    }
}

/// A value a JSON document can be read into: `JSONValue` (objects as dictionaries, for
/// wire messages), or a type that keeps objects' keys in order (the store's params).
public protocol JSONBuildable {
    static func jsonNull() -> Self
    static func jsonBool(_ value: Bool) -> Self
    static func jsonNumber(_ value: Double) -> Self
    static func jsonString(_ value: String) -> Self
    static func jsonArray(_ elements: [Self]) -> Self
    /// The fields in the order they appear; a key may repeat (the last one wins in JSON's usual reading).
    static func jsonObject(_ fields: [(String, Self)]) -> Self
}

/// The one JSON reader of the project: strict RFC 8259, building any `JSONBuildable`
/// value. It also accepts the `NaN`, `Infinity` and `-Infinity` tokens that Python's
/// `json` module writes. Invalid UTF-8 inside strings is replaced by U+FFFD rather than
/// rejected.
public struct JSONParser: ~Copyable {
    /// Deep enough for any real message, shallow enough to never exhaust a thread's stack.
    public static let maximumDepth = 512

    private let input: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0

    private init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    /// Parses exactly one JSON value (surrounding whitespace allowed) from UTF-8 bytes.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        try result(of: bytes).get()
    }

    /// Parses exactly one JSON value from UTF-8 bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { result(of: $0) }.get()
    }

    /// Parses exactly one JSON value from UTF-8 text.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { result(of: $0) }.get()
    }

    /// Parses exactly one JSON value from UTF-8 text into a `V`.
    public static func parse<V: JSONBuildable>(_ text: String, as type: V.Type) throws(JSONParseError) -> V {
        var text = text
        return try text.withUTF8 { (bytes: UnsafeBufferPointer<UInt8>) -> Result<V, JSONParseError> in
            result(of: bytes, as: V.self)
        }.get()
    }

    // A Result rather than typed throws: the callers' `withUnsafe...` closures are
    // `rethrows`, which would widen the error to `any Error`.
    private static func result(of bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        result(of: bytes, as: JSONValue.self)
    }

    private static func result<V: JSONBuildable>(of bytes: UnsafeBufferPointer<UInt8>, as type: V.Type) -> Result<
        V, JSONParseError
    > {
        var parser = JSONParser(input: bytes)
        do throws(JSONParseError) {
            let value: V = try parser.parseValue()
            parser.skipWhitespace()
            if parser.position < bytes.count { throw .trailingData(offset: parser.position) }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    private mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func peekNonSpace() throws(JSONParseError) -> UInt8 {
        skipWhitespace()
        guard position < input.count else { throw .unexpectedEnd }
        return input[position]
    }

    private mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        let next = try peekNonSpace()
        guard next == byte else { throw .unexpectedByte(next, offset: position) }
        position += 1
    }

    private mutating func parseValue<V: JSONBuildable>() throws(JSONParseError) -> V {
        let byte = try peekNonSpace()
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .jsonString(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .jsonBool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .jsonBool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .jsonNull()
        case UInt8(ascii: "N"): try parseLiteral("NaN"); return .jsonNumber(.nan)
        case UInt8(ascii: "I"): try parseLiteral("Infinity"); return .jsonNumber(.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .jsonNumber(try parseNumber())
        default: throw .unexpectedByte(byte, offset: position)
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = position
        let matched = literal.withUTF8Buffer { expected -> Bool in
            guard input.count - start >= expected.count else { return false }
            for i in 0..<expected.count where input[start + i] != expected[i] { return false }
            return true
        }
        guard matched else {
            throw start + literal.utf8CodeUnitCount > input.count
                ? .unexpectedEnd : .unexpectedByte(input[start], offset: start)
        }
        position += literal.utf8CodeUnitCount
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > Self.maximumDepth { throw .nestingTooDeep(offset: position) }
        position += 1
    }

    private mutating func parseObject<V: JSONBuildable>() throws(JSONParseError) -> V {
        try enterContainer()
        defer { depth -= 1 }
        var fields: [(String, V)] = []
        if try peekNonSpace() == UInt8(ascii: "}") {
            position += 1
            return .jsonObject(fields)
        }
        while true {
            let next = try peekNonSpace()
            guard next == UInt8(ascii: "\"") else { throw .unexpectedByte(next, offset: position) }
            let key = try parseString()
            try expect(UInt8(ascii: ":"))
            fields.append((key, try parseValue()))
            let separator = try peekNonSpace()
            position += 1
            if separator == UInt8(ascii: "}") { return .jsonObject(fields) }
            guard separator == UInt8(ascii: ",") else { throw .unexpectedByte(separator, offset: position - 1) }
        }
    }

    private mutating func parseArray<V: JSONBuildable>() throws(JSONParseError) -> V {
        try enterContainer()
        defer { depth -= 1 }
        var elements: [V] = []
        if try peekNonSpace() == UInt8(ascii: "]") {
            position += 1
            return .jsonArray(elements)
        }
        while true {
            elements.append(try parseValue())
            let separator = try peekNonSpace()
            position += 1
            if separator == UInt8(ascii: "]") { return .jsonArray(elements) }
            guard separator == UInt8(ascii: ",") else { throw .unexpectedByte(separator, offset: position - 1) }
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = position
        var isInteger = true
        if input[position] == UInt8(ascii: "-") {
            position += 1
            if position < input.count, input[position] == UInt8(ascii: "I") {
                try parseLiteral("Infinity")
                return -.infinity
            }
        }
        // JSON forbids leading zeros, so "0" stands alone before a fraction or exponent.
        guard position < input.count, isDigit(input[position]) else { throw .invalidNumber(offset: start) }
        if input[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            skipDigits()
        }
        if position < input.count, input[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < input.count, isDigit(input[position]) else { throw .invalidNumber(offset: start) }
            skipDigits()
        }
        if position < input.count, input[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < input.count, input[position] == UInt8(ascii: "+") || input[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < input.count, isDigit(input[position]) else { throw .invalidNumber(offset: start) }
            skipDigits()
        }
        let text = UnsafeBufferPointer(rebasing: input[start..<position])
        // Up to 16 characters fit an Int64: the common case skips strtod.
        if isInteger, text.count <= 16 {
            var value: Int64 = 0
            for byte in text where byte != UInt8(ascii: "-") { value = value * 10 + Int64(byte - UInt8(ascii: "0")) }
            // Int64 to Double rounds to nearest, exactly as strtod would.
            return text[0] == UInt8(ascii: "-") ? -Double(value) : Double(value)
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)) else { throw .invalidNumber(offset: start) }
        return value
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while position < input.count, isDigit(input[position]) { position += 1 }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        position += 1  // the opening quote
        let start = position
        // Fast path: most strings have no escapes and decode straight from the input.
        while position < input.count {
            let byte = input[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: UnsafeBufferPointer(rebasing: input[start..<(position - 1)]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw .controlCharacterInString(offset: position) }
            position += 1
        }
        guard position < input.count else { throw .unexpectedEnd }
        var buffer = Array(UnsafeBufferPointer(rebasing: input[start..<position]))
        while position < input.count {
            let byte = input[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw .controlCharacterInString(offset: position)
            default:
                buffer.append(byte)
                position += 1
            }
        }
        throw .unexpectedEnd
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard position < input.count else { throw .unexpectedEnd }
        let code = input[position]
        position += 1
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(code)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4(escapeStart: escapeStart)
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate pairs with a following \uDC00-\uDFFF escape.
                let save = position
                if position + 1 < input.count, input[position] == UInt8(ascii: "\\"),
                    input[position + 1] == UInt8(ascii: "u")
                {
                    position += 2
                    let low = try parseHex4(escapeStart: save)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        position = save
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00..<0xE000).contains(scalar) {
                scalar = 0xFFFD  // a lone low surrogate cannot be a Swift character
            }
            let unicode = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            buffer.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw .invalidEscape(offset: escapeStart)
        }
    }

    private mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard position + 4 <= input.count else { throw .unexpectedEnd }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = input[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidEscape(offset: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}

extension JSONValue: JSONBuildable {
    public static func jsonNull() -> JSONValue { .null }
    public static func jsonBool(_ value: Bool) -> JSONValue { .bool(value) }
    public static func jsonNumber(_ value: Double) -> JSONValue { .number(value) }
    public static func jsonString(_ value: String) -> JSONValue { .string(value) }
    public static func jsonArray(_ elements: [JSONValue]) -> JSONValue { .array(elements) }
    public static func jsonObject(_ fields: [(String, JSONValue)]) -> JSONValue {
        .object(Dictionary(fields, uniquingKeysWith: { _, last in last }))
    }
}
