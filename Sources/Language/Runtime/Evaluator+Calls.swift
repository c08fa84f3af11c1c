extension Evaluator {
    func evaluateCall(callee: Expr, arguments: [Argument], span: SourceSpan, in scope: Scope) throws(RuntimeError)
        -> Value
    {
        let function = try evaluate(callee, in: scope)
        var values: [ArgumentValue] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments {
            values.append(
                ArgumentValue(
                    label: argument.label?.name, labelSpan: argument.label?.span,
                    value: try evaluate(argument.value, in: scope), span: argument.value.span))
        }
        let name: String?
        switch callee {
        case .name(let identifier): name = identifier.name
        case .member(_, let identifier, _): name = identifier.name
        default: name = nil
        }
        return try call(function, arguments: values, span: span, name: name, calleeSpan: callee.span)
    }

    /// Calls a function value. `name` is how the caller wrote it (for errors);
    /// `calleeSpan` is blamed when the value is not a function.
    func call(
        _ function: Value, arguments: [ArgumentValue], span: SourceSpan, name: String?,
        calleeSpan: SourceSpan? = nil
    ) throws(RuntimeError) -> Value {
        switch function {
        case .builtin(let builtin):
            return try nested(at: span) { () throws(RuntimeError) -> Value in
                let call = try BuiltinCall(builtin: builtin, arguments: arguments, span: span, evaluator: self)
                return try builtin.implementation(call)
            }
        case .closure(let closure):
            return try callClosure(closure, arguments: arguments, span: span, name: name ?? closure.name)
        case .bound(let receiver, let target):
            let first = ArgumentValue(label: nil, labelSpan: nil, value: receiver, span: calleeSpan ?? span)
            return try call(target, arguments: [first] + arguments, span: span, name: name, calleeSpan: calleeSpan)
        default:
            throw .notCallable(typeName: function.typeName, span: calleeSpan ?? span)
        }
    }

    private func callClosure(
        _ closure: Closure, arguments: [ArgumentValue], span: SourceSpan,
        name: String?
    ) throws(RuntimeError) -> Value {
        if let labelled = arguments.first(where: { $0.label != nil }), let label = labelled.label {
            throw .argumentCount(
                function: name ?? "closure",
                message: "closures take positional arguments only, got label '\(label):'",
                span: labelled.labelSpan ?? labelled.span)
        }
        guard arguments.count == closure.parameters.count else {
            let expected = closure.parameters.count
            throw .argumentCount(
                function: name ?? "closure",
                message: "expects \(expected) argument\(expected == 1 ? "" : "s") \(closure.signature), "
                    + "got \(arguments.count)",
                span: span)
        }
        let callerOrigin = origin
        origin = closure.origin
        defer { origin = callerOrigin }
        do {
            return try nested(at: span) { () throws(RuntimeError) -> Value in
                let scope = Scope(parent: closure.captured)
                for (parameter, argument) in zip(closure.parameters, arguments) {
                    scope.bind(parameter, argument.value)
                }
                return try execute(closure.body, in: scope)
            }
        } catch {
            // Spans from another cell would be drawn under this cell's lines: blame the
            // call here and quote where it happened.
            guard closure.origin !== callerOrigin, let inner = error.span else { throw error }
            let note =
                "in \(name.map { "'\($0)'" } ?? "a closure"), defined in an earlier cell, at "
                + closure.origin.describe(inner)
            throw .inEarlierCell(error, span: span, note: note)
        }
    }
}
