import Language

/// Prints the syntax tree as compact S-expressions, for tests and debugging:
/// `x = 1 + 2 * 3` prints `(= x (+ 1 (* 2 3)))`.
///
/// Forms: literals as written (`3`, `0.5`, `"a\n"`, `true`, `nil`); `(list ...)`,
/// `(record (name value) ...)`; `(- x)`, `(! x)`; `(op a b)`; `(call f a (label: b))`;
/// `(. x name)`; `(index x i)`; `(closure (a b) stmt ...)`; `(if c (block ...) (block ...))`;
/// `(= x value)`, `(= (a b) value)`, `(for x seq (block ...))`; a suppressed
/// expression statement ends with `;`. Statements of a program are separated by spaces.
public enum ASTPrinter {
    public static func print(_ program: Program) -> String {
        program.statements.map(print).joined(separator: " ")
    }

    public static func print(_ statement: Stmt) -> String {
        switch statement {
        case .expression(let e, let suppressed):
            return print(e) + (suppressed ? ";" : "")
        case .assign(let name, let value, _):
            return "(= \(name.name) \(print(value)))"
        case .destructure(let names, let value, _):
            return "(= (\(names.map(\.name).joined(separator: " "))) \(print(value)))"
        case .forIn(let variable, let sequence, let body, _):
            return "(for \(variable.name) \(print(sequence)) \(print(body)))"
        }
    }

    public static func print(_ block: Block) -> String {
        list("block", block.statements.map(print))
    }

    public static func print(_ expression: Expr) -> String {
        switch expression {
        case .number(let value, _):
            return number(value)
        case .string(let value, _):
            return StringLiteral.quote(value)
        case .bool(let value, _):
            return value ? "true" : "false"
        case .nil:
            return "nil"
        case .name(let id):
            return id.name
        case .list(let elements, _):
            return list("list", elements.map(print))
        case .record(let fields, _):
            return list("record", fields.map { "(\($0.name.name) \(print($0.value)))" })
        case .unary(let op, let operand, _):
            return "(\(op.rawValue) \(print(operand)))"
        case .binary(let op, let left, let right, _, _):
            return "(\(op.rawValue) \(print(left)) \(print(right)))"
        case .call(let callee, let arguments, _):
            let args = arguments.map { arg in
                arg.label.map { "(\($0.name): \(print(arg.value)))" } ?? print(arg.value)
            }
            return list("call", [print(callee)] + args)
        case .member(let object, let name, _):
            return "(. \(print(object)) \(name.name))"
        case .index(let object, let index, _):
            return "(index \(print(object)) \(print(index)))"
        case .closure(let parameters, let body, _):
            return list("closure", ["(" + parameters.map(\.name).joined(separator: " ") + ")"] + body.map(print))
        case .ifElse(let condition, let then, let elseBranch, _):
            return list("if", [print(condition), print(then)] + (elseBranch.map { [print($0)] } ?? []))
        }
    }

    private static func list(_ head: String, _ items: [String]) -> String {
        "(" + ([head] + items).joined(separator: " ") + ")"
    }

    /// Whole numbers without a fraction (`42`), others in Swift's shortest round-trip form.
    private static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }
}
