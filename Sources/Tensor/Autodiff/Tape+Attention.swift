extension Tape {
    /// Multi-head self-attention of qkv [N, L, 3D] (queries, keys and values side by side,
    /// as one dense layer of 3D outputs gives them) with `heads` heads of D / heads
    /// features each; keys where `mask` [N, L] is 0 get no weight (nil keeps them all).
    /// The heads' outputs side by side: [N, L, D]. One node, not a graph of matmuls and a
    /// softmax, so the [N, heads, L, L] weights are kept once and the heads never copied.
    public func multiHeadAttention(_ qkv: Variable, heads: Int, mask: Tensor?) -> Variable {
        let value = self[qkv]
        precondition(
            value.rank == 3 && value.shape[2] % 3 == 0,
            "multiHeadAttention: qkv must be [N, L, 3D] (queries, keys and values side by side), got \(value.shape)")
        precondition(
            heads > 0 && (value.shape[2] / 3) % heads == 0,
            "multiHeadAttention: a width of \(value.shape[2] / 3) does not split into \(heads) heads")
        if let mask {
            precondition(
                mask.shape == [value.shape[0], value.shape[1]],
                "multiHeadAttention: the mask \(mask.shape) is not [N, L] for qkv \(value.shape)")
        }
        let (y, probabilities) = Tensor.attentionForward(value, heads: heads, mask: mask)
        return record(y, inputs: [qkv]) { tape, g in
            tape.accumulate(
                Tensor.attentionBackward(g, qkv: value, probabilities: probabilities, heads: heads), into: qkv)
        }
    }
}
