/// The syntax tree. Every node carries the span it was parsed from, so runtime errors
/// can point at the code that caused them.

/// A cell (or a script, or a closure body): statements in order.
public struct Program: Sendable, Equatable {
    public var statements: [Stmt]
    public init(statements: [Stmt]) { self.statements = statements }
}

public indirect enum Stmt: Sendable, Equatable {
    /// An expression on its own line. `suppressed` is true when a `;` follows it, which
    /// hides the value when it is the cell's last statement.
    case expression(Expr, suppressed: Bool)
    /// `name = value`.
    case assign(name: Identifier, value: Expr, span: SourceSpan)
    /// `a, b, c = value`.
    case destructure(names: [Identifier], value: Expr, span: SourceSpan)
    /// `for name in sequence { body }`.
    case forIn(variable: Identifier, sequence: Expr, body: Block, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .expression(let e, _): return e.span
        case .assign(_, _, let s), .destructure(_, _, let s), .forIn(_, _, _, let s): return s
        }
    }
}

/// A name as written, with its span.
public struct Identifier: Sendable, Equatable {
    public var name: String
    public var span: SourceSpan
    public init(name: String, span: SourceSpan) {
        self.name = name
        self.span = span
    }
}

/// `{ ... }` after `if`, `else` or `for`: statements whose last expression is the value.
public struct Block: Sendable, Equatable {
    public var statements: [Stmt]
    public var span: SourceSpan
    public init(statements: [Stmt], span: SourceSpan) {
        self.statements = statements
        self.span = span
    }
}

public enum BinaryOperator: String, Sendable, Equatable {
    case or = "||", and = "&&"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "**"
}

public enum UnaryOperator: String, Sendable, Equatable {
    case negate = "-", not = "!"
}

/// One argument of a call: positional (`label == nil`) or labelled.
public struct Argument: Sendable, Equatable {
    public var label: Identifier?
    public var value: Expr
    public init(label: Identifier?, value: Expr) {
        self.label = label
        self.value = value
    }
}

/// One field of a record literal `[name: value]`.
public struct RecordField: Sendable, Equatable {
    public var name: Identifier
    public var value: Expr
    public init(name: Identifier, value: Expr) {
        self.name = name
        self.value = value
    }
}

public indirect enum Expr: Sendable, Equatable {
    case number(Double, span: SourceSpan)
    case string(String, span: SourceSpan)
    case bool(Bool, span: SourceSpan)
    case `nil`(span: SourceSpan)
    case name(Identifier)
    case list([Expr], span: SourceSpan)
    /// `[a: 1, b: 2]`; `[:]` is the empty record.
    case record([RecordField], span: SourceSpan)
    case unary(UnaryOperator, Expr, span: SourceSpan)
    /// `opSpan` covers the operator token, for errors such as adding a string to a number.
    case binary(BinaryOperator, Expr, Expr, opSpan: SourceSpan, span: SourceSpan)
    /// `callee(args)`; a trailing closure is appended to `arguments` as a positional argument.
    case call(callee: Expr, arguments: [Argument], span: SourceSpan)
    /// `object.name` (a field, or a builtin through uniform call syntax when called).
    case member(object: Expr, name: Identifier, span: SourceSpan)
    case index(object: Expr, index: Expr, span: SourceSpan)
    /// `{ a, b in body }`; `{ body }` has no parameters.
    case closure(parameters: [Identifier], body: [Stmt], span: SourceSpan)
    /// `if cond { } else if ... { } else { }`; `elseBranch` nil means the value is nil when false.
    case ifElse(condition: Expr, then: Block, elseBranch: Block?, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .number(_, let s), .string(_, let s), .bool(_, let s), .nil(let s): return s
        case .name(let id): return id.span
        case .list(_, let s), .record(_, let s): return s
        case .unary(_, _, let s), .binary(_, _, _, _, let s): return s
        case .call(_, _, let s), .member(_, _, let s), .index(_, _, let s): return s
        case .closure(_, _, let s), .ifElse(_, _, _, let s): return s
        }
    }
}
