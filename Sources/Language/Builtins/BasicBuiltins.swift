import Foundation
import TextFormat

/// `range`, `len`, `str`, `num`, `type`: the basics every cell uses.
enum BasicBuiltins {
    static var all: [Builtin] { [range, len, str, num, type] }

    static var range: Builtin {
        Builtin(
            "range", parameters: [.positional("start"), .optional("end"), .labelled("step", default: .number(1))],
            summary: "The numbers from start up to, not including, end: range(n) is 0, 1, ..., n-1.",
            details: """
                range(5) is 0, 1, 2, 3, 4; range(2, 5) is 2, 3, 4; range(0, 1, step: 0.25) is 0, 0.25, 0.5, 0.75.
                A range is lazy: `for i in range(1e9) { }` needs no memory. Use list(r) for a list.
                """
        ) { call throws(RuntimeError) in
            let first = try call.number("start")
            let (start, end) = call.has("end") ? (first, try call.number("end")) : (0, first)
            let step = try call.number("step")
            guard step != 0, step.isFinite else {
                throw call.invalid("step", "'step' must not be 0, got \(NumberText.shortest(step))")
            }
            guard start.isFinite, end.isFinite else { throw call.failure("start and end must be finite numbers") }
            return .range(NumberRange(start: start, end: end, step: step))
        }
    }

    static var len: Builtin {
        Builtin(
            "len", parameters: [.positional("x")],
            summary: "The number of characters of a string, items of a list, fields of a record, or rows of a dataset."
        ) { call throws(RuntimeError) in
            switch call.argument("x") {
            case .string(let text): return .number(Double(text.count))
            case .list(let items): return .number(Double(items.count))
            case .record(let record): return .number(Double(record.count))
            case .range(let range): return .number(Double(range.count))
            case .native(let native) where native.length != nil: return .number(Double(native.length!))
            case let other:
                throw call.invalid("x", "expected a string, list, record or dataset, got \(other.typePhrase)")
            }
        }
    }

    static var str: Builtin {
        Builtin(
            "str", parameters: [.positional("x")],
            summary: "The value as text, as print writes it: str(0.5) is \"0.5\", str(\"a\") is \"a\"."
        ) { call throws(RuntimeError) in
            .string(call.argument("x").plainText(quoted: false))
        }
    }

    static var num: Builtin {
        Builtin(
            "num", parameters: [.positional("text")],
            summary: "The number a string spells: num(\"0.5\") is 0.5. Numbers pass through.",
            details: "Leading and trailing spaces are ignored; \"1e-3\", \"inf\" and \"nan\" are accepted."
        ) { call throws(RuntimeError) in
            switch call.argument("text") {
            case .number(let number): return .number(number)
            case .bool(let flag): return .number(flag ? 1 : 0)
            case .string(let text):
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                // Double("0x1p3") and similar exotic forms are not what users mean by a number.
                guard !trimmed.isEmpty, !trimmed.lowercased().contains("x"), let number = Double(trimmed) else {
                    throw call.invalid("text", "\(Value.quote(text)) is not a number")
                }
                return .number(number)
            case let other:
                throw call.invalid("text", "expected a string, got \(other.typePhrase)")
            }
        }
    }

    static var type: Builtin {
        Builtin(
            "type", parameters: [.positional("x")],
            summary:
                "The name of a value's type: \"number\", \"string\", \"bool\", \"nil\", \"list\", \"record\", \"function\"...",
            details: "Values from modules name their own types, e.g. \"dataset\", \"model\", \"run\"."
        ) { call throws(RuntimeError) in
            .string(call.argument("x").typeName)
        }
    }
}
