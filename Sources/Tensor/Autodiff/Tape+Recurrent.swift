extension Tape {
    /// An LSTM or GRU over x [N, L, D] (see Tensor+Recurrent.swift for the layout):
    /// [N, L, H * directions] when `sequences`, else the final states [N, H * directions],
    /// the forward direction's units first.
    /// - Parameters:
    ///   - weights: W_ih, W_hh, b_ih, b_hh of the forward direction, then of the reverse one
    ///     when bidirectional (8 variables).
    ///   - mask: [N, L], 0 at padding (the state passes over it); nil without padding.
    public func recurrent(
        _ x: Variable, weights: [Variable], cell: RecurrentCell, units: Int, bidirectional: Bool, sequences: Bool,
        mask: Tensor?
    ) -> Variable {
        let input = self[x]
        let directions = bidirectional ? 2 : 1
        precondition(
            input.rank == 3 && weights.count == 4 * directions,
            "recurrent: input \(input.shape) with \(weights.count) weights")
        let (n, l, d) = (input.shape[0], input.shape[1], input.shape[2])
        let width = units * directions
        var output = Tensor(zeros: sequences ? [n, l, width] : [n, width])
        var traces: [RecurrentTrace] = []
        for direction in 0..<directions {
            let geometry = RecurrentGeometry(
                cell: cell, batch: n, length: l, features: d, units: units, reverse: direction == 1,
                sequences: sequences, outputWidth: width, outputOffset: direction * units)
            let values = weights[(4 * direction)..<(4 * direction + 4)].map { self[$0] }
            traces.append(
                Tensor.recurrentForward(input, weights: values, mask: mask, geometry: geometry, into: &output))
        }
        let values = weights.map { self[$0] }
        return record(output, inputs: [x] + weights) { tape, g in
            var dx = Tensor(zeros: input.shape)
            for (direction, trace) in traces.enumerated() {
                let own = Array(values[(4 * direction)..<(4 * direction + 4)])
                let grads = Tensor.recurrentBackward(g, trace: trace, weights: own, inputGradient: &dx)
                for (k, grad) in grads.enumerated() { tape.accumulate(grad, into: weights[4 * direction + k]) }
            }
            if tape.needsGradient(x) { tape.accumulate(dx, into: x) }
        }
    }
}
