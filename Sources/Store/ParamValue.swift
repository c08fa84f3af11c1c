import Foundation
import TextFormat

/// A JSON value whose objects keep their keys in the order written: run params
/// (`[layers: [...], optimizer: [...], epochs: 60]`), schemas and lineage read back in
/// the order the user gave them.
public enum ParamValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    case list([ParamValue])
    /// Key-value pairs in order; keys are unique.
    case record([(String, ParamValue)])

    public static func == (lhs: ParamValue, rhs: ParamValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.list(let a), .list(let b)): return a == b
        case (.record(let a), .record(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(json)
    }

    /// The field `name` of a record, nil otherwise.
    public subscript(name: String) -> ParamValue? {
        guard case .record(let fields) = self else { return nil }
        return fields.first { $0.0 == name }?.1
    }

    /// Compact JSON text; numbers that are whole print without a fraction.
    public var json: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// Short text for tables: strings unquoted, the rest as JSON.
    public var description: String {
        if case .string(let text) = self { return text }
        return json
    }

    private func write(to out: inout String) {
        switch self {
        case .number(let number): out += ParamValue.format(number)
        case .string(let text): ParamValue.quote(text, into: &out)
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .record(let fields):
            out += "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { out += "," }
                ParamValue.quote(field.0, into: &out)
                out += ":"
                field.1.write(to: &out)
            }
            out += "}"
        }
    }

    /// `42` for whole numbers, the shortest round-tripping form otherwise; JSON has no
    /// NaN or infinity, so those become strings.
    package static func format(_ number: Double) -> String {
        number.isFinite ? NumberText.shortest(number) : "\"" + NumberText.shortest(number) + "\""
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A record of numbers, keys sorted: how final metrics are stored.
    public static func metrics(_ values: [String: Double]) -> ParamValue {
        .record(values.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })
    }

    /// The numeric fields of a record (what metrics read back as).
    public var numbers: [String: Double] {
        guard case .record(let fields) = self else { return [:] }
        var result: [String: Double] = [:]
        for (name, value) in fields {
            switch value {
            case .number(let number): result[name] = number
            case .string("nan"): result[name] = .nan
            case .string("inf"): result[name] = .infinity
            case .string("-inf"): result[name] = -.infinity
            default: break
            }
        }
        return result
    }
}
