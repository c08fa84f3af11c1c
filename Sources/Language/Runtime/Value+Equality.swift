extension Value {
    /// Structural equality, as `==` compares: numbers by value, lists element by
    /// element, records by their fields whatever the order, ranges as the lists they
    /// stand for; functions and native values by identity.
    public func structurallyEquals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.nil, .nil): return true
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.structurallyEquals($1) }
        case (.record(let a), .record(let b)):
            guard a.count == b.count else { return false }
            return a.fields.allSatisfy { field in b[field.name].map { field.value.structurallyEquals($0) } ?? false }
        case (.range(let a), .range(let b)):
            return a == b || (a.count == b.count && (0..<a.count).allSatisfy { a.element(at: $0) == b.element(at: $0) })
        case (.range(let r), .list(let items)), (.list(let items), .range(let r)):
            guard r.count == items.count else { return false }
            return items.enumerated().allSatisfy { index, item in
                if case .number(let n) = item { return n == r.element(at: index) }
                return false
            }
        case (.closure(let a), .closure(let b)): return a === b
        case (.builtin(let a), .builtin(let b)): return a.name == b.name
        case (.bound(let ra, let fa), .bound(let rb, let fb)):
            return ra.structurallyEquals(rb) && fa.structurallyEquals(fb)
        case (.native(let a), .native(let b)): return a === b
        default: return false
        }
    }
}
