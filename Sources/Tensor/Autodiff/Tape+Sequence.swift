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

extension Tape {
    /// Convolves x [N, L, C] with w [kernel, C, F] plus b [F]: [N, outputLength, F].
    public func conv1d(_ x: Variable, _ w: Variable, _ b: Variable, geometry: Convolution1DGeometry) -> Variable {
        let (vx, vw) = (self[x], self[w])
        precondition(
            vx.rank == 3 && vw.rank == 3 && vx.shape[2] == vw.shape[1] && vw.shape[0] == geometry.kernel,
            "conv1d: input \(vx.shape) and weight \(vw.shape) do not match")
        let (y, columns) = Tensor.conv1dForward(vx, weight: vw, bias: self[b], geometry: geometry)
        let shape = vx.shape
        return record(y, inputs: [x, w, b]) { tape, g in
            let grads = Tensor.conv1dBackward(g, columns: columns, weight: vw, inputShape: shape, geometry: geometry)
            tape.accumulate(grads.weight, into: w)
            tape.accumulate(grads.bias, into: b)
            if tape.needsGradient(x) { tape.accumulate(grads.input, into: x) }
        }
    }

    /// Max pooling of x [N, L, C] over windows of `size` positions (stride `size`).
    public func maxPool1d(_ x: Variable, size: Int) -> Variable {
        let shape = self[x].shape
        let (y, argmax) = Tensor.maxPool1dForward(self[x], size: size)
        return record(y, inputs: [x]) { tape, g in
            tape.accumulate(Tensor.maskedMaxBackward(g, argmax: argmax, inputShape: shape), into: x)
        }
    }
}

extension Tape {
    /// Layer normalisation over the last axis of x with a learned scale and shift [D].
    public func layerNorm(_ x: Variable, scale: Variable, shift: Variable, epsilon: Float = 1e-5) -> Variable {
        let (y, normalized, inverse) = Tensor.layerNormForward(
            self[x], scale: self[scale], shift: self[shift], epsilon: epsilon)
        let gamma = self[scale]
        return record(y, inputs: [x, scale, shift]) { tape, g in
            let grads = Tensor.layerNormBackward(g, normalized: normalized, inverseDeviation: inverse, scale: gamma)
            tape.accumulate(grads.scale, into: scale)
            tape.accumulate(grads.shift, into: shift)
            if tape.needsGradient(x) { tape.accumulate(grads.input, into: x) }
        }
    }
}
