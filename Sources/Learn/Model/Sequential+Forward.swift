import Tensor

extension Sequential {
    /// Runs a batch through the built model on `tape`.
    ///
    /// - Parameters:
    ///   - input: a node of shape [N] + `sampleShape`.
    ///   - parameters: one node per tensor of `self.parameters` (tape parameters when
    ///     training, so their gradients are computed).
    ///   - state: the batchnorm running statistics, updated when `training`.
    ///   - training: dropout active and batchnorm on batch statistics.
    ///   - random: draws dropout masks.
    ///   - omitting: when the last layer ends with this activation, it is skipped, so a
    ///     loss fused with it receives logits.
    /// - Returns: the output node [N] + `outputShape`.
    public func forward(
        _ tape: Tape, input: Variable, parameters: [Variable], state: inout [Tensor],
        training: Bool, random: inout SeededRandom, omitting: Activation? = nil
    ) -> Variable {
        precondition(isBuilt && parameters.count == self.parameters.count, "forward on an unbuilt model")
        var h = input
        // Which positions of a sequence are tokens (not padding), from the ids an
        // embedding read; pooling over positions leaves the others out.
        var mask: Tensor?
        for (index, layer) in layers.enumerated() {
            let skipped = index == layers.count - 1 ? omitting : nil
            func activate(_ a: Activation?) {
                if let a, a != skipped { h = a.apply(tape, h) }
            }
            let p = layer.parameters.lowerBound
            switch layer.spec {
            case .dense(_, let a):
                h = tape.linear(h, parameters[p], parameters[p + 1])
                activate(a)
            case .conv2d(_, _, let stride, let padding, let a):
                // ReLU is fused into the convolution node (same values and gradients).
                let fuseRelu = a == .relu && skipped != .relu
                h = tape.conv2d(
                    h, parameters[p], parameters[p + 1], stride: stride, padding: padding,
                    relu: fuseRelu)
                if !fuseRelu { activate(a) }
            case .maxPool2d(let size):
                h = tape.maxPool2d(h, size: size)
            case .avgPool2d(let size):
                h = tape.avgPool2d(h, size: size)
            case .flatten:
                h = tape.flatten(h)
            case .reshape:
                h = tape.reshape(h, to: [tape[h].shape[0]] + layer.outputShape)
            case .dropout(let rate):
                if training { h = tape.dropout(h, rate: Float(rate), random: &random) }
            case .batchNorm:
                let s = layer.state.lowerBound
                // Moved out of the array so the two inout arguments do not overlap and
                // the tensors stay uniquely referenced (no copy-on-write).
                var mean = state[s], variance = state[s + 1]
                state[s] = Tensor(zeros: [0]); state[s + 1] = Tensor(zeros: [0])
                h = tape.batchNorm(
                    h, scale: parameters[p], shift: parameters[p + 1], runningMean: &mean,
                    runningVariance: &variance, training: training)
                state[s] = mean; state[s + 1] = variance
            case .activation(let a):
                activate(a)
            case .embedding:
                mask = Tensor.sequenceMask(ids: tape[h])
                h = tape.embedding(h, table: parameters[p])
            case .conv1d(_, let kernel, let stride, let padding, let a):
                let shape = layer.inputShape
                // Checked when the model was built.
                let geometry = Convolution1DGeometry(
                    length: shape[0], channels: shape[1], kernel: kernel, stride: stride, padding: padding)!
                h = tape.conv1d(h, parameters[p], parameters[p + 1], geometry: geometry)
                mask = mask.map { Tensor.windowMask($0, geometry: geometry) }
                activate(a)
            case .maxPool1d(let size):
                let shape = layer.inputShape
                h = tape.maxPool1d(h, size: size)
                let geometry = Convolution1DGeometry(
                    length: shape[0], channels: shape[1], kernel: size, stride: size, padding: .valid)!
                mask = mask.map { Tensor.windowMask($0, geometry: geometry) }
            case .layerNorm:
                h = tape.layerNorm(h, scale: parameters[p], shift: parameters[p + 1])
            case .recurrent(let cell, let units, let sequences, let bidirectional):
                h = tape.recurrent(
                    h, weights: Array(parameters[layer.parameters]), cell: cell, units: units,
                    bidirectional: bidirectional, sequences: sequences, mask: mask)
                // A sequence keeps its padding; a final state has none.
                if !sequences { mask = nil }
            case .transformer(let heads, _, let rate):
                h = Sequential.transformerBlock(
                    tape, h, parameters: parameters[layer.parameters], heads: heads, dropout: rate, mask: mask,
                    training: training, random: &random)
            case .globalAvgPool:
                h = tape.maskedMean(h, mask: mask)
                mask = nil
            case .globalMaxPool:
                h = tape.maskedMax(h, mask: mask)
                mask = nil
            }
        }
        return h
    }

    /// The model's outputs for a batch of samples ([N] + `sampleShape`), in inference
    /// mode (no dropout, batchnorm on running statistics), computed in chunks of
    /// `batchSize`. The last layer's activation is applied unless it is `omitting`.
    /// - Throws: `sampleShapeMismatch` when the model is unbuilt or built for other samples.
    public func outputs(for features: Tensor, batchSize: Int = 256, omitting: Activation? = nil) throws(ModelError)
        -> Tensor
    {
        let given = Array(features.shape.dropFirst())
        guard let sampleShape, sampleShape == given else {
            throw .sampleShapeMismatch(expected: self.sampleShape ?? [], got: given)
        }
        let batchSize = Swift.max(batchSize, 1)
        let n = features.shape.first ?? 0
        let sampleSize = Tensor.elementCount(of: Array(features.shape.dropFirst()))
        let outShape = outputShape ?? []
        let outSize = Tensor.elementCount(of: outShape)
        var result = Tensor(zeros: [n] + outShape)
        var random = SeededRandom(seed: 0)
        var state = self.state
        var start = 0
        // In the mode training computes in, so predictions match the validation pass.
        FloatingPointMode.flushingSubnormals {
            while start < n {
                let rows = Swift.min(batchSize, n - start)
                let chunk = Batching.rows(of: features, from: start, count: rows, sampleSize: sampleSize)
                let tape = Tape(recording: false)
                let out = forward(
                    tape, input: tape.constant(chunk), parameters: parameters.map { tape.constant($0) },
                    state: &state, training: false, random: &random, omitting: omitting)
                tape[out].withUnsafeBufferPointer { src in
                    result.withUnsafeMutableBufferPointer { dst in
                        for i in 0..<(rows * outSize) { dst[start * outSize + i] = src[i] }
                    }
                }
                start += rows
            }
        }
        return result
    }
}
