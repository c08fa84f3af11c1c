import TextFormat

/// Typed access to a builtin's arguments. Each accessor throws the error a user should
/// see when the argument is the wrong kind, naming it as the caller can see it
/// (`shown`): `sqrt: the argument must be a number, got a string`, `round: 'digits' must
/// be a whole number, got 0.5`.
extension BuiltinCall {
    /// The argument for a required parameter (binding guarantees it is present).
    public func argument(_ name: String) -> Value {
        value(name) ?? .nil
    }

    public func number(_ name: String) throws(RuntimeError) -> Double {
        guard case .number(let number) = argument(name) else { throw mismatch(name, expected: "a number") }
        return number
    }

    /// A number that must be whole: `round: 'digits' must be a whole number, got 0.5`.
    public func wholeNumber(_ name: String) throws(RuntimeError) -> Int {
        let number = try number(name)
        guard number == number.rounded(), abs(number) < 1e15 else {
            throw invalid(name, "\(shown(name)) must be a whole number, got \(NumberText.shortest(number))")
        }
        return Int(number)
    }

    public func string(_ name: String) throws(RuntimeError) -> String {
        guard case .string(let text) = argument(name) else { throw mismatch(name, expected: "a string") }
        return text
    }

    public func bool(_ name: String) throws(RuntimeError) -> Bool {
        guard case .bool(let flag) = argument(name) else { throw mismatch(name, expected: "a bool") }
        return flag
    }

    /// The elements of a list or range argument.
    public func list(_ name: String) throws(RuntimeError) -> [Value] {
        let value = argument(name)
        switch value {
        case .list(let items): return items
        case .range(let range):
            guard range.count <= BuiltinCall.materialiseLimit else {
                throw invalid(name, "range of \(range.count) numbers is too long to use as a list")
            }
            return value.sequenceElements ?? []
        default:
            throw mismatch(name, expected: "a list")
        }
    }

    /// `'digits' must be a number, got a string` (or `the argument must be ...`), at the argument.
    public func mismatch(_ name: String, expected: String) -> RuntimeError {
        invalid(name, "\(shown(name)) must be \(expected), got \(argument(name).typePhrase)")
    }

    /// The numbers a `min`/`sum`-style builtin works on: one list argument, or several
    /// numbers. `empty` decides whether no numbers at all is allowed.
    func numbers(fromVariadic values: [Value], spans: [SourceSpan], allowEmpty: Bool) throws(RuntimeError) -> [Double] {
        var items = values
        var spansOf = spans
        if values.count == 1 {
            switch values[0] {
            case .list(let list):
                items = list
                spansOf = Array(repeating: spans[0], count: list.count)
            case .range(let range):
                guard range.count <= BuiltinCall.materialiseLimit else {
                    throw failure("range of \(range.count) numbers is too long to use as a list")
                }
                items = values[0].sequenceElements ?? []
                spansOf = Array(repeating: spans[0], count: items.count)
            default: break
            }
        }
        if items.isEmpty, !allowEmpty {
            throw failure("expected a non-empty list or at least one number")
        }
        var numbers: [Double] = []
        numbers.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard case .number(let number) = item else {
                let position = values.count == 1 ? "element \(index)" : "argument \(index + 1)"
                throw RuntimeError.invalidArgument(
                    function: builtin.name,
                    message: "expected numbers, got a \(item.typeName) at \(position)",
                    span: spansOf[index])
            }
            numbers.append(number)
        }
        return numbers
    }

    /// Ranges longer than this are not turned into lists (8 bytes and more per element).
    static let materialiseLimit = 10_000_000
}
