import TextFormat

/// One value a sweep gives a parameter: a number, a string, a boolean or null. Integers
/// are numbers (an `integer` distribution's values are whole numbers), as in the language.
/// Its JSON form is the plain JSON value: `0.01`, `"relu"`, `true`, `null`.
public enum SweepValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)
    case null

    /// The number, nil for the other kinds.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// As the language writes it: `0.01`, `"relu"`, `true`, `nil`.
    public var description: String {
        switch self {
        case .number(let value): NumberText.shortest(value)
        case .string(let text): "\"\(text)\""
        case .bool(let flag): flag ? "true" : "false"
        case .null: "nil"
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Bool before Double: a decoder that reads `true` as 1 would lose the kind.
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .string(let text): try container.encode(text)
        case .bool(let flag): try container.encode(flag)
        case .null: try container.encodeNil()
        }
    }
}
