// Shape changes: views of the same elements, so the gradient is reshaped back.

extension Tape {
    /// The same elements with another shape of equal element count.
    public func reshape(_ a: Variable, to shape: [Int]) -> Variable {
        let original = self[a].shape
        precondition(
            Tensor.elementCount(of: shape) == self[a].count,
            "cannot reshape \(original) to \(shape)")
        return record(self[a].reshaped(shape), inputs: [a]) { tape, g in
            tape.accumulate(g.reshaped(original), into: a)
        }
    }

    /// Keeps the first (batch) axis and flattens the rest: [N, ...] -> [N, prod(...)].
    public func flatten(_ a: Variable) -> Variable {
        let shape = self[a].shape
        precondition(!shape.isEmpty, "flatten needs a batch axis")
        let rest = Tensor.elementCount(of: Array(shape.dropFirst()))
        return reshape(a, to: [shape[0], rest])
    }
}
