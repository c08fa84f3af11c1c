extension Tape {
    /// Rows of `table` [V, D] for the ids in `ids` [N, L] (no gradient flows to ids):
    /// [N, L, D]. An id outside the table reads the unknown token's row (1).
    public func embedding(_ ids: Variable, table: Variable) -> Variable {
        let idValues = self[ids]
        let tableShape = self[table].shape
        let y = Tensor.embeddingForward(ids: idValues, table: self[table])
        return record(y, inputs: [table]) { tape, g in
            tape.accumulate(Tensor.embeddingBackward(g, ids: idValues, tableShape: tableShape), into: table)
        }
    }

    /// The mean of x [N, L, D] over the positions `mask` [N, L] keeps: [N, D].
    public func maskedMean(_ x: Variable, mask: Tensor?) -> Variable {
        let shape = self[x].shape
        return record(Tensor.maskedMeanForward(self[x], mask: mask), inputs: [x]) { tape, g in
            tape.accumulate(Tensor.maskedMeanBackward(g, mask: mask, inputShape: shape), into: x)
        }
    }

    /// The maximum of x [N, L, D] over the positions `mask` [N, L] keeps: [N, D].
    public func maskedMax(_ x: Variable, mask: Tensor?) -> Variable {
        let shape = self[x].shape
        let (y, argmax) = Tensor.maskedMaxForward(self[x], mask: mask)
        return record(y, inputs: [x]) { tape, g in
            tape.accumulate(Tensor.maskedMaxBackward(g, argmax: argmax, inputShape: shape), into: x)
        }
    }
}
