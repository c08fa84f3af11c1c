import Learn

extension ONNXGraphBuilder {
    /// The graph's outputs after the last layer `h`: what `Sequential.predict` returns
    /// (the loss's fused activation applied to the whole output), named `probabilities`
    /// and `label` for classification, `predictions` for regression.
    mutating func outputs(
        from h: String, outputShape: [Int], loss: Loss,
        classes: [String]?
    ) -> [Onnx_ValueInfoProto] {
        let width = outputShape.reduce(1, *)
        guard let classes else {
            var result = h
            if loss.fusedActivation == .sigmoid { result = node("Sigmoid", [result], name: "output") }
            node("Identity", [result], name: "output", output: "predictions")
            return [.batched("predictions", type: .float, shape: outputShape)]
        }
        // predict reads a classifier's outputs as one row of scores per sample.
        var scores = h
        if outputShape.count > 1 { scores = node("Flatten", [scores], name: "output", attributes: [.int("axis", 1)]) }
        let probabilities = "probabilities"
        switch loss.fusedActivation {
        case .softmax?:
            node("Softmax", [scores], name: "output", output: probabilities, attributes: [.int("axis", 1)])
        case .sigmoid? where width == 1 && classes.count == 2:
            // One output scores class 1: the probabilities are [1 - p, p].
            let p = node("Sigmoid", [scores], name: "output")
            let one = constant("output_one", floats: [1], shape: [1, 1])
            let q = node("Sub", [one, p], name: "output")
            node("Concat", [q, p], name: "output", output: probabilities, attributes: [.int("axis", 1)])
        case .sigmoid?:
            node("Sigmoid", [scores], name: "output", output: probabilities)
        default:
            node("Identity", [scores], name: "output", output: probabilities)
        }
        node(
            "ArgMax", [probabilities], name: "output", output: "label",
            attributes: [.int("axis", 1), .int("keepdims", 0)])
        let columns = width == 1 && classes.count == 2 ? 2 : width
        return [
            .batched(probabilities, type: .float, shape: [columns]),
            .batched("label", type: .int64, shape: []),
        ]
    }
}
