import Foundation

extension Evaluator {
    func unary(_ op: UnaryOperator, _ operand: Value, span: SourceSpan) throws(RuntimeError) -> Value {
        switch (op, operand) {
        case (.negate, .number(let number)): return .number(-number)
        case (.not, .bool(let flag)): return .bool(!flag)
        case (.negate, _):
            throw .operatorMismatch(message: "cannot negate a \(operand.typeName); '-' needs a number", span: span)
        case (.not, _):
            throw .notBool(context: "the operand of '!'", typeName: operand.typeName, span: span)
        }
    }

    /// `&&` and `||` evaluate their right side only when needed; the rest evaluate both.
    func binary(
        _ op: BinaryOperator, _ lhsExpr: Expr, _ rhsExpr: Expr, opSpan: SourceSpan, span: SourceSpan,
        in scope: Scope
    ) throws(RuntimeError) -> Value {
        if op == .and || op == .or {
            let lhs = try evaluate(lhsExpr, in: scope)
            guard case .bool(let left) = lhs else {
                throw .notBool(context: "the left side of '\(op.rawValue)'", typeName: lhs.typeName, span: lhsExpr.span)
            }
            if op == .and ? !left : left { return .bool(left) }
            let rhs = try evaluate(rhsExpr, in: scope)
            guard case .bool(let right) = rhs else {
                throw .notBool(
                    context: "the right side of '\(op.rawValue)'", typeName: rhs.typeName, span: rhsExpr.span)
            }
            return .bool(right)
        }
        let lhs = try evaluate(lhsExpr, in: scope)
        let rhs = try evaluate(rhsExpr, in: scope)
        return try apply(op, lhs, rhs, opSpan: opSpan, span: span)
    }

    func apply(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, opSpan: SourceSpan, span: SourceSpan)
        throws(RuntimeError) -> Value
    {
        switch op {
        case .equal: return .bool(lhs.structurallyEquals(rhs))
        case .notEqual: return .bool(!lhs.structurallyEquals(rhs))
        case .less, .lessEqual, .greater, .greaterEqual:
            return .bool(try compare(op, lhs, rhs, span: opSpan))
        case .add:
            switch (lhs, rhs) {
            case (.number(let a), .number(let b)): return .number(a + b)
            case (.string(let a), .string(let b)): return .string(a + b)
            case (.list, .list), (.list, .range), (.range, .list), (.range, .range):
                return .list(try joinable(lhs, opSpan) + joinable(rhs, opSpan))
            default:
                var message = "cannot add a \(lhs.typeName) and a \(rhs.typeName)"
                if lhs.typeName == "string" || rhs.typeName == "string" {
                    message += "; convert with str(x) or num(s) first"
                } else if lhs.typeName == "list" || rhs.typeName == "list" {
                    message += "; to append, wrap it in a list: xs + [x]"
                }
                throw .operatorMismatch(message: message, span: opSpan)
            }
        case .subtract, .multiply, .divide, .remainder, .power:
            guard case .number(let a) = lhs, case .number(let b) = rhs else {
                throw .operatorMismatch(
                    message: "'\(op.rawValue)' needs numbers, got a \(lhs.typeName) and a \(rhs.typeName)",
                    span: opSpan)
            }
            switch op {
            case .subtract: return .number(a - b)
            case .multiply: return .number(a * b)
            case .divide:
                guard b != 0 else { throw .divisionByZero(span: span) }
                return .number(a / b)
            case .remainder:
                // The floating remainder (C's fmod): it takes the sign of the dividend.
                guard b != 0 else { throw .divisionByZero(span: span) }
                return .number(a.truncatingRemainder(dividingBy: b))
            default:
                return .number(Foundation.pow(a, b))
            }
        case .and, .or:
            preconditionFailure("short-circuit operators are evaluated in binary(_:_:_:)")
        }
    }

    private func compare(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, span: SourceSpan) throws(RuntimeError)
        -> Bool
    {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            switch op {
            case .less: return a < b
            case .lessEqual: return a <= b
            case .greater: return a > b
            default: return a >= b
            }
        case (.string(let a), .string(let b)):
            switch op {
            case .less: return a < b
            case .lessEqual: return a <= b
            case .greater: return a > b
            default: return a >= b
            }
        default:
            throw .operatorMismatch(
                message: "cannot compare a \(lhs.typeName) with a \(rhs.typeName) using '\(op.rawValue)'; "
                    + "only numbers with numbers and strings with strings", span: span)
        }
    }

    private func joinable(_ value: Value, _ span: SourceSpan) throws(RuntimeError) -> [Value] {
        if case .range(let range) = value, range.count > BuiltinCall.materialiseLimit {
            throw .operatorMismatch(message: "range of \(range.count) numbers is too long to join", span: span)
        }
        return value.sequenceElements ?? []
    }
}
