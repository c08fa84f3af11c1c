// Convolution and pooling nodes.

extension Tape {
    /// Convolves x [N, C, H, W] with w [F, C, K, K] plus optional bias [F], then applies
    /// ReLU when `relu` (the same values and gradients as `relu(conv2d(...))`, in one node
    /// and without the extra passes).
    public func conv2d(
        _ x: Variable, _ w: Variable, _ b: Variable?, stride: Int = 1,
        padding: Padding = .same, relu: Bool = false
    ) -> Variable {
        let (vx, vw) = (self[x], self[w])
        precondition(
            vx.rank == 4 && vw.rank == 4 && vw.shape[1] == vx.shape[1] && vw.shape[2] == vw.shape[3],
            "conv2d: input \(vx.shape) and weight \(vw.shape) do not match")
        guard
            let geometry = ConvolutionGeometry(
                inputShape: vx.shape, filters: vw.shape[0], kernel: vw.shape[2],
                stride: stride, padding: padding)
        else {
            preconditionFailure("conv2d: kernel \(vw.shape[2]) does not fit input \(vx.shape)")
        }
        let (y, columns) = Tensor.conv2dForward(
            input: vx, weight: vw, bias: b.map { self[$0] }, relu: relu,
            geometry: geometry)
        let inputs = b.map { [x, w, $0] } ?? [x, w]
        return record(y, inputs: inputs) { tape, g in
            let grads = Tensor.conv2dBackward(
                outputGradient: g, output: relu ? y : nil, weight: vw, columns: columns,
                geometry: geometry, wantInput: tape.needsGradient(x))
            tape.accumulate(grads.weight, into: w)
            if let b { tape.accumulate(grads.bias, into: b) }
            if let dx = grads.input { tape.accumulate(dx, into: x) }
        }
    }

    /// Max pooling over `size` x `size` windows (stride `size`) of x [N, C, H, W].
    public func maxPool2d(_ x: Variable, size: Int) -> Variable {
        let shape = self[x].shape
        let (y, argmax) = Tensor.maxPool2dForward(self[x], size: size)
        return record(y, inputs: [x]) { tape, g in
            tape.accumulate(Tensor.maxPool2dBackward(g, argmax: argmax, inputShape: shape), into: x)
        }
    }

    /// Average pooling over `size` x `size` windows (stride `size`) of x [N, C, H, W].
    public func avgPool2d(_ x: Variable, size: Int) -> Variable {
        let shape = self[x].shape
        return record(Tensor.avgPool2dForward(self[x], size: size), inputs: [x]) { tape, g in
            tape.accumulate(Tensor.avgPool2dBackward(g, size: size, inputShape: shape), into: x)
        }
    }
}
