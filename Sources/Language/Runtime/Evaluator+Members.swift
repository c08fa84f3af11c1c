import TextFormat

extension Evaluator {
    /// `object.name`: a record field or native member if there is one (members win),
    /// otherwise the function `name` bound to `object`, so `x.f(a)` calls `f(x, a)`.
    func member(of object: Value, name: Identifier, objectSpan: SourceSpan, in scope: Scope) throws(RuntimeError)
        -> Value
    {
        var fieldNames: [String] = []
        switch object {
        case .record(let record):
            if let value = record[name.name] { return value }
            fieldNames = record.names
        case .native(let native):
            if let value = native.member(named: name.name) { return value }
            fieldNames = native.memberNames
        default:
            break
        }
        if let function = methodFunction(named: name.name, in: scope) {
            return .bound(receiver: object, function: function)
        }
        let functions =
            scope.visibleNames.filter { scope.lookup($0)?.isCallable == true }
            + state.registry.names.sorted().filter { state.registry[$0]?.acceptsReceiver == true }
        throw .noMember(
            typeName: object.typeName, name: name.name,
            suggestion: Suggestion.closest(to: name.name, among: fieldNames + functions), span: name.span)
    }

    /// The function uniform call syntax reaches by `name`: a session binding holding a
    /// function, else a builtin that takes a first positional argument.
    func methodFunction(named name: String, in scope: Scope) -> Value? {
        if let value = scope.lookup(name), value.isCallable { return value }
        if let builtin = state.registry[name], builtin.acceptsReceiver { return .builtin(builtin) }
        return nil
    }

    /// `object[index]`: lists, ranges and strings by position (negative counts from the
    /// end), records by field name, native values as they define it (datasets by column).
    func subscriptValue(_ object: Value, index: Value, indexSpan: SourceSpan, span: SourceSpan) throws(RuntimeError)
        -> Value
    {
        switch object {
        case .list(let items):
            return items[try position(index, length: items.count, span: indexSpan)]
        case .range(let range):
            return .number(range.element(at: try position(index, length: range.count, span: indexSpan)))
        case .string(let text):
            let characters = Array(text)
            return .string(String(characters[try position(index, length: characters.count, span: indexSpan)]))
        case .record(let record):
            guard case .string(let key) = index else {
                throw .invalidIndex(
                    message: "a record is indexed by a field name (a string), got a \(index.typeName)",
                    span: indexSpan)
            }
            guard let value = record[key] else {
                let hint = Suggestion.closest(to: key, among: record.names).map { " (did you mean '\($0)'?)" } ?? ""
                throw .invalidIndex(message: "record has no field '\(key)'" + hint, span: indexSpan)
            }
            return value
        case .native(let native):
            if let value = try native.subscripted(by: index, span: indexSpan) { return value }
            if case .string(let key) = index, let value = native.member(named: key) { return value }
            if let items = native.elements() {
                return items[try position(index, length: items.count, span: indexSpan)]
            }
            throw .invalidIndex(message: "a \(native.typeName) cannot be indexed with a \(index.typeName)", span: span)
        default:
            throw .invalidIndex(message: "a \(object.typeName) cannot be indexed", span: span)
        }
    }

    /// A whole-number index into `length` items, negative counting from the end.
    private func position(_ index: Value, length: Int, span: SourceSpan) throws(RuntimeError) -> Int {
        guard case .number(let number) = index else {
            throw .invalidIndex(message: "an index must be a whole number, got a \(index.typeName)", span: span)
        }
        guard number == number.rounded(), abs(number) < 1e15 else {
            throw .invalidIndex(
                message: "an index must be a whole number, got \(NumberText.shortest(number))", span: span)
        }
        let whole = Int(number)
        let resolved = whole < 0 ? length + whole : whole
        guard resolved >= 0, resolved < length else {
            throw .indexOutOfRange(index: whole, length: length, span: span)
        }
        return resolved
    }
}

extension Value {
    /// Whether calling the value can work: closures, builtins and bound functions.
    public var isCallable: Bool {
        switch self {
        case .closure, .builtin, .bound: return true
        default: return false
        }
    }
}
