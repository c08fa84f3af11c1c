import Foundation
import TextFormat

/// `abs`, `round`, `sqrt`, `exp`, `log`, `floor`, `ceil`, and the reductions `min`,
/// `max`, `sum`, `mean` (of a list or of several numbers).
enum MathBuiltins {
    static var all: [Builtin] {
        [abs, round, sqrt, exp, log, floor, ceil, min, max, sum, mean]
    }

    static var abs: Builtin {
        Builtin(
            "abs", parameters: [.positional("x")],
            summary: "The absolute value of a number."
        ) { call throws(RuntimeError) in
            .number(Swift.abs(try call.number("x")))
        }
    }

    static var round: Builtin {
        Builtin(
            "round", parameters: [.positional("x"), .labelled("digits", default: .number(0))],
            summary: "Rounds a number to `digits` decimal places (a whole number by default).",
            details: """
                Halves round away from zero: round(2.5) is 3, round(-0.125, digits: 2) is -0.13.
                Negative digits round to tens, hundreds...: round(1234, digits: -2) is 1200.
                """
        ) { call throws(RuntimeError) in
            let x = try call.number("x")
            let digits = try call.wholeNumber("digits")
            guard Swift.abs(digits) <= 300 else {
                throw call.invalid("digits", "'digits' must be between -300 and 300, got \(digits)")
            }
            if digits == 0 || !x.isFinite { return .number(x.rounded(.toNearestOrAwayFromZero)) }
            let scale = Foundation.pow(10, Double(Swift.abs(digits)))
            let rounded =
                digits > 0
                ? (x * scale).rounded(.toNearestOrAwayFromZero) / scale
                : (x / scale).rounded(.toNearestOrAwayFromZero) * scale
            // Very large x with many digits overflows the scaling; x is already exact then.
            return .number(rounded.isFinite ? rounded : x)
        }
    }

    static var sqrt: Builtin {
        Builtin(
            "sqrt", parameters: [.positional("x")],
            summary: "The square root of a non-negative number."
        ) { call throws(RuntimeError) in
            let x = try call.number("x")
            guard x >= 0 else {
                throw call.invalid("x", "expected a non-negative number, got \(NumberText.shortest(x))")
            }
            return .number(x.squareRoot())
        }
    }

    static var exp: Builtin {
        Builtin(
            "exp", parameters: [.positional("x")],
            summary: "e raised to the power x."
        ) { call throws(RuntimeError) in
            .number(Foundation.exp(try call.number("x")))
        }
    }

    static var log: Builtin {
        Builtin(
            "log", parameters: [.positional("x")],
            summary: "The natural logarithm of a positive number."
        ) { call throws(RuntimeError) in
            let x = try call.number("x")
            guard x > 0 else { throw call.invalid("x", "expected a positive number, got \(NumberText.shortest(x))") }
            return .number(Foundation.log(x))
        }
    }

    static var floor: Builtin {
        Builtin(
            "floor", parameters: [.positional("x")],
            summary: "The largest whole number not above x."
        ) { call throws(RuntimeError) in
            .number((try call.number("x")).rounded(.down))
        }
    }

    static var ceil: Builtin {
        Builtin(
            "ceil", parameters: [.positional("x")],
            summary: "The smallest whole number not below x."
        ) { call throws(RuntimeError) in
            .number((try call.number("x")).rounded(.up))
        }
    }

    static var min: Builtin {
        Builtin(
            "min", parameters: [.variadic("values")],
            summary: "The smallest of a list of numbers, or of several numbers.",
            details: "min([3, 1, 2]) and min(3, 1, 2) are both 1. Strings compare alphabetically."
        ) { call throws(RuntimeError) in
            try extreme(call, keepFirst: { $0 < $1 }, stringsKeepFirst: { $0 < $1 })
        }
    }

    static var max: Builtin {
        Builtin(
            "max", parameters: [.variadic("values")],
            summary: "The largest of a list of numbers, or of several numbers.",
            details: "max([3, 1, 2]) and max(3, 1, 2) are both 3. Strings compare alphabetically."
        ) { call throws(RuntimeError) in
            try extreme(call, keepFirst: { $0 > $1 }, stringsKeepFirst: { $0 > $1 })
        }
    }

    static var sum: Builtin {
        Builtin(
            "sum", parameters: [.variadic("values")],
            summary: "The sum of a list of numbers, or of several numbers (0 when empty)."
        ) { call throws(RuntimeError) in
            let numbers = try call.numbers(fromVariadic: call.rest, spans: call.restSpans, allowEmpty: true)
            return .number(numbers.reduce(0, +))
        }
    }

    static var mean: Builtin {
        Builtin(
            "mean", parameters: [.variadic("values")],
            summary: "The arithmetic mean of a list of numbers, or of several numbers."
        ) { call throws(RuntimeError) in
            let numbers = try call.numbers(fromVariadic: call.rest, spans: call.restSpans, allowEmpty: false)
            return .number(numbers.reduce(0, +) / Double(numbers.count))
        }
    }

    /// `min`/`max`: all strings compare as strings; otherwise all must be numbers.
    private static func extreme(
        _ call: BuiltinCall, keepFirst: (Double, Double) -> Bool,
        stringsKeepFirst: (String, String) -> Bool
    ) throws(RuntimeError) -> Value {
        var items = call.rest
        if items.count == 1, case .list(let list) = items[0] { items = list }
        let strings = items.compactMap { value -> String? in
            if case .string(let text) = value { return text }
            return nil
        }
        if !items.isEmpty, strings.count == items.count {
            return .string(strings.dropFirst().reduce(strings[0]) { stringsKeepFirst($1, $0) ? $1 : $0 })
        }
        let numbers = try call.numbers(fromVariadic: call.rest, spans: call.restSpans, allowEmpty: false)
        return .number(numbers.dropFirst().reduce(numbers[0]) { keepFirst($1, $0) ? $1 : $0 })
    }
}
