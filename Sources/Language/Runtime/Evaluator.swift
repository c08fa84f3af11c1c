import Render

/// Runs one cell: walks the syntax tree, reading and binding names in the session's
/// scope, and turns every problem into a `RuntimeError` that points at its cause.
///
/// One evaluator per cell run; the session's bindings outlive it in `SessionState`.
final class Evaluator {
    /// Nested calls beyond this stop with "too much recursion" rather than exhausting the stack.
    static let maximumCallDepth = 1000

    let state: SessionState
    let host: Host
    /// Pager pages produced by `help` during this cell.
    var pages: [MimeBundle] = []
    /// The cell whose source the code running now was parsed from: spans point into it.
    var origin: CellOrigin
    private var depth = 0
    private let stack: StackGuard

    init(state: SessionState, host: Host, stackBudget: Int) {
        self.stack = StackGuard(budget: stackBudget)
        self.state = state
        self.host = host
        self.origin = state.currentCell
    }

    /// Runs a cell's statements in the global scope. Returns the value to show as the
    /// cell's result: the last statement's value when it is an unsuppressed
    /// expression that is not nil.
    func run(_ program: Program) throws(RuntimeError) -> Value? {
        var result: Value?
        for (index, statement) in program.statements.enumerated() {
            let value = try execute(statement, in: state.globals)
            guard index == program.statements.count - 1 else { continue }
            if case .expression(_, let suppressed) = statement, !suppressed, !value.isNil {
                result = value
            }
        }
        return result
    }

    /// Runs statements in `scope`; the value is the last statement's, nil unless it is
    /// an expression.
    func execute(_ statements: [Stmt], in scope: Scope) throws(RuntimeError) -> Value {
        var last = Value.nil
        for statement in statements {
            last = try execute(statement, in: scope)
        }
        return last
    }

    /// Runs one statement; an expression statement's value is its value, others are nil.
    func execute(_ statement: Stmt, in scope: Scope) throws(RuntimeError) -> Value {
        switch statement {
        case .expression(let expr, _):
            return try evaluate(expr, in: scope)
        case .assign(let name, let expr, _):
            let value = try evaluate(expr, in: scope)
            bind(name.name, value, in: scope)
            return .nil
        case .destructure(let names, let expr, let span):
            let value = try evaluate(expr, in: scope)
            let items: [Value]
            switch value {
            case .list(let list): items = list
            case .range(let range) where range.count <= names.count: items = value.sequenceElements ?? []
            case .range(let range): throw .destructureMismatch(names: names.count, values: range.count, span: span)
            default: throw .destructureNotList(typeName: value.typeName, span: expr.span)
            }
            guard items.count == names.count else {
                throw .destructureMismatch(names: names.count, values: items.count, span: span)
            }
            for (name, item) in zip(names, items) { bind(name.name, item, in: scope) }
            return .nil
        case .forIn(let variable, let sequence, let body, _):
            try runLoop(variable: variable, sequence: sequence, body: body, in: scope)
            return .nil
        }
    }

    private func bind(_ name: String, _ value: Value, in scope: Scope) {
        // A closure takes the first name it is bound to, so errors and displays can name it.
        if case .closure(let closure) = value, closure.name == nil { closure.name = name }
        scope.bind(name, value)
    }

    private func runLoop(variable: Identifier, sequence: Expr, body: Block, in scope: Scope) throws(RuntimeError) {
        let collection = try evaluate(sequence, in: scope)
        func iteration(_ element: Value) throws(RuntimeError) {
            try checkInterrupt(at: body.span)
            scope.bind(variable.name, element)
            _ = try execute(body.statements, in: scope)
        }
        switch collection {
        case .range(let range):
            // Lazily, so `for i in range(1e9)` costs no memory and stays interruptible.
            for index in 0..<range.count { try iteration(.number(range.element(at: index))) }
        case .list(let items):
            for item in items { try iteration(item) }
        case .string(let text):
            for character in text { try iteration(.string(String(character))) }
        case .native(let native):
            guard let items = native.elements() else {
                throw .notIterable(typeName: native.typeName, span: sequence.span)
            }
            for item in items { try iteration(item) }
        default:
            throw .notIterable(typeName: collection.typeName, span: sequence.span)
        }
    }

    /// Evaluates one expression in `scope`.
    func evaluate(_ expr: Expr, in scope: Scope) throws(RuntimeError) -> Value {
        // Deeply nested expressions recurse here, so the guard sits here too.
        if stack.isNearlyExhausted { throw .stackExhausted(span: expr.span) }
        switch expr {
        case .number(let number, _): return .number(number)
        case .string(let text, _): return .string(text)
        case .bool(let flag, _): return .bool(flag)
        case .nil: return .nil
        case .name(let identifier): return try lookup(identifier, in: scope)
        case .list(let elements, _):
            var items: [Value] = []
            items.reserveCapacity(elements.count)
            for element in elements { items.append(try evaluate(element, in: scope)) }
            return .list(items)
        case .record(let fields, _):
            var record = Record()
            for field in fields { record[field.name.name] = try evaluate(field.value, in: scope) }
            return .record(record)
        case .unary(let op, let operand, let span):
            return try unary(op, try evaluate(operand, in: scope), span: span)
        case .binary(let op, let lhs, let rhs, let opSpan, let span):
            return try binary(op, lhs, rhs, opSpan: opSpan, span: span, in: scope)
        case .call(let callee, let arguments, let span):
            return try evaluateCall(callee: callee, arguments: arguments, span: span, in: scope)
        case .member(let object, let name, _):
            return try member(of: try evaluate(object, in: scope), name: name, objectSpan: object.span, in: scope)
        case .index(let object, let index, let span):
            return try subscriptValue(
                try evaluate(object, in: scope), index: try evaluate(index, in: scope),
                indexSpan: index.span, span: span)
        case .closure(let parameters, let body, _):
            return .closure(Closure(parameters: parameters.map(\.name), body: body, captured: scope, origin: origin))
        case .ifElse(let condition, let thenBlock, let elseBlock, _):
            let test = try evaluate(condition, in: scope)
            guard case .bool(let flag) = test else {
                throw .notBool(context: "the condition of 'if'", typeName: test.typeName, span: condition.span)
            }
            if flag { return try execute(thenBlock.statements, in: scope) }
            if let elseBlock { return try execute(elseBlock.statements, in: scope) }
            return .nil
        }
    }

    /// A name's value: the innermost binding, else a builtin.
    func lookup(_ identifier: Identifier, in scope: Scope) throws(RuntimeError) -> Value {
        if let value = scope.lookup(identifier.name) { return value }
        if let builtin = state.registry[identifier.name] { return .builtin(builtin) }
        let candidates = scope.visibleNames + state.registry.names.sorted()
        throw .unknownName(
            identifier.name, suggestion: Suggestion.closest(to: identifier.name, among: candidates),
            span: identifier.span)
    }

    func checkInterrupt(at span: SourceSpan?) throws(RuntimeError) {
        if host.isInterrupted { throw .interrupted(span: span) }
    }

    /// Counts one more nested call for the duration of `body`.
    func nested<T>(at span: SourceSpan, _ body: () throws(RuntimeError) -> T) throws(RuntimeError) -> T {
        try checkInterrupt(at: span)
        guard depth < Evaluator.maximumCallDepth else { throw .recursionLimit(span: span) }
        guard !stack.isNearlyExhausted else { throw .stackExhausted(span: span) }
        depth += 1
        defer { depth -= 1 }
        return try body()
    }
}
